//! One article as a JSON record: what `entity-lens analyze --format jsonl` prints per article and
//! what the Python package returns. Offsets are code points, end exclusive (spaCy's convention).
//!
//! Every record says where its article came from: `path` (the input as given), then `file`,
//! and for files holding many articles `row` (a table's row, a JSON line) or `part` (an
//! export's article), plus the article's own `id` and `url` when its source states them.

use serde::Serialize;

use crate::clean::RemovalReason;
use crate::intake::Provenance;
use crate::pipeline::Document;
use crate::recognize::Label;
use crate::refine::{Change, Mention, Rule};
use crate::span::Span;

/// A file that could not be analyzed: `{"path", "error"}`.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    pub path: &'a str,
    pub error: &'a str,
}

/// Where an article came from: `{"file"?, "row"?, "part"?, "id"?, "url"?}` (flattened into
/// the records). `file` is left out when it is the record's `path` and the article is the whole
/// file (no `row`, no `part`): the record of a plain file keeps the keys it always had.
#[derive(Debug, Serialize)]
pub struct ProvenanceRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
}

impl<'a> ProvenanceRecord<'a> {
    /// The record of `provenance`; an empty `file` (an article analysed from bytes alone) is
    /// `path`.
    pub fn new(path: &'a str, provenance: &'a Provenance) -> Self {
        let file = if provenance.file.is_empty() {
            path
        } else {
            &provenance.file
        };
        let whole = provenance.row.is_none() && provenance.part.is_none();
        Self {
            file: (!(whole && file == path)).then_some(file),
            row: provenance.row,
            part: provenance.part,
            id: provenance.id.as_deref(),
            url: provenance.url.as_deref(),
        }
    }
}

/// An article (or a whole input) that could not be read or analysed, with where it came from:
/// `{"path", "file", "row"?, "part"?, "error"}`.
#[derive(Debug, Serialize)]
pub struct ItemErrorRecord<'a> {
    pub path: &'a str,
    #[serde(flatten)]
    pub provenance: ProvenanceRecord<'a>,
    pub error: &'a str,
}

/// One mention: `label` is the refined label (`null` when refinement removed it), `raw_label`
/// spaCy's (`null` when refinement added it).
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    pub start: usize,
    pub end: usize,
    pub label: Option<Label>,
    pub raw_label: Option<Label>,
    pub text: &'a str,
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
}

/// `[start, end, reason]` of a stretch cut from the original.
#[derive(Debug, Serialize)]
pub struct RemovedRecord(pub usize, pub usize, pub RemovalReason);

/// The article's metadata (cleaned mode only).
#[derive(Debug, Serialize)]
pub struct ArticleRecord<'a> {
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub source: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub tags: &'a [String],
}

/// One analyzed article.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    pub path: &'a str,
    #[serde(flatten)]
    pub provenance: ProvenanceRecord<'a>,
    pub encoding: &'static str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleRecord<'a>>,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<Vec<[usize; 2]>>,
    pub sents: Vec<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<[usize; 2]>>,
    pub ents: Vec<MentionRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<RemovedRecord>>,
}

/// Which parts a record holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordOptions {
    /// The document was cleaned: include metadata, paragraphs and removed stretches.
    pub cleaned: bool,
    /// Include every token's span.
    pub tokens: bool,
}

fn chars(span: &Span) -> [usize; 2] {
    [span.char.start, span.char.end]
}

/// The text of `span` in `text` (empty if out of range).
pub fn slice<'a>(text: &'a str, span: &Span) -> &'a str {
    text.get(span.byte.clone()).unwrap_or_default()
}

impl<'a> MentionRecord<'a> {
    pub fn new(text: &'a str, m: &Mention) -> Self {
        Self {
            start: m.span.char.start,
            end: m.span.char.end,
            label: m.label,
            raw_label: m.raw_label,
            text: slice(text, &m.span),
            change: m.change,
            rule: m.rule,
        }
    }
}

impl<'a> DocumentRecord<'a> {
    pub fn new(path: &'a str, doc: &'a Document, options: RecordOptions) -> Self {
        let article = &doc.article;
        let text = article.text.as_str();
        let cleaned = options.cleaned.then_some(());
        Self {
            path,
            provenance: ProvenanceRecord::new(path, &doc.provenance),
            encoding: doc.encoding,
            article: cleaned.map(|()| ArticleRecord {
                title: article.title.as_deref(),
                date: article.date.as_deref(),
                source: article.source.as_deref(),
                dateline: article.dateline.as_deref(),
                byline: article.byline.as_deref(),
                tags: &article.tags,
            }),
            text,
            paragraphs: cleaned.map(|()| article.paragraphs.iter().map(chars).collect()),
            sents: doc.analysis.sents.iter().map(chars).collect(),
            tokens: options.tokens.then(|| {
                doc.analysis
                    .tokens
                    .iter()
                    .map(|t| chars(&t.span()))
                    .collect()
            }),
            ents: doc
                .mentions
                .iter()
                .map(|m| MentionRecord::new(text, m))
                .collect(),
            removed: cleaned.map(|()| {
                article
                    .removed
                    .iter()
                    .map(|r| RemovedRecord(r.span.char.start, r.span.char.end, r.reason))
                    .collect()
            }),
        }
    }
}
