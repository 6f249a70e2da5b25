//! File → articles. Every way articles arrive (text saved from a news site, a saved web page, a
//! news-database export holding many articles, a CSV/TSV/JSON-lines corpus from a scraper) is read
//! here into [`Item`]s, each knowing where it came from ([`Provenance`]). The page, the worker,
//! the CLI and the Python package all read files through [`read`]; the pipeline takes it from an
//! [`Item`] ([`crate::Engine::analyze_item`]).
//!
//! What a file is comes from its name and its content ([`sniff`]):
//!
//! - [`html`]: a saved web page (`.html`, `.htm`, or markup content) → its article (structure
//!   and metadata: JSON-LD, Open Graph, `<article>`, `<time>`).
//! - [`table`]: a `.csv` / `.tsv` / `.jsonl` corpus (or JSON lines under any name) → one
//!   article per row, metadata from its columns.
//! - [`exports`]: a news-database export (LexisNexis, Nexis Uni, Factiva, ProQuest) → one
//!   article per document, metadata from the export's fields.
//! - Any other text is one article, cleaned by [`crate::clean`] (page clutter removed) unless
//!   cleanup is off.
//!
//! Articles from tables and exports arrive as [`Body::Article`]: the source already separated
//! the text from everything else, so cleanup is not run on them (it could only cut short
//! paragraphs it cannot tell from page chrome); their metadata comes from the source's fields.
//!
//! ```
//! use entity_lens_engine::intake::{self, IntakeOptions};
//!
//! let csv = "id,title,text\r\n7,Talks,\"Angela Merkel met\nEmmanuel Macron.\"\r\n";
//! let items = intake::read("corpus.csv", csv.as_bytes(), &IntakeOptions::default());
//! let item = items[0].as_ref().unwrap();
//! assert_eq!(item.provenance.name(), "corpus.csv#row1");
//! assert_eq!(item.provenance.id.as_deref(), Some("7"));
//! ```
//!
//! One bad part of a file never stops the others: [`read`] gives one result per article found,
//! an error naming the row or part for each one that could not be read.

pub mod exports;
pub mod html;
pub mod table;

mod article;

use crate::clean::Article;
use crate::decode::{self, DecodeError};
use exports::{Text, LAYOUTS};
pub use table::JsonLines;

/// Where an article came from, and what kind of file it was read from.
pub use entity_lens_vocab::{Kind, Provenance};

/// An article's body as intake found it.
#[derive(Debug, Clone)]
pub enum Body {
    /// Page text with its clutter: cleanup decides what the article is.
    Raw(String),
    /// Already an article (extracted from a page's structure, an export's fields or a table's
    /// text column): analysed as it is, cleanup is not run again.
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

/// Why an article (or a whole file) could not be read. Errors about one row or part name it
/// ([`IntakeError::row`], [`IntakeError::part`]); the others are about the whole file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IntakeError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A table without a column the text could be in.
    #[error("no text column found; the columns are: {}; choose the text column", columns.join(", "))]
    NoTextColumn { columns: Vec<String> },
    /// The text column asked for is not in the table.
    #[error("no column named `{name}`; the columns are: {}", columns.join(", "))]
    UnknownColumn { name: String, columns: Vec<String> },
    /// A row whose text is empty or only white space.
    #[error("row {row}: the text (column `{column}`) is empty")]
    EmptyText { row: usize, column: String },
    /// A row without the text column (a short CSV row, a JSON object without the key).
    #[error("row {row}: no value in the text column `{column}`")]
    MissingText { row: usize, column: String },
    /// A JSON row whose text is not a string.
    #[error("row {row}: the text (key `{column}`) is {found}, not a string")]
    TextNotString {
        row: usize,
        column: String,
        found: &'static str,
    },
    /// A line of a JSON-lines file that is not a JSON object.
    #[error("row {row}: not valid JSON: {message}")]
    Json { row: usize, message: String },
    /// A malformed CSV/TSV row (or header, when `row` is `None`).
    #[error("{}{message}", row.map(|r| format!("row {r}: ")).unwrap_or_default())]
    Table { row: Option<usize>, message: String },
    /// An article of an export that has its fields but no text.
    #[error("article {part} of the export has no text")]
    EmptyPart { part: usize },
    /// A file with no article in it at all (a table with a header and no rows).
    #[error("no articles in the file (a header but no rows?)")]
    NoArticles,
}

impl IntakeError {
    /// The table row (or JSON line) the error is about.
    pub fn row(&self) -> Option<usize> {
        match self {
            Self::EmptyText { row, .. }
            | Self::MissingText { row, .. }
            | Self::TextNotString { row, .. }
            | Self::Json { row, .. } => Some(*row),
            Self::Table { row, .. } => *row,
            _ => None,
        }
    }

    /// The export article the error is about.
    pub fn part(&self) -> Option<usize> {
        match self {
            Self::EmptyPart { part } => Some(*part),
            _ => None,
        }
    }

    /// Where the failed article came from, in file `file`.
    pub fn provenance(&self, file: &str) -> Provenance {
        Provenance {
            file: file.to_owned(),
            row: self.row(),
            part: self.part(),
            ..Provenance::default()
        }
    }
}

/// How [`read`] treats files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntakeOptions {
    /// The text column of tables (any case); by default the first column named like a text
    /// ([`table::TEXT_NAMES`]).
    pub text_column: Option<String>,
}

/// What a file holds, from its name and its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Html,
    Csv,
    Tsv,
    JsonLines,
    /// Text: an export when a layout matches its content, else one article.
    Text,
}

/// What `name` with `bytes` holds: the extension first (`.html`/`.htm`/`.xhtml`, `.csv`,
/// `.tsv`/`.tab`, `.jsonl`/`.ndjson`), then the content (markup opening with `<!DOCTYPE html`
/// or `<html`, or JSON objects one per line, under any name). Exports are recognized later,
/// on the decoded text.
pub fn sniff(name: &str, bytes: &[u8]) -> Sniffed {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" | "xhtml" => return Sniffed::Html,
        "csv" => return Sniffed::Csv,
        "tsv" | "tab" => return Sniffed::Tsv,
        "jsonl" | "ndjson" => return Sniffed::JsonLines,
        _ => {}
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
    let head = String::from_utf8_lossy(head);
    let start = head
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Sniffed::Html;
    }
    if start.starts_with('{') && table::looks_like_json_lines(&head) {
        return Sniffed::JsonLines;
    }
    Sniffed::Text
}

/// The articles in one file, in file order: one result per article found.
pub fn read(name: &str, bytes: &[u8], options: &IntakeOptions) -> Vec<Result<Item, IntakeError>> {
    items(name, bytes, options).collect()
}

/// [`read`], one article at a time: tables are parsed row by row as the iterator is advanced,
/// so only the file's text and one article are held at once.
pub fn items(
    name: &str,
    bytes: &[u8],
    options: &IntakeOptions,
) -> Box<dyn Iterator<Item = Result<Item, IntakeError>> + Send> {
    // A file always gives at least one result: nothing found is said, never silent.
    let mut found = found_items(name, bytes, options).peekable();
    if found.peek().is_none() {
        return Box::new(std::iter::once(Err(IntakeError::NoArticles)));
    }
    Box::new(found)
}

fn found_items(
    name: &str,
    bytes: &[u8],
    options: &IntakeOptions,
) -> Box<dyn Iterator<Item = Result<Item, IntakeError>> + Send> {
    let sniffed = sniff(name, bytes);
    if sniffed == Sniffed::Html {
        let provenance = Provenance::file(name);
        let item = html::read(bytes)
            .map(|page| Item {
                provenance: Provenance {
                    url: page.url,
                    ..provenance
                },
                kind: Kind::Html,
                encoding: page.encoding,
                body: Body::Article(Box::new(page.article)),
            })
            .map_err(IntakeError::from);
        return Box::new(std::iter::once(item));
    }
    let decoded = match decode::decode(bytes) {
        Ok(decoded) => decoded,
        Err(err) => return Box::new(std::iter::once(Err(err.into()))),
    };
    match sniffed {
        Sniffed::Csv | Sniffed::Tsv => {
            let kind = if sniffed == Sniffed::Csv {
                Kind::Csv
            } else {
                Kind::Tsv
            };
            Box::new(table::CsvRows::new(
                name,
                kind,
                decoded.encoding,
                decoded.text,
                options,
            ))
        }
        Sniffed::JsonLines => Box::new(table::JsonRows::new(
            name,
            decoded.encoding,
            decoded.text,
            options,
        )),
        Sniffed::Html | Sniffed::Text => text(name, decoded.encoding, decoded.text),
    }
}

/// A text file: the articles of an export, or the whole text as one raw article.
fn text(
    name: &str,
    encoding: &'static str,
    text: String,
) -> Box<dyn Iterator<Item = Result<Item, IntakeError>> + Send> {
    let lines = article::lines(&text);
    let found = {
        let view = Text {
            text: &text,
            lines: &lines,
        };
        LAYOUTS
            .iter()
            .find_map(|layout| layout.split(&view).map(|parts| (layout.kind(), parts)))
    };
    let Some((kind, parts)) = found else {
        return Box::new(std::iter::once(Ok(Item {
            provenance: Provenance::file(name),
            kind: Kind::Text,
            encoding,
            body: Body::Raw(text),
        })));
    };
    let file = name.to_owned();
    let mut cursor = article::Cursor::default();
    let mut parts = parts.into_iter().enumerate();
    Box::new(std::iter::from_fn(move || {
        let (n, part) = parts.next()?;
        Some(match part {
            Err(part) => Err(IntakeError::EmptyPart { part }),
            Ok(part) => Ok(Item {
                provenance: Provenance {
                    file: file.clone(),
                    row: None,
                    part: Some(n + 1),
                    id: part.id,
                    url: part.url,
                },
                kind,
                encoding,
                body: Body::Article(Box::new(article::build(
                    &text,
                    &part.body,
                    part.meta,
                    &mut cursor,
                ))),
            }),
        })
    }))
}
