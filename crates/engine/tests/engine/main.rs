//! Integration tests of the engine, one module per theme.

mod clean;
mod decode;
mod pipeline;
mod recognize;
mod tokenize;
