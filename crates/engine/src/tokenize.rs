//! spaCy 3.8's English tokenizer (`en_core_web_sm` 3.8.0 rules) and the per-token lexical
//! attributes the model embeds (NORM, PREFIX, SUFFIX, SHAPE as spaCy string ids; SPACY; IS_SPACE).
//! Specification: `../shared/spacy-port/tokenizer/SPEC.md`.

use serde::Serialize;

use crate::span::Span;

/// The attribute ids one token feeds to the networks (`doc.to_array([...])` in spaCy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Features {
    pub norm: u64,
    pub prefix: u64,
    pub suffix: u64,
    pub shape: u64,
    /// The token is followed by a single space (`whitespace_ == " "`).
    pub spacy: bool,
    /// Every character of the token is (Python) whitespace.
    pub is_space: bool,
}

/// One token: where it is, and what the model sees of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub span: Span,
    pub features: Features,
}

/// The tokenizer, with its rules compiled. Build once, reuse for every text.
#[derive(Debug)]
pub struct Tokenizer {}

impl Tokenizer {
    /// Compiles the embedded rules.
    pub fn new() -> Self {
        Self {}
    }

    /// Splits `text` into spaCy's tokens.
    pub fn tokenize(&self, _text: &str) -> Vec<Token> {
        Vec::new()
    }
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}
