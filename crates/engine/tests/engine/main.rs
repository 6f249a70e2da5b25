//! Integration tests of the engine, one module per theme.

mod clean;
mod clean_metadata;
mod clean_tools;
mod decode;
mod golden;
mod group;
mod pipeline;
mod recognize;
mod refine;
mod tokenize;
