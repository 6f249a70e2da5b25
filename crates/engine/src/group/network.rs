//! The co-occurrence network: two entities are linked when they are mentioned in the same
//! sentence, paragraph or article; the weight counts such stretches.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Doc, Grouping};
use crate::span::Span;

/// Which stretch of text makes two entities co-occur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// A sentence of the parser (`analysis.sents`).
    #[default]
    Sentence,
    /// A paragraph of the cleaned article (`article.paragraphs`).
    Paragraph,
    /// The whole article.
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
    /// Indices into [`Grouping::entities`] of the entities that have at least one edge, sorted.
    pub nodes: Vec<usize>,
    /// Sorted by (source, target).
    pub edges: Vec<Edge>,
}

/// The co-occurrence network of `grouping` over `docs` at `scope`. A mention belongs to the
/// stretch its first character is in; an entity counts once per stretch.
pub fn network(docs: &[Doc<'_>], grouping: &Grouping, scope: Scope) -> Network {
    let mut weights: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut present: Vec<u32> = Vec::new();
    let whole: [Span; 1] = [Span {
        byte: 0..usize::MAX,
        char: 0..usize::MAX,
    }];
    for (doc, links) in docs.iter().zip(&grouping.links) {
        let stretches: &[Span] = match scope {
            Scope::Sentence => &doc.document.analysis.sents,
            Scope::Paragraph => &doc.document.article.paragraphs,
            Scope::Article => &whole,
        };
        // Linked mentions by start (mentions are sorted by start).
        let mut mentions = doc
            .document
            .mentions
            .iter()
            .zip(links)
            .filter_map(|(m, l)| l.map(|e| (m.span.char.start, e)))
            .peekable();
        for stretch in stretches {
            present.clear();
            while let Some(&(start, e)) = mentions.peek() {
                if start >= stretch.char.end {
                    break;
                }
                if start >= stretch.char.start {
                    present.push(e as u32);
                }
                mentions.next();
            }
            present.sort_unstable();
            present.dedup();
            for (i, &a) in present.iter().enumerate() {
                for &b in &present[i + 1..] {
                    *weights.entry((a, b)).or_default() += 1;
                }
            }
        }
    }
    let mut edges: Vec<Edge> = weights
        .into_iter()
        .map(|((a, b), w)| Edge {
            source: a as usize,
            target: b as usize,
            weight: w as usize,
        })
        .collect();
    edges.sort_unstable_by_key(|e| (e.source, e.target));
    Network {
        scope,
        nodes: nodes_of(&edges),
        edges,
    }
}

fn nodes_of(edges: &[Edge]) -> Vec<usize> {
    let mut nodes: Vec<usize> = edges.iter().flat_map(|e| [e.source, e.target]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

impl Network {
    /// The part of the network a view shows: edges of weight `min_weight` or more between
    /// entities `keep` accepts, the heaviest `max_edges` of them (ties: lower indices first).
    pub fn pruned(
        &self,
        min_weight: usize,
        max_edges: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Network {
        let mut edges: Vec<Edge> = self
            .edges
            .iter()
            .filter(|e| e.weight >= min_weight && keep(e.source) && keep(e.target))
            .copied()
            .collect();
        if edges.len() > max_edges {
            edges.sort_by(|a, b| {
                b.weight
                    .cmp(&a.weight)
                    .then((a.source, a.target).cmp(&(b.source, b.target)))
            });
            edges.truncate(max_edges);
            edges.sort_unstable_by_key(|e| (e.source, e.target));
        }
        Network {
            scope: self.scope,
            nodes: nodes_of(&edges),
            edges,
        }
    }
}
