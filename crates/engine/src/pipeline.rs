//! The stages tied together: [`Engine`] turns text into tokens, sentences and entities.

use serde::Serialize;

use crate::model::{Model, ModelError};
use crate::recognize::Label;
use crate::span::Span;
use crate::tokenize::{Token, Tokenizer};

/// A recognized entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub span: Span,
    pub label: Label,
}

/// What the recognizer found in one text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sents: Vec<Span>,
    pub ents: Vec<Entity>,
}

/// Tokenizer plus model, loaded once.
#[derive(Debug)]
pub struct Engine {
    #[allow(dead_code)]
    tokenizer: Tokenizer,
    #[allow(dead_code)]
    model: Model,
}

impl Engine {
    /// Loads the engine from a model artifact's bytes.
    pub fn new(model: &[u8]) -> Result<Self, ModelError> {
        Ok(Self {
            tokenizer: Tokenizer::new(),
            model: Model::from_bytes(model)?,
        })
    }
}
