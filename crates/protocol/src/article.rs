//! One analyzed article as the page renders it: [`ArticleView`].

use serde::{Deserialize, Serialize};

use crate::intake::{Provenance, SourceKind};
use crate::label::{ByMode, Change, EntityMode, Label, Rule};

/// A half-open stretch of an article's text, in UTF-8 bytes (to slice `ArticleView::text` in
/// Rust) and in code points (spaCy's offsets, used by exports). Same JSON shape as the engine's
/// `Span`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub byte: std::ops::Range<usize>,
    pub char: std::ops::Range<usize>,
}

/// An analyzed article, ready to render in either [`EntityMode`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    /// Where the article came from: its file, and its row or part in a file of several.
    #[serde(default)]
    pub provenance: Provenance,
    /// What kind of file it was read from.
    #[serde(default)]
    pub kind: SourceKind,
    /// The encoding the file was read in (WHATWG name).
    pub encoding: String,
    pub title: Option<String>,
    /// Publication date, ISO 8601, when the article states one.
    pub date: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    /// The clean body (what recognition ran on).
    pub text: String,
    /// Body paragraphs: spans of `text`, in order, non-empty.
    pub paragraphs: Vec<Span>,
    /// Every mention, refined and raw, sorted by start (the engine's `Document::mentions`).
    pub mentions: Vec<MentionView>,
    /// The article's entities by label, for each mode.
    pub groups: ByMode<Vec<LabelGroup>>,
    /// Whitespace-separated words in the body.
    pub words: usize,
}

/// One mention: its span, its refined and spaCy labels, and the sentence it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionView {
    /// Index in the engine's `Document::mentions` (the `data-mention` attribute; the corpus
    /// answers refer to mentions by it). Equal to the index in [`ArticleView::mentions`] unless
    /// a mention with a span outside the text was left out.
    pub id: usize,
    pub span: Span,
    /// The refined label; `None` when refinement removed the mention.
    pub label: Option<Label>,
    /// spaCy's label; `None` when refinement added the mention.
    pub raw_label: Option<Label>,
    pub change: Change,
    pub rule: Option<Rule>,
    /// Index of the parser's sentence that holds the mention's start.
    pub sentence: Option<usize>,
}

impl MentionView {
    /// The label `mode` shows (none: the mention is not in that view).
    pub fn label_in(&self, mode: EntityMode) -> Option<Label> {
        match mode {
            EntityMode::Refined => self.label,
            EntityMode::Raw => self.raw_label,
        }
    }
}

/// The entities of one label in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelGroup {
    pub label: Label,
    /// Mentions of this label in the article.
    pub mentions: usize,
    /// Distinct entities, most mentioned first, then by first appearance.
    pub entities: Vec<EntityEntry>,
}

/// One distinct entity of an article and where it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityEntry {
    pub text: String,
    /// [`MentionView::id`]s of its mentions, in document order.
    pub mentions: Vec<usize>,
}

/// A run of a paragraph as the page renders it in one mode: plain text or one mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Mention {
        mention: &'a MentionView,
        label: Label,
        text: &'a str,
    },
}

impl ArticleView {
    /// Mentions in the view of `mode`.
    pub fn mentions_in(&self, mode: EntityMode) -> impl Iterator<Item = (&MentionView, Label)> {
        self.mentions
            .iter()
            .filter_map(move |m| Some((m, m.label_in(mode)?)))
    }

    /// Paragraph `p` cut into text and the mentions of `mode`. A mention that overlaps an
    /// earlier one of the same view, or whose span does not slice the text, is shown as text;
    /// one crossing the paragraph's edge is clipped to it.
    pub fn pieces(&self, p: &Span, mode: EntityMode) -> Vec<Piece<'_>> {
        self.pieces_in(p.byte.clone(), mode, usize::MAX)
    }

    /// The byte length of the longest mention (for [`ArticleView::pieces_in`]).
    pub fn longest_mention(&self) -> usize {
        self.mentions
            .iter()
            .map(|m| m.span.byte.len())
            .max()
            .unwrap_or(0)
    }

    /// The index of the first mention that may reach byte `at` or beyond, when no mention is
    /// longer than `longest` bytes (mentions are sorted by start): a binary search, so that a
    /// long article's paragraphs are cut without a pass over every earlier mention.
    pub fn first_mention_reaching(&self, at: usize, longest: usize) -> usize {
        self.mentions
            .partition_point(|m| m.span.byte.start.saturating_add(longest) <= at)
    }

    /// [`ArticleView::pieces`] of the byte range `range` (a paragraph or a stretch of one),
    /// `longest` being at least [`ArticleView::longest_mention`].
    pub fn pieces_in(
        &self,
        range: std::ops::Range<usize>,
        mode: EntityMode,
        longest: usize,
    ) -> Vec<Piece<'_>> {
        let p = Span {
            byte: range,
            char: 0..0,
        };
        let text = self.text.as_str();
        let mut pieces = Vec::new();
        let mut at = p.byte.start;
        fn push_text<'a>(pieces: &mut Vec<Piece<'a>>, text: &'a str, from: usize, to: usize) {
            if let Some(s) = text.get(from..to).filter(|s| !s.is_empty()) {
                pieces.push(Piece::Text(s));
            }
        }
        // Mentions are sorted by start.
        let first = self.first_mention_reaching(p.byte.start, longest);
        for m in self.mentions.get(first..).unwrap_or_default() {
            if m.span.byte.start >= p.byte.end {
                break;
            }
            if m.span.byte.end <= p.byte.start {
                continue;
            }
            let Some(label) = m.label_in(mode) else {
                continue;
            };
            let start = m.span.byte.start.max(p.byte.start);
            let end = m.span.byte.end.min(p.byte.end);
            if start < at || end <= start {
                continue;
            }
            let Some(part) = text.get(start..end) else {
                continue;
            };
            push_text(&mut pieces, text, at, start);
            pieces.push(Piece::Mention {
                mention: m,
                label,
                text: part,
            });
            at = end;
        }
        push_text(&mut pieces, text, at, p.byte.end);
        pieces
    }
}
