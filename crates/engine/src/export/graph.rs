//! What the two network formats ([`graphml`](super::graphml), [`gexf`](super::gexf)) share: the
//! scope's name, the entity behind a node, and a node's attribute values.

use super::{Corpus, ExportError};
use crate::group::{CorpusEntity, Scope};

/// The name of a co-occurrence scope, as the exports write it.
pub(crate) fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Sentence => "sentence",
        Scope::Paragraph => "paragraph",
        Scope::Article => "article",
    }
}

/// The entity at `index`, or an error naming the inconsistency.
pub(crate) fn entity<'a>(
    corpus: &Corpus<'a>,
    index: usize,
) -> Result<&'a CorpusEntity, ExportError> {
    corpus
        .grouping
        .entities
        .get(index)
        .ok_or(ExportError::UnknownEntity {
            index,
            count: corpus.grouping.entities.len(),
        })
}

/// A node's attribute values, in the order both formats declare them: name, label, aliases
/// (joined by `|`), mentions, documents.
pub(crate) fn node_values(e: &CorpusEntity) -> [String; 5] {
    [
        e.name.clone(),
        e.label.as_str().to_owned(),
        e.aliases.join("|"),
        e.mentions.to_string(),
        e.documents.to_string(),
    ]
}
