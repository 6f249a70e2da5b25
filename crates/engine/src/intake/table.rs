//! Tabular corpora: a `.csv` / `.tsv` file or JSON lines (`.jsonl`, `.ndjson`), one article per
//! row.
//!
//! The text column is the one the caller names ([`IntakeOptions::text_column`], any case), else
//! the first column whose name is one of [`TEXT_NAMES`] (case, spaces, `_` and `-` ignored).
//! Optional columns give the article's metadata: title, date, source, author (the byline), url
//! and id (both in [`Provenance`]). A row's text is taken as an article as it is (cleanup is not
//! run: a scraper's text has no page chrome, and cleanup could cut short paragraphs it cannot
//! tell from chrome); the columns are its metadata.
//!
//! A row whose text is empty, missing or not a string is an error naming the row; a table
//! without a text column is one error listing the columns, so that the caller can choose one.
//! CSV: RFC 4180 (quoted fields may hold line breaks and doubled quotes), any line ending, a
//! byte-order mark, `,` or (when the header has no comma but semicolons, as spreadsheets in some
//! locales write) `;`. Rows count from 1, the header excluded; JSON lines count lines from 1
//! (blank lines are skipped but counted).

use std::io::Cursor as IoCursor;

use serde_json::{Map, Value};

use super::article::{self, Cursor, Meta};
use super::{Body, IntakeError, IntakeOptions, Item, Kind, Provenance};

/// Text column names, in order of preference (normalized: lower case, letters and digits only).
pub const TEXT_NAMES: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "fulltext",
    "articletext",
    "bodytext",
    "maintext",
    "articlebody",
    "story",
    "document",
];
const TITLE_NAMES: &[&str] = &["title", "headline", "heading", "hd"];
const DATE_NAMES: &[&str] = &[
    "date",
    "published",
    "publishdate",
    "publisheddate",
    "publicationdate",
    "pubdate",
    "datepublished",
    "publishedat",
    "datetime",
    "timestamp",
    "time",
    "created",
    "createdat",
];
const SOURCE_NAMES: &[&str] = &[
    "source",
    "publication",
    "publisher",
    "outlet",
    "newspaper",
    "sitename",
    "site",
    "medium",
    "media",
    "domain",
];
const AUTHOR_NAMES: &[&str] = &["author", "authors", "byline", "by", "creator", "writer"];
const URL_NAMES: &[&str] = &["url", "link", "uri", "href", "articleurl", "sourceurl"];
const ID_NAMES: &[&str] = &[
    "id",
    "docid",
    "documentid",
    "articleid",
    "uid",
    "uuid",
    "guid",
    "identifier",
    "key",
];

fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column holds what.
#[derive(Debug, Clone, Default)]
struct Columns {
    text: String,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    author: Option<String>,
    url: Option<String>,
    id: Option<String>,
}

fn find<'a>(names: &'a [String], wanted: &[&str]) -> Option<&'a String> {
    wanted
        .iter()
        .find_map(|w| names.iter().find(|n| norm(n) == *w))
}

impl Columns {
    fn of(names: &[String], options: &IntakeOptions) -> Result<Self, IntakeError> {
        let text = match &options.text_column {
            Some(chosen) => names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(chosen.trim()))
                .or_else(|| names.iter().find(|n| norm(n) == norm(chosen)))
                .ok_or_else(|| IntakeError::UnknownColumn {
                    name: chosen.clone(),
                    columns: names.to_vec(),
                })?,
            None => find(names, TEXT_NAMES).ok_or_else(|| IntakeError::NoTextColumn {
                columns: names.to_vec(),
            })?,
        };
        Ok(Self::around(names, text))
    }

    /// The metadata columns of `names` around the text column `text`.
    fn around(names: &[String], text: &str) -> Self {
        let other = |wanted: &[&str]| find(names, wanted).filter(|n| *n != text).cloned();
        Self {
            text: text.to_owned(),
            title: other(TITLE_NAMES),
            date: other(DATE_NAMES),
            source: other(SOURCE_NAMES),
            author: other(AUTHOR_NAMES),
            url: other(URL_NAMES),
            id: other(ID_NAMES),
        }
    }
}

/// One row's cells as strings, looked up by column name.
trait Row {
    /// The cell's text; `Err` with a description when it is not text (a JSON object, ...).
    fn cell(&self, column: &str) -> Option<Result<String, &'static str>>;

    /// The text cell: only text counts (a JSON number is not an article).
    fn text(&self, column: &str) -> Option<Result<String, &'static str>> {
        self.cell(column)
    }
}

fn item(
    file: &str,
    row: usize,
    kind: Kind,
    encoding: &'static str,
    columns: &Columns,
    cells: &dyn Row,
) -> Result<Item, IntakeError> {
    let text = match cells.text(&columns.text) {
        None => {
            return Err(IntakeError::MissingText {
                row,
                column: columns.text.clone(),
            })
        }
        Some(Err(found)) => {
            return Err(IntakeError::TextNotString {
                row,
                column: columns.text.clone(),
                found,
            })
        }
        Some(Ok(text)) => text,
    };
    if text.trim_matches(article::is_trim).is_empty() {
        return Err(IntakeError::EmptyText {
            row,
            column: columns.text.clone(),
        });
    }
    let value = |column: &Option<String>| -> Option<String> {
        column
            .as_deref()
            .and_then(|c| cells.cell(c))
            .and_then(Result::ok)
            .and_then(|v| article::squash(&v))
    };
    let meta = Meta {
        title: value(&columns.title),
        date: value(&columns.date).and_then(|d| article::date(&d)),
        source: value(&columns.source),
        byline: value(&columns.author),
        tags: Vec::new(),
    };
    let lines = article::lines(&text);
    let article = article::build(&text, &lines, meta, &mut Cursor::default());
    Ok(Item {
        provenance: Provenance {
            file: file.to_owned(),
            row: Some(row),
            part: None,
            id: value(&columns.id),
            url: value(&columns.url),
        },
        kind,
        encoding,
        body: Body::Article(Box::new(article)),
    })
}

/// The rows of a CSV or TSV file, read lazily.
pub(crate) struct CsvRows {
    file: String,
    kind: Kind,
    encoding: &'static str,
    reader: ::csv::Reader<IoCursor<Vec<u8>>>,
    columns: Result<(Vec<String>, Columns), Option<IntakeError>>,
    row: usize,
    record: ::csv::StringRecord,
}

struct CsvRow<'a> {
    names: &'a [String],
    record: &'a ::csv::StringRecord,
}

impl Row for CsvRow<'_> {
    fn cell(&self, column: &str) -> Option<Result<String, &'static str>> {
        let i = self.names.iter().position(|n| n == column)?;
        self.record.get(i).map(|v| Ok(v.to_owned()))
    }
}

impl CsvRows {
    pub(crate) fn new(
        file: &str,
        kind: Kind,
        encoding: &'static str,
        text: String,
        options: &IntakeOptions,
    ) -> Self {
        let first_line = text.lines().next().unwrap_or_default();
        let delimiter = match kind {
            Kind::Tsv => b'\t',
            _ if !first_line.contains(',') && first_line.contains(';') => b';',
            _ if !first_line.contains(',') && first_line.contains('\t') => b'\t',
            _ => b',',
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(IoCursor::new(text.into_bytes()));
        let columns = match reader.headers() {
            Ok(headers) => {
                let names: Vec<String> = headers
                    .iter()
                    .map(|h| h.trim_matches(article::is_trim).to_owned())
                    .collect();
                Columns::of(&names, options)
                    .map(|c| (names, c))
                    .map_err(Some)
            }
            Err(err) => Err(Some(IntakeError::Table {
                row: None,
                message: err.to_string(),
            })),
        };
        Self {
            file: file.to_owned(),
            kind,
            encoding,
            reader,
            columns,
            row: 0,
            record: ::csv::StringRecord::new(),
        }
    }
}

impl Iterator for CsvRows {
    type Item = Result<Item, IntakeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (names, columns) = match &mut self.columns {
            Ok(found) => (&found.0, &found.1),
            // A file-level error is given once, then the file ends.
            Err(err) => return err.take().map(Err),
        };
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                self.row += 1;
                let cells = CsvRow {
                    names,
                    record: &self.record,
                };
                Some(item(
                    &self.file,
                    self.row,
                    self.kind,
                    self.encoding,
                    columns,
                    &cells,
                ))
            }
            Err(err) => {
                self.row += 1;
                let io = matches!(err.kind(), ::csv::ErrorKind::Io(_));
                let error = IntakeError::Table {
                    row: Some(self.row),
                    message: err.to_string(),
                };
                if io {
                    // Nothing more can be read.
                    self.columns = Err(None);
                }
                Some(Err(error))
            }
        }
    }
}

struct JsonRow<'a>(&'a Map<String, Value>);

impl Row for JsonRow<'_> {
    fn text(&self, column: &str) -> Option<Result<String, &'static str>> {
        Some(match self.0.get(column)? {
            Value::String(s) => Ok(s.clone()),
            Value::Number(_) => Err("a number"),
            Value::Bool(_) => Err("a boolean"),
            Value::Null => Err("null"),
            Value::Array(_) => Err("a list"),
            Value::Object(_) => Err("an object"),
        })
    }

    fn cell(&self, column: &str) -> Option<Result<String, &'static str>> {
        let value = self.0.get(column)?;
        Some(match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Err("null"),
            Value::Array(items) => {
                let strings: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                strings.map(|s| s.join(", ")).ok_or("a list")
            }
            Value::Object(_) => Err("an object"),
        })
    }
}

/// Reads JSON lines one line at a time: the caller feeds lines (from a file or a stream), the
/// text key is found in the first object.
#[derive(Debug, Clone)]
pub struct JsonLines {
    file: String,
    options: IntakeOptions,
    encoding: &'static str,
    columns: Option<Columns>,
    /// A file-level error already given: the remaining lines are not read.
    failed: bool,
}

impl JsonLines {
    /// A reader for the JSON lines of `file`.
    pub fn new(file: &str, options: &IntakeOptions) -> Self {
        Self {
            file: file.to_owned(),
            options: options.clone(),
            encoding: "UTF-8",
            columns: None,
            failed: false,
        }
    }

    /// Whether a file-level error was given (no text key): the other lines are not read.
    pub fn failed(&self) -> bool {
        self.failed
    }

    fn with_encoding(mut self, encoding: &'static str) -> Self {
        self.encoding = encoding;
        self
    }

    /// The article of line `line` (1-based); `None` for a blank line, or for any line after a
    /// file-level error (no text key in the first object).
    pub fn line(&mut self, line: usize, text: &str) -> Option<Result<Item, IntakeError>> {
        let text = text.trim_matches(article::is_trim);
        if text.is_empty() || self.failed {
            return None;
        }
        let value: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(err) => {
                return Some(Err(IntakeError::Json {
                    row: line,
                    message: err.to_string(),
                }))
            }
        };
        let Value::Object(object) = value else {
            return Some(Err(IntakeError::Json {
                row: line,
                message: "not a JSON object".to_owned(),
            }));
        };
        if self.columns.is_none() {
            let names: Vec<String> = object.keys().cloned().collect();
            match Columns::of(&names, &self.options) {
                Ok(columns) => self.columns = Some(columns),
                Err(err) => {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
        }
        // The text key is the first object's; the metadata keys are each object's own.
        let text_key = &self.columns.as_ref()?.text;
        let names: Vec<String> = object.keys().cloned().collect();
        let columns = &Columns::around(&names, text_key);
        Some(item(
            &self.file,
            line,
            Kind::JsonLines,
            self.encoding,
            columns,
            &JsonRow(&object),
        ))
    }
}

/// The rows of a JSON-lines file, read lazily.
pub(crate) struct JsonRows {
    reader: JsonLines,
    text: String,
    lines: std::vec::IntoIter<std::ops::Range<usize>>,
    line: usize,
}

impl JsonRows {
    pub(crate) fn new(
        file: &str,
        encoding: &'static str,
        text: String,
        options: &IntakeOptions,
    ) -> Self {
        let lines = article::lines(&text);
        Self {
            reader: JsonLines::new(file, options).with_encoding(encoding),
            text,
            lines: lines.into_iter(),
            line: 0,
        }
    }
}

impl Iterator for JsonRows {
    type Item = Result<Item, IntakeError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let range = self.lines.next()?;
            self.line += 1;
            let line = self.text.get(range).unwrap_or_default();
            if let Some(result) = self.reader.line(self.line, line) {
                return Some(result);
            }
            if self.reader.failed {
                return None;
            }
        }
    }
}

/// Whether `text` looks like JSON lines: its first three non-blank lines (at least one) are
/// JSON objects.
pub(crate) fn looks_like_json_lines(text: &str) -> bool {
    let mut seen = 0;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
    {
        if !line.starts_with('{')
            || !matches!(serde_json::from_str::<Value>(line), Ok(Value::Object(_)))
        {
            return false;
        }
        seen += 1;
    }
    seen > 0
}
