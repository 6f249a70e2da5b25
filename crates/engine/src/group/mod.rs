//! refine → **group**: mentions become entities and the articles a corpus.
//!
//! One name per entity within and across articles (surnames join full names, spelling and
//! transliteration variants, acronyms defined in the text, `US` / `the United States`), with a
//! stable id, canonical name, label, aliases and counts; then the corpus views built on them:
//! co-occurrence network, timeline (dates resolved against the publication date), contexts.

use serde::Serialize;

use crate::pipeline::Document;
use crate::recognize::Label;

/// One article of the corpus: its name (file path or id) and the engine's result.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub name: &'a str,
    pub document: &'a Document,
}

/// An entity of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorpusEntity {
    /// Stable id: the same corpus gives the same ids.
    pub id: String,
    /// Canonical name.
    pub name: String,
    pub label: Label,
    /// Every distinct surface form, canonical name first.
    pub aliases: Vec<String>,
    /// Mentions in the corpus.
    pub mentions: usize,
    /// Articles mentioning it.
    pub documents: usize,
}

/// Mentions grouped into entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grouping {
    pub entities: Vec<CorpusEntity>,
    /// `links[d][m]`: the index in `entities` of mention `m` of document `d`; `None` for a
    /// mention without a refined label.
    pub links: Vec<Vec<Option<usize>>>,
}

/// Groups the refined mentions of `docs`.
pub fn group(docs: &[Doc<'_>]) -> Grouping {
    let _ = docs;
    Grouping::default()
}

/// Which stretch of text makes two entities co-occur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Sentence,
    Paragraph,
    Article,
}

/// An edge of the co-occurrence network: `source < target` are indices into
/// [`Grouping::entities`]; `weight` counts the stretches where both occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub source: usize,
    pub target: usize,
    pub weight: usize,
}

/// The co-occurrence network of a grouping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Network {
    pub scope: Scope,
    /// Indices into [`Grouping::entities`] of the entities that have at least one edge.
    pub nodes: Vec<usize>,
    pub edges: Vec<Edge>,
}

/// The co-occurrence network of `grouping` over `docs` at `scope`.
pub fn network(docs: &[Doc<'_>], grouping: &Grouping, scope: Scope) -> Network {
    let _ = (docs, grouping);
    Network {
        scope,
        ..Network::default()
    }
}
