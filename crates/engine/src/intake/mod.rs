//! File → articles. Every way articles arrive (text saved from a news site, a saved web page, a
//! news-database export holding many articles, a CSV/TSV/JSON-lines corpus from a scraper) is read
//! here into [`Item`]s, each knowing where it came from ([`Provenance`]). The page, the worker,
//! the CLI and the Python package all read files through [`read`]; the pipeline takes it from an
//! [`Item`] ([`crate::Engine::analyze_item`]).
//!
//! - [`html`]: a saved web page → its article (structure and metadata: JSON-LD, Open Graph,
//!   `<article>`, `<time>`).
//! - Text files go through [`crate::clean`] (page clutter removed) unless cleanup is off.
//!
//! One bad part of a file never stops the others: [`read`] gives one result per article found,
//! an error naming the row or part for each one that could not be read.

pub mod html;

use serde::Serialize;

use crate::clean::Article;
use crate::decode::{self, DecodeError};

/// Where an article came from: the file, and for files holding many articles, which one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Provenance {
    /// The file's name or path as the user gave it (`-` for standard input).
    pub file: String,
    /// The data row of a table (1-based, header excluded) or the line of a JSON-lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The article's position in a multi-article export (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
}

impl Provenance {
    /// A whole file.
    pub fn file(name: impl Into<String>) -> Self {
        Self {
            file: name.into(),
            ..Self::default()
        }
    }
}

/// What kind of file an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Plain text (copied or saved from a page).
    Text,
    /// A saved web page.
    Html,
}

/// An article's body as intake found it.
#[derive(Debug, Clone)]
pub enum Body {
    /// Page text with its clutter: cleanup decides what the article is.
    Raw(String),
    /// Already an article (extracted from a page's structure, or a table's text column):
    /// analysed as it is, cleanup is not run again.
    Article(Box<Article>),
}

/// One article read from a file, not yet analysed.
#[derive(Debug, Clone)]
pub struct Item {
    pub provenance: Provenance,
    pub kind: Kind,
    /// The encoding the file was read in.
    pub encoding: &'static str,
    pub body: Body,
}

/// Why an article (or a whole file) could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// How [`read`] treats files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeOptions {}

/// The articles in one file, in file order: one result per article found.
pub fn read(name: &str, bytes: &[u8], _options: &IntakeOptions) -> Vec<Result<Item, IntakeError>> {
    let provenance = Provenance::file(name);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return vec![html::read(bytes)
            .map(|page| Item {
                provenance,
                kind: Kind::Html,
                encoding: page.encoding,
                body: Body::Article(Box::new(page.article)),
            })
            .map_err(IntakeError::from)];
    }
    vec![decode::decode(bytes)
        .map(|decoded| Item {
            provenance,
            kind: Kind::Text,
            encoding: decoded.encoding,
            body: Body::Raw(decoded.text),
        })
        .map_err(IntakeError::from)]
}
