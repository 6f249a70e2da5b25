//! A file read by the engine's intake, as it travels between the page and the workers.
//!
//! An analysis worker reads every dropped or picked file with the engine's intake. A file of one
//! article is analyzed at once. A file of several (a CSV/TSV/JSON-lines table, a news-database
//! export) is answered with [`SplitBatch`]s: batches of its [`Entry`]s (named `file#row3`,
//! `file#part2`), each article beside as the JSON string of an [`ItemRecord`] that the page
//! queues, unread, as its own [`crate::AnalyzeItem`], so the articles of one file are balanced
//! over the pool. A row or part that could not be read is an entry with its error.

use serde::{Deserialize, Serialize};

use crate::record::CharRange;
use crate::{FileError, FileId};

/// Where an article came from, and what kind of file it was read from (the engine's
/// `intake::{Provenance, Kind}`).
pub use entity_lens_vocab::{Kind as SourceKind, Provenance};

/// One article of a file, read but not analyzed (the engine's `intake::Item`), sent to a worker
/// as a JSON string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub provenance: Provenance,
    pub kind: SourceKind,
    /// The encoding the file was read in (WHATWG name).
    pub encoding: String,
    pub body: BodyRecord,
}

/// An article's body as intake found it (the engine's `intake::Body`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyRecord {
    /// Text with its page clutter: cleanup decides what the article is.
    Raw(String),
    /// Already an article (a table's text column, an export's fields, a page's structure).
    Article(ArticleRecord),
}

/// An article separated by its source, as the pipeline reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    pub text: String,
    pub paragraphs: Vec<CharRange>,
    /// The rule-based sentences intake made (the parser makes its own).
    pub sentences: Vec<CharRange>,
}

/// A batch of the articles of a file that holds several. The worker sends them as the file is
/// read (`{json, items}`: `items` holds the JSON string of the [`ItemRecord`] of each entry
/// without an error, in order); the last batch has `done`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitBatch {
    /// The file.
    pub id: FileId,
    /// Index of this batch's first entry in the file.
    pub first: usize,
    pub entries: Vec<Entry>,
    /// No batch follows.
    pub done: bool,
}

/// One article of a split file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// `file#row3`, `file#part2`.
    pub name: String,
    pub provenance: Provenance,
    /// Why this row or part could not be read (it then has no item).
    pub error: Option<FileError>,
}

/// One article of a split file to analyze: the [`ItemRecord`] JSON its file's worker made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzeItem {
    /// The entry's id in the UI's list.
    pub id: FileId,
    /// `file#row3` (for messages).
    pub name: String,
    /// JSON of an [`ItemRecord`].
    pub item: String,
}

/// File names whose content is read whole before articles are cut from it (saved pages,
/// tables): they may be larger than [`crate::MAX_FILE_BYTES`], up to [`MAX_CONTAINER_BYTES`];
/// each article in them is held to [`crate::MAX_FILE_BYTES`].
pub fn is_container(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "html" | "htm" | "xhtml" | "csv" | "tsv" | "tab" | "jsonl" | "ndjson"
    )
}

/// The largest saved page or table the page reads (see [`is_container`]).
pub const MAX_CONTAINER_BYTES: usize = 64 * 1024 * 1024;

/// The largest file named `name` the page sends to a worker.
pub fn max_bytes(name: &str) -> usize {
    if is_container(name) {
        MAX_CONTAINER_BYTES
    } else {
        crate::MAX_FILE_BYTES
    }
}

#[cfg(feature = "engine")]
pub use convert::{read, Reading};

#[cfg(feature = "engine")]
mod convert {
    use entity_lens_engine::clean::Article;
    use entity_lens_engine::intake::{self, Body, IntakeError, IntakeOptions, Item};
    use entity_lens_engine::span::OffsetMap;

    use super::*;
    use crate::MAX_FILE_BYTES;

    impl From<IntakeError> for FileError {
        fn from(e: IntakeError) -> Self {
            match e {
                IntakeError::Decode(d) => d.into(),
                IntakeError::NoTextColumn { columns } => FileError::NoTextColumn { columns },
                IntakeError::UnknownColumn { name, columns } => {
                    FileError::UnknownColumn { name, columns }
                }
                IntakeError::NoArticles => FileError::NoArticles,
                other => FileError::Intake {
                    row: other.row(),
                    part: other.part(),
                    message: other.to_string(),
                },
            }
        }
    }

    fn chars(s: &entity_lens_engine::Span) -> CharRange {
        [s.char.start, s.char.end]
    }

    impl ItemRecord {
        /// The record of an article read by intake.
        pub fn from_item(item: &Item) -> Self {
            let body = match &item.body {
                Body::Raw(text) => BodyRecord::Raw(text.clone()),
                Body::Article(a) => BodyRecord::Article(ArticleRecord {
                    title: a.title.clone(),
                    date: a.date.clone(),
                    source: a.source.clone(),
                    dateline: a.dateline.clone(),
                    byline: a.byline.clone(),
                    tags: a.tags.clone(),
                    text: a.text.clone(),
                    paragraphs: a.paragraphs.iter().map(chars).collect(),
                    sentences: a.sentences.iter().map(chars).collect(),
                }),
            };
            Self {
                provenance: item.provenance.clone(),
                kind: item.kind,
                encoding: item.encoding.to_owned(),
                body,
            }
        }

        /// The engine's item again (ranges past the text are clamped to it).
        pub fn into_item(self) -> Item {
            let encoding = encoding_rs::Encoding::for_label(self.encoding.as_bytes())
                .map_or("UTF-8", |e| e.name());
            let body = match self.body {
                BodyRecord::Raw(text) => Body::Raw(text),
                BodyRecord::Article(a) => {
                    let map = OffsetMap::new(&a.text);
                    let span = |r: &CharRange| map.span(r[0]..r[1]);
                    let article = Article {
                        title: a.title,
                        date: a.date,
                        source: a.source,
                        dateline: a.dateline,
                        byline: a.byline,
                        tags: a.tags,
                        paragraphs: a.paragraphs.iter().map(span).collect(),
                        sentences: a.sentences.iter().map(span).collect(),
                        ..Article::default()
                    };
                    Body::Article(Box::new(Article {
                        text: a.text,
                        ..article
                    }))
                }
            };
            Item {
                provenance: self.provenance,
                kind: self.kind,
                encoding,
                body,
            }
        }
    }

    /// The size of an article's text, checked against [`MAX_FILE_BYTES`].
    fn text_len(item: &Item) -> usize {
        match &item.body {
            Body::Raw(text) => text.len(),
            Body::Article(a) => a.text.len(),
        }
    }

    /// An article held to the page's per-article limit.
    fn checked(name: &str, item: Item) -> Result<Item, FileError> {
        let size = text_len(&item);
        if size > MAX_FILE_BYTES {
            return Err(FileError::TooLarge {
                name: name.to_owned(),
                size,
                limit: MAX_FILE_BYTES,
            });
        }
        Ok(item)
    }

    /// What a file holds, as read by intake.
    pub enum Reading {
        /// One article (or one error about the whole file).
        One(Result<Item, FileError>),
        /// Several: their batches, read as the iterator is advanced.
        Many(Batches),
    }

    /// Reads file `name` with the engine's intake (`text_column`: the table's text column, as
    /// the user chose it). A file over [`max_bytes`] is refused before it is read.
    pub fn read(name: &str, bytes: &[u8], text_column: Option<String>) -> Reading {
        let limit = max_bytes(name);
        if bytes.len() > limit {
            return Reading::One(Err(FileError::TooLarge {
                name: name.to_owned(),
                size: bytes.len(),
                limit,
            }));
        }
        let options = IntakeOptions { text_column };
        let mut items = intake::items(name, bytes, &options).peekable();
        let first = items.next();
        if items.peek().is_none() {
            let one = match first {
                Some(Ok(item)) => checked(name, item),
                Some(Err(e)) => Err(e.into()),
                None => Err(FileError::NoArticles),
            };
            return Reading::One(one);
        }
        Reading::Many(Batches {
            file: name.to_owned(),
            items: Box::new(first.into_iter().chain(items)),
            next: 0,
            done: false,
        })
    }

    /// Most entries in one [`SplitBatch`] message.
    pub const BATCH_ENTRIES: usize = 200;
    /// A batch ends once its items' JSON reaches this many bytes.
    pub const BATCH_BYTES: usize = 256 * 1024;

    /// The [`SplitBatch`]s of a file of several articles, with each entry's item JSON beside.
    pub struct Batches {
        file: String,
        items: Box<dyn Iterator<Item = Result<Item, IntakeError>> + Send>,
        next: usize,
        done: bool,
    }

    impl Iterator for Batches {
        /// A batch (its `id` is left 0 for the caller to set) and its items' JSON strings.
        type Item = (SplitBatch, Vec<String>);

        fn next(&mut self) -> Option<Self::Item> {
            if self.done {
                return None;
            }
            let first = self.next;
            let mut entries = Vec::new();
            let mut items = Vec::new();
            let mut bytes = 0;
            while entries.len() < BATCH_ENTRIES && bytes < BATCH_BYTES {
                let Some(result) = self.items.next() else {
                    self.done = true;
                    break;
                };
                self.next += 1;
                let (provenance, result) = match result {
                    Ok(item) => {
                        let provenance = item.provenance.clone();
                        let name = provenance.name();
                        let json = checked(&name, item).and_then(|item| {
                            serde_json::to_string(&ItemRecord::from_item(&item)).map_err(|e| {
                                FileError::Undecodable {
                                    message: e.to_string(),
                                }
                            })
                        });
                        (provenance, json)
                    }
                    Err(e) => (e.provenance(&self.file), Err(FileError::from(e))),
                };
                let error = match result {
                    Ok(json) => {
                        bytes += json.len();
                        items.push(json);
                        None
                    }
                    Err(e) => Some(e),
                };
                entries.push(Entry {
                    name: provenance.name(),
                    provenance,
                    error,
                });
            }
            if entries.is_empty() && !self.done {
                return None;
            }
            Some((
                SplitBatch {
                    id: 0,
                    first,
                    entries,
                    done: self.done,
                },
                items,
            ))
        }
    }
}

#[cfg(all(test, feature = "engine"))]
mod tests {
    use entity_lens_engine::intake::Body;

    use super::*;

    fn many(name: &str, bytes: &[u8], column: Option<&str>) -> Vec<(SplitBatch, Vec<String>)> {
        match read(name, bytes, column.map(str::to_owned)) {
            Reading::Many(batches) => batches.collect(),
            Reading::One(one) => panic!("one article: {:?}", one.map(|i| i.provenance)),
        }
    }

    #[test]
    fn a_big_table_comes_in_bounded_batches_with_every_row_named_and_its_item() {
        let mut csv = String::from("\u{feff}id,title,text\r\n");
        for i in 1..=450 {
            let text = if i == 7 {
                String::new()
            } else {
                format!("\"Row {i} met Zoë in Paris.\nSecond line.\"")
            };
            csv.push_str(&format!("{i},T{i},{text}\r\n"));
        }
        let batches = many("big.csv", csv.as_bytes(), None);
        assert!(batches.len() >= 3, "{} batches", batches.len());
        let mut next = 0;
        let mut entries = Vec::new();
        for (i, (batch, items)) in batches.iter().enumerate() {
            assert_eq!(batch.first, next);
            assert!(batch.entries.len() <= convert::BATCH_ENTRIES);
            assert_eq!(batch.done, i + 1 == batches.len());
            let ok = batch.entries.iter().filter(|e| e.error.is_none()).count();
            assert_eq!(items.len(), ok);
            next += batch.entries.len();
            entries.extend(batch.entries.iter().cloned());
        }
        assert_eq!(entries.len(), 450);
        assert_eq!(entries[0].name, "big.csv#row1");
        assert_eq!(entries[449].name, "big.csv#row450");
        let empty = &entries[6];
        assert_eq!(empty.name, "big.csv#row7");
        assert!(
            matches!(&empty.error, Some(FileError::Intake { row: Some(7), message, .. }) if message.contains("row 7")),
            "{:?}",
            empty.error
        );
        // An item travels as JSON and comes back as the engine's article, offsets intact.
        let record: ItemRecord = serde_json::from_str(&batches[0].1[0]).unwrap();
        assert_eq!(record.provenance.id.as_deref(), Some("1"));
        let item = record.into_item();
        assert_eq!(item.provenance.name(), "big.csv#row1");
        let Body::Article(article) = item.body else {
            panic!("a row is an article")
        };
        assert_eq!(article.title.as_deref(), Some("T1"));
        assert!(
            article.text.contains("Zoë in Paris.\nSecond"),
            "{}",
            article.text
        );
        for p in &article.paragraphs {
            assert!(article.text.get(p.byte.clone()).is_some());
        }
    }

    #[test]
    fn one_article_is_one_and_a_missing_text_column_lists_the_columns() {
        let page = b"<!DOCTYPE html><html><head><title>T</title></head><body><article><p>Angela Merkel spoke in Berlin on Monday about the budget.</p></article></body></html>";
        match read("page.html", page, None) {
            Reading::One(Ok(item)) => assert_eq!(item.provenance.file, "page.html"),
            _ => panic!("a saved page is one article"),
        }
        let odd =
            b"ref,story_blob\n1,Dockworkers in Rotterdam ended their strike.\n2,Talks went on.\n";
        match read("odd.csv", odd, None) {
            Reading::One(Err(FileError::NoTextColumn { columns })) => {
                assert_eq!(columns, ["ref", "story_blob"]);
            }
            _ => panic!("no text column"),
        }
        let batches = many("odd.csv", odd, Some("story_blob"));
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].0.entries.len(), 2);
        assert!(batches[0].0.done);
        match read("head.csv", b"id,text\n", None) {
            Reading::One(Err(FileError::NoArticles)) => {}
            _ => panic!("a header without rows has no articles"),
        }
    }

    #[test]
    fn limits_follow_the_kind_of_file() {
        assert_eq!(max_bytes("a.txt"), crate::MAX_FILE_BYTES);
        assert_eq!(max_bytes("A.CSV"), MAX_CONTAINER_BYTES);
        assert_eq!(max_bytes("page.htm"), MAX_CONTAINER_BYTES);
        let big = vec![b'a'; crate::MAX_FILE_BYTES + 1];
        assert!(matches!(
            read("big.txt", &big, None),
            Reading::One(Err(FileError::TooLarge { .. }))
        ));
    }
}
