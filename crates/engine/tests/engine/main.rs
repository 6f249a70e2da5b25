//! Integration tests of the engine, one module per theme.

mod chunk;
mod clean;
mod clean_metadata;
mod clean_tools;
mod decode;
mod golden;
mod group;
mod html;
mod intake;
mod pipeline;
mod recognize;
mod refine;
mod tokenize;
