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

pub mod case;
mod consistency;
pub mod gazetteer;
mod knowledge;
mod repair;
mod words;

use serde::Serialize;

use crate::clean::Article;
use crate::pipeline::{Analysis, Entity};
use crate::recognize::Label;
use crate::span::Span;
use gazetteer::Gazetteer;

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

/// What refinement did to a mention, and why.
pub use entity_lens_vocab::{Change, Rule};

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

/// What refinement reads: the article (its text, paragraphs, metadata), the recognizer's
/// analysis of its text and the knowledge it may use.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub article: &'a Article,
    pub analysis: &'a Analysis,
    pub gazetteer: &'a Gazetteer,
    /// Parts of the text recognized again on their own (lines an entity crossed, shouted
    /// sentences in ordinary case); their entities replace the recognizer's there.
    pub recased: &'a [Recased],
}

/// A part of the text recognized again on its own, and the entities found there: a line that
/// an entity of the whole text crossed into ([`Rule::Structure`]), or a shouted sentence
/// written in ordinary case ([`Rule::Case`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Recased {
    pub sentence: Span,
    /// Why it was recognized again.
    pub rule: Rule,
    pub ents: Vec<Entity>,
    /// The recognizer's confidence in each of `ents`.
    pub confidence: Vec<f32>,
}

/// Refines the analysis of one article. Mentions come out sorted by span start; removed
/// mentions are kept (with `label: None`).
///
/// The rules run in order, each on the previous one's output:
/// 1. [`repair`]: spans trimmed to the name (leading `the`, possessive `'s`, trailing scores
///    and lowercase descriptors), following OntoNotes conventions;
/// 2. [`knowledge`]: labels of names the gazetteer knows, and unambiguous names added;
/// 3. [`consistency`]: one label per name and its partial forms in the article, decided by the
///    article's own evidence; missed repetitions of a name added.
pub fn refine(input: Input<'_>) -> Vec<Mention> {
    let doc = Doc::new(input);
    let mut removed = vec![None; input.analysis.ents.len()];
    let mut cands = doc.candidates(input.recased, &mut removed);
    repair::run(&doc, &mut cands, &mut removed);
    knowledge::run(&doc, &mut cands);
    consistency::run(&doc, &mut cands);
    doc.mentions(cands, &removed)
}

/// A mention while refining: token range over the analysis, label, and where it came from.
#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    /// First token.
    start: usize,
    /// One past the last token.
    end: usize,
    label: Label,
    /// The raw entity (index into `analysis.ents`) with exactly this span, if any.
    raw: Option<usize>,
    /// The last rule that changed it.
    rule: Option<Rule>,
    /// The recognizer's confidence in its label (a score margin); rules that add a
    /// mention give it [`ADDED_CONFIDENCE`].
    confidence: f32,
}

/// The confidence given to a mention a rule added.
const ADDED_CONFIDENCE: f32 = 1.0;

/// The article seen by the rules: text, tokens, sentences and knowledge.
struct Doc<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    gazetteer: &'a Gazetteer,
    /// `sent_start[i]`: token `i` starts a sentence.
    sent_start: Vec<bool>,
}

impl<'a> Doc<'a> {
    fn new(input: Input<'a>) -> Self {
        let tokens = &input.analysis.tokens;
        let mut sent_start = vec![false; tokens.len()];
        for sent in &input.analysis.sents {
            let i = tokens.partition_point(|t| t.byte().start < sent.byte.start);
            if let Some(s) = sent_start.get_mut(i) {
                *s = true;
            }
        }
        Self {
            text: &input.article.text,
            analysis: input.analysis,
            gazetteer: input.gazetteer,
            sent_start,
        }
    }

    fn len(&self) -> usize {
        self.analysis.tokens.len()
    }

    /// The text of token `i` (empty when out of range or not on the text).
    fn token(&self, i: usize) -> &'a str {
        self.analysis
            .tokens
            .get(i)
            .and_then(|t| self.text.get(t.byte()))
            .unwrap_or("")
    }

    /// The text from token `start` to token `end - 1`, as written.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.span(start, end)
            .and_then(|s| self.text.get(s.byte))
            .unwrap_or("")
    }

    fn span(&self, start: usize, end: usize) -> Option<Span> {
        let tokens = &self.analysis.tokens;
        let first = tokens.get(start)?;
        let last = tokens.get(end.checked_sub(1)?)?;
        (start < end).then_some(Span {
            byte: first.byte().start..last.byte().end,
            char: first.char().start..last.char().end,
        })
    }

    /// Token `i` starts a sentence (or is the first token).
    fn starts_sentence(&self, i: usize) -> bool {
        i == 0 || self.sent_start.get(i).copied().unwrap_or(false)
    }

    /// Token `i` is followed by whitespace in the text.
    fn space_after(&self, i: usize) -> bool {
        self.analysis
            .tokens
            .get(i)
            .is_some_and(|t| self.text[t.byte().end..].starts_with(char::is_whitespace))
    }

    /// The token range of a span, if the span falls on token boundaries.
    fn tokens_of(&self, span: &Span) -> Option<(usize, usize)> {
        let tokens = &self.analysis.tokens;
        let start = tokens.partition_point(|t| t.byte().start < span.byte.start);
        let end = tokens.partition_point(|t| t.byte().end <= span.byte.end);
        (start < end && self.span(start, end).as_ref() == Some(span)).then_some((start, end))
    }

    /// The raw entities as candidates, those of recased sentences replaced by the recased
    /// ones (spans that do not fall on tokens are left out).
    fn candidates(&self, recased: &[Recased], removed: &mut [Option<Rule>]) -> Vec<Candidate> {
        // The part recognized again that an entity lies in or reaches into.
        let within = |span: &Span| {
            recased.iter().find(|r| {
                r.sentence.byte.start < span.byte.end && span.byte.start < r.sentence.byte.end
            })
        };
        let mut cands = Vec::new();
        for (i, e) in self.analysis.ents.iter().enumerate() {
            if let Some(r) = within(&e.span) {
                if !r.ents.contains(e) {
                    removed[i] = Some(r.rule);
                    continue;
                }
            }
            if let Some((start, end)) = self.tokens_of(&e.span) {
                cands.push(Candidate {
                    start,
                    end,
                    label: e.label,
                    raw: Some(i),
                    rule: None,
                    confidence: self
                        .analysis
                        .confidence
                        .get(i)
                        .copied()
                        .unwrap_or(ADDED_CONFIDENCE),
                });
            }
        }
        for r in recased {
            for (e, &confidence) in r.ents.iter().zip(&r.confidence) {
                if self.analysis.ents.contains(e) {
                    continue;
                }
                if let Some((start, end)) = self.tokens_of(&e.span) {
                    cands.push(Candidate {
                        start,
                        end,
                        label: e.label,
                        raw: None,
                        rule: Some(r.rule),
                        confidence,
                    });
                }
            }
        }
        cands.sort_by_key(|c| (c.start, c.end));
        cands
    }

    /// The final mentions: every raw entity (kept, relabeled or removed) and every added span.
    fn mentions(&self, cands: Vec<Candidate>, removed: &[Option<Rule>]) -> Vec<Mention> {
        let ents = &self.analysis.ents;
        let mut by_raw: Vec<Option<&Candidate>> = vec![None; ents.len()];
        let mut out = Vec::with_capacity(ents.len() + 4);
        for c in &cands {
            match c.raw.and_then(|i| by_raw.get_mut(i)) {
                Some(slot) => *slot = Some(c),
                None => {
                    if let Some(span) = self.span(c.start, c.end) {
                        out.push(Mention {
                            span,
                            label: Some(c.label),
                            raw_label: None,
                            change: Change::Added,
                            rule: c.rule,
                        });
                    }
                }
            }
        }
        for (i, e) in ents.iter().enumerate() {
            let mention = match by_raw[i] {
                Some(c) if c.label == e.label => Mention {
                    span: e.span.clone(),
                    label: Some(e.label),
                    raw_label: Some(e.label),
                    change: Change::Kept,
                    rule: None,
                },
                Some(c) => Mention {
                    span: e.span.clone(),
                    label: Some(c.label),
                    raw_label: Some(e.label),
                    change: Change::Relabeled,
                    rule: c.rule,
                },
                None => Mention {
                    span: e.span.clone(),
                    label: None,
                    raw_label: Some(e.label),
                    change: Change::Removed,
                    rule: removed.get(i).copied().flatten().or(Some(Rule::Span)),
                },
            };
            out.push(mention);
        }
        out.sort_by_key(|m| (m.span.char.start, m.span.char.end, m.raw_label.is_none()));
        out
    }
}

/// The label a view shows: refined or spaCy's.
pub fn label_in(mention: &Mention, mode: crate::pipeline::EntityMode) -> Option<Label> {
    match mode {
        crate::pipeline::EntityMode::Raw => mention.raw_label,
        crate::pipeline::EntityMode::Refined => mention.label,
    }
}
