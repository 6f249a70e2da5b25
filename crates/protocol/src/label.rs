//! The entity vocabulary of the messages: [`Label`], [`Change`], [`Rule`], [`EntityMode`] (the
//! engine's own types, from `entity-lens-vocab`, which the page links without the engine), and
//! [`ByMode`].

use serde::{Deserialize, Serialize};

pub use entity_lens_vocab::{Change, EntityMode, Label, Rule};

/// One value per [`EntityMode`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByMode<T> {
    pub refined: T,
    pub raw: T,
}

impl<T> ByMode<T> {
    /// The value for `mode`.
    pub fn get(&self, mode: EntityMode) -> &T {
        match mode {
            EntityMode::Refined => &self.refined,
            EntityMode::Raw => &self.raw,
        }
    }
}
