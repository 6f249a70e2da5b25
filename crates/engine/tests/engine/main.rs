//! Integration tests of the engine, one module per theme.

mod recognize;
