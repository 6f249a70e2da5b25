//! # Entity Lens engine
//!
//! Pure Rust, no I/O: bytes in, values out. The same code runs natively (the CLI) and as
//! WebAssembly (the page's worker). The stages, in pipeline order:
//!
//! 1. [`decode`]: file bytes → text (UTF-8/UTF-16 BOM, legacy single-byte encodings; binary refused).
//! 2. [`clean`]: raw page text → article (title, date, source, body paragraphs; page clutter removed).
//! 3. [`tokenize`]: spaCy's English tokenizer and the lexical attributes the model embeds.
//! 4. [`encode`]: tok2vec (hash embeddings + maxout window CNN), shared and NER-own.
//! 5. [`parse`]: the arc-eager parser; only its sentence starts are kept.
//! 6. [`recognize`]: the BILUO transition-based NER over the 18 OntoNotes labels.
//!
//! [`model`] reads the versioned weight artifact; [`span`] holds the offset contract;
//! [`pipeline`] ties the stages together behind [`Engine`].
#![forbid(unsafe_code)]

pub mod clean;
pub mod decode;
pub mod encode;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod recognize;
pub mod span;
pub mod tokenize;

pub use pipeline::{Analysis, Engine, Entity};
pub use span::Span;
