//! Integration tests of the engine, one module per theme.

mod clean;
mod decode;
mod golden;
mod group;
mod intake;
mod pipeline;
mod recognize;
mod refine;
mod tokenize;
