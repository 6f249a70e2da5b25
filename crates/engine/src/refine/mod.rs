//! recognize → **refine**: the recognizer's entities made trustworthy, with spaCy's own output
//! kept beside every change.
//!
//! The recognizer reproduces `en_core_web_sm` exactly; refinement corrects what a reader sees
//! at once on real news (countries as PERSON, one name with two labels in one article, spans cut
//! or glued by the model). Every [`Mention`] carries both labels: [`Mention::label`] (refined)
//! and [`Mention::raw_label`] (spaCy's). A span that refinement removed keeps its raw label and
//! has no refined one; a span it added has no raw label. So the raw view is every mention with a
//! `raw_label`, the refined view every mention with a `label`, and nothing is lost.
//!
//! [`unrefined`] turns raw entities into mentions unchanged (`--entities raw`); [`refine`] runs
//! the rules.

pub mod gazetteer;

use serde::Serialize;

use crate::clean::Article;
use crate::pipeline::{Analysis, Entity};
use crate::recognize::Label;
use crate::span::Span;

/// One entity mention, refined and raw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Where it is in the article text.
    pub span: Span,
    /// The refined label; `None` when refinement removed the mention.
    pub label: Option<Label>,
    /// spaCy's label for exactly this span; `None` when refinement added the mention.
    pub raw_label: Option<Label>,
    /// What refinement did.
    pub change: Change,
    /// The rule that made the change (`None` when [`Change::Kept`]).
    pub rule: Option<Rule>,
}

/// What refinement did to a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// As spaCy gave it.
    Kept,
    /// Same span, another label.
    Relabeled,
    /// A span spaCy did not give (a new entity, or a repaired span).
    Added,
    /// A span spaCy gave that refinement dropped (not an entity, or replaced by a repair).
    Removed,
}

/// Why refinement changed a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The span crossed a line or paragraph break.
    Structure,
    /// One label per name in the article, decided by the article's evidence.
    Consistency,
    /// A name whose type is not in doubt (the gazetteer).
    Knowledge,
    /// A span split or glued by the model, repaired.
    Span,
}

impl Mention {
    /// The mention in the refined view (it has a refined label).
    pub fn is_refined(&self) -> bool {
        self.label.is_some()
    }

    /// The mention in spaCy's view (it has a raw label).
    pub fn is_raw(&self) -> bool {
        self.raw_label.is_some()
    }
}

/// spaCy's entities as mentions, unchanged (`--entities raw`).
pub fn unrefined(ents: &[Entity]) -> Vec<Mention> {
    ents.iter()
        .map(|e| Mention {
            span: e.span.clone(),
            label: Some(e.label),
            raw_label: Some(e.label),
            change: Change::Kept,
            rule: None,
        })
        .collect()
}

/// What refinement reads: the article (its text, paragraphs, metadata) and the recognizer's
/// analysis of its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub article: &'a Article,
    pub analysis: &'a Analysis,
}

/// Refines the analysis of one article. Mentions come out sorted by span start; removed
/// mentions are kept (with `label: None`).
pub fn refine(input: Input<'_>) -> Vec<Mention> {
    // The rules land here (issue: entities a researcher can trust).
    unrefined(&input.analysis.ents)
}

/// The label a view shows: refined or spaCy's.
pub fn label_in(mention: &Mention, mode: crate::pipeline::EntityMode) -> Option<Label> {
    match mode {
        crate::pipeline::EntityMode::Raw => mention.raw_label,
        crate::pipeline::EntityMode::Refined => mention.label,
    }
}
