//! # Entity Lens engine
//!
//! Pure Rust, no I/O: bytes in, values out. The same code runs natively (the CLI) and as
//! WebAssembly (the page's worker). The stages, in pipeline order:
//!
//! 0. [`intake`]: a file → its articles (text, saved web page, multi-article export, table),
//!    each with its provenance.
//! 1. [`decode`]: file bytes → text (UTF-8/UTF-16 BOM, legacy single-byte encodings; binary refused).
//! 2. [`clean`]: raw page text → article (title, date, source, body paragraphs; page clutter removed).
//! 3. [`tokenize`]: spaCy's English tokenizer and the lexical attributes the model embeds.
//! 4. [`encode`]: tok2vec (hash embeddings + maxout window CNN), shared and NER-own.
//! 5. [`parse`]: the arc-eager parser; only its sentence starts are kept.
//! 6. [`recognize`]: the BILUO transition-based NER over the 18 OntoNotes labels.
//! 7. [`refine`]: the recognizer's entities corrected (structure, document consistency,
//!    knowledge), spaCy's label kept beside each one.
//! 8. [`group`]: mentions become entities across the corpus; network, timeline, contexts.
//! 9. [`export`]: the corpus written for other tools (JSON lines, CSV, GEXF, brat, ...).
//!
//! [`model`] reads the versioned weight artifact; [`span`] holds the offset contract;
//! [`pipeline`] ties the stages together behind [`Engine`].
#![forbid(unsafe_code)]
// The module docs name the private functions that implement each stage, for whoever changes
// them; `cargo doc --document-private-items` resolves those links.
#![allow(rustdoc::private_intra_doc_links)]

pub mod chunk;
pub mod clean;
pub mod decode;
pub mod encode;
pub mod export;
pub mod group;
pub mod intake;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod recognize;
pub mod refine;
pub mod span;
pub mod tokenize;

pub use pipeline::{Analysis, Document, Engine, Entity, EntityMode, Options, MAX_TEXT_BYTES};
pub use span::Span;
