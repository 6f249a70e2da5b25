//! Raw page text → article: headline, date, source, dateline, byline, body; clutter removed.

use serde::Serialize;

use crate::span::{OffsetMap, Span};

/// Why a stretch of the original was left out of the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RemovalReason {
    /// Page chrome: navigation, widgets, share buttons, comment forms, ads.
    Boilerplate,
}

/// A stretch of the decoded original that is not part of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Offsets into the decoded original text.
    pub span: Span,
    pub reason: RemovalReason,
}

/// A cleaned article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`), when the text states one.
    pub date: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    /// The clean body: what recognition runs on.
    pub text: String,
    /// Body paragraphs, offsets into `text`.
    pub paragraphs: Vec<Span>,
    /// What was cut from the original, and why.
    pub removed: Vec<Removed>,
}

/// Cleans decoded page text into an article.
pub fn clean(text: &str) -> Article {
    let map = OffsetMap::new(text);
    Article {
        text: text.to_owned(),
        paragraphs: vec![map.span(0..map.char_len())],
        ..Article::default()
    }
}
