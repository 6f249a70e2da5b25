//! Integration tests of the engine, one module per theme.

mod chunk;
mod clean;
mod decode;
mod golden;
mod group;
mod html;
mod pipeline;
mod recognize;
mod refine;
mod tokenize;
