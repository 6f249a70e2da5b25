//! group → **export**: the corpus written for other tools. [`json`] is the per-article record
//! the CLI prints and the Python package returns.

pub mod json;
