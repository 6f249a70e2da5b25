//! # Entity Lens worker protocol
//!
//! The page's UI thread and the analysis Web Worker talk only through these types:
//!
//! - UI → worker: [`Request`], passed with `serde-wasm-bindgen` (a file's bytes travel as a
//!   `Uint8Array`; the worker decodes them with the engine, never the browser).
//! - worker → UI: [`Response`], passed as a JSON string ([`Response::to_json`] /
//!   [`Response::from_json`]). Two exceptions: [`Response::Exported`] (the worker posts
//!   `{json, bytes}`, the export's bytes as a transferred `ArrayBuffer` beside the JSON) and
//!   [`Response::Analyzed`], fresh or restored, which travels in parts ([`Response::to_parts`]
//!   / [`Response::from_parts`], see [`bulk`]): `{json, text, spans}`, the article's text as
//!   a string and its mentions and paragraphs as a transferred `ArrayBuffer` of `u32`s, so
//!   that a long article's result is not a huge JSON parsed on the UI thread.
//!
//! An analyzed file arrives as an [`ArticleView`]: header fields, the clean text, paragraphs and
//! every mention with its refined and spaCy label ([`label`]), offsets and sentence. The page
//! cuts paragraphs into [`Piece`]s for the mode it shows. The worker keeps every analyzed
//! document, so corpus questions ([`corpus`]: entities, network, timeline, contexts, exports)
//! are answered there. With the `engine` feature, [`analyze`] builds the view from the engine.
//!
//! The page runs a pool of analysis workers and one corpus worker (`src/pool.rs`): an analysis
//! worker answers [`Request::Analyze`] with [`Response::Analyzed`] and, beside it, the
//! document's [`DocumentRecord`] as a JSON string (`{json, text, spans, record}`); the page forwards the
//! record unread to the corpus worker ([`Request::Keep`]), which keeps every document and
//! answers the corpus questions. A file's bytes travel as a transferred `ArrayBuffer`.
#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};

pub mod article;
pub mod bulk;
pub mod corpus;
pub mod intake;
pub mod label;
pub mod record;
#[cfg(feature = "engine")]
mod view;

pub use article::{ArticleView, EntityEntry, LabelGroup, MentionView, Piece, Span};
pub use bulk::{Bulk, BulkError};
pub use corpus::*;
pub use intake::{
    max_bytes, AnalyzeItem, ArticleRecord, BodyRecord, Entry, ItemRecord, Provenance, SourceKind,
    SplitBatch, MAX_CONTAINER_BYTES,
};
#[cfg(feature = "engine")]
pub use intake::{read, Reading};
pub use label::{ByMode, Change, EntityMode, Label, Rule};
pub use record::{CharRange, DocumentRecord, MentionRecord};
#[cfg(feature = "engine")]
pub use view::{
    analyze, analyze_item, analyze_item_with_progress, bundled_model, mention_sentence,
};

/// Identifies one file of the page's list (unique for the page's lifetime).
pub type FileId = u32;

/// The largest text the page analyzes, in bytes: 32 MiB (a year of articles in one file).
/// The engine analyzes a long text in windows (its working memory does not grow with the
/// text); what grows is the result and its messages, in three places: the analysis worker
/// (the text, 16 bytes per token, the view and the record as JSON), the page (the article's
/// view, decoded on the UI thread from its parts, see [`bulk`]; the reader shows a long
/// article in parts) and
/// the corpus worker (the document, without its tokens). `tests/bench/large_file.mjs` on a
/// 30 MB text (2.4 million words kept by cleanup): analysis worker 711 MiB of wasm memory,
/// corpus worker 192 MiB, the page 323 MiB of wasm and 179 MiB of JS heap. The engine's own bound for a wasm worker is
/// larger (`entity_lens_engine::MAX_TEXT_BYTES`); this one keeps the page responsive and
/// several long texts within the tab's memory. A larger file gets [`FileError::TooLarge`]
/// naming it and the limit, before it is sent to a worker.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The name the page gives its corpus worker (`WorkerOptions.name`): that worker keeps the
/// documents and answers corpus questions, and does not load the model.
pub const CORPUS_WORKER_NAME: &str = "entity-lens corpus";

/// A message from the UI thread to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Read one file with the engine's intake and analyze its article, or answer with its
    /// articles ([`Response::Split`]) when it holds several (sent to an analysis worker).
    Analyze(AnalyzeFile),
    /// Analyze one article of a split file (sent to an analysis worker).
    AnalyzeItem(AnalyzeItem),
    /// Keep an analyzed document in the corpus (sent to the corpus worker).
    Keep(Keep),
    /// Keep a document saved by an earlier visit, and answer with its [`Analyzed`] view (sent to
    /// the corpus worker when the page restores its workspace).
    Restore(Keep),
    /// Drop files from the corpus.
    Forget(Forget),
    /// Replace the hand corrections of the grouping.
    SetOverrides(Overrides),
    /// The entity table and who mentions what.
    Corpus(CorpusQuery),
    Network(NetworkQuery),
    Timeline(TimelineQuery),
    Contexts(ContextsQuery),
    Export(ExportQuery),
}

/// A document for the corpus: the [`DocumentRecord`] an analysis worker sent beside its
/// [`Analyzed`], as that JSON string (the page forwards it without reading it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keep {
    pub id: FileId,
    pub name: String,
    /// JSON of a [`DocumentRecord`].
    pub record: String,
    /// The file this article was split from (the corpus keeps a file's articles together, in
    /// their order in the file).
    #[serde(default)]
    pub parent: Option<FileId>,
}

/// Files to drop from the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forget {
    pub ids: Vec<FileId>,
}

/// Ask for the corpus's entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusQuery {
    pub seq: Seq,
}

/// One file to analyze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzeFile {
    /// The file's id in the UI's list, echoed in every response about it.
    pub id: FileId,
    /// The file's name (for messages only; the worker does no I/O).
    pub name: String,
    /// Skip cleanup and analyze the whole text (pasted text; still read by the intake, as
    /// `entity-lens analyze --raw` reads a file).
    pub raw: bool,
    /// The file's bytes, undecoded.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    /// A table's text column, chosen by the user (by default found by its name).
    #[serde(default)]
    pub text_column: Option<String>,
}

/// A message from the worker to the UI thread.
// Each message is built once and serialized at once: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The model is loaded; files can be analyzed.
    Ready(Ready),
    /// The model could not be loaded; every file will fail with [`FileError::ModelUnavailable`].
    ModelFailed(ModelFailed),
    /// The worker has started on a file.
    Started(Started),
    /// How far the worker is in a long text (at most about every
    /// [`PROGRESS_INTERVAL_MS`]; a short text gets none).
    Progress(Progress),
    /// A file is analyzed.
    Analyzed(Analyzed),
    /// A file holds several articles: a batch of them (see [`intake`]).
    Split(SplitBatch),
    /// A file could not be analyzed.
    Failed(Failed),
    /// The worker's wasm threw (a bug, or it failed to load). Sent by the JS shim, so its JSON
    /// shape (`{"Crashed":{"id":…,"message":…}}`) is also written by hand in `worker-shim.js`.
    Crashed(Crashed),
    Corpus(CorpusView),
    Network(NetworkView),
    Timeline(TimelineView),
    Contexts(ContextsView),
    /// An export's bytes are ready (they travel beside the JSON).
    Exported(Exported),
    /// A corpus question failed.
    QueryFailed(QueryFailed),
}

/// The model is loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ready {
    /// Time to parse the model artifact and build the engine, in milliseconds.
    pub model_load_ms: f64,
    /// Size of the model artifact in bytes.
    pub model_bytes: usize,
}

/// The model could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelFailed {
    /// What went wrong, for people.
    pub message: String,
}

/// The worker has started on a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    pub id: FileId,
}

/// How often, at most, an analysis worker tells how far it is in a file, in milliseconds.
pub const PROGRESS_INTERVAL_MS: f64 = 250.0;

/// How far the worker is in a file: `done` of `total` bytes of its text recognized (the
/// engine's `pipeline::Progress`; refinement follows the last one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub id: FileId,
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// Whole percent done, 0 to 100.
    pub fn percent(&self) -> usize {
        // In u64: a usize of wasm32 overflows at 43 MB × 100.
        let (done, total) = (self.done.min(self.total) as u64, self.total as u64);
        (done * 100).checked_div(total).map_or(100, |p| p as usize)
    }
}

/// A file, analyzed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analyzed {
    pub id: FileId,
    /// What to show.
    pub article: ArticleView,
    /// Time spent in the engine, in milliseconds.
    pub elapsed_ms: f64,
}

/// A file that could not be analyzed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failed {
    pub id: FileId,
    pub error: FileError,
}

/// The worker's wasm threw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crashed {
    /// The file being analyzed, when known.
    pub id: Option<FileId>,
    /// The JavaScript error's text.
    pub message: String,
}

/// Why one file has no article, worded for the person who dropped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileError {
    #[error("This file is empty: there is nothing to analyze.")]
    Empty,
    #[error("This looks like a binary file, not text: only plain-text articles can be analyzed.")]
    Binary,
    #[error("This file could not be decoded as text: {message}")]
    Undecodable { message: String },
    #[error("The browser could not read this file: {message}")]
    Unreadable { message: String },
    #[error("The recognizer's model could not be loaded: {message}")]
    ModelUnavailable { message: String },
    #[error("The analysis worker stopped: {message}")]
    WorkerCrashed { message: String },
    #[error("No text column found; the columns are: {}. Choose the one holding the articles' text.", columns.join(", "))]
    NoTextColumn { columns: Vec<String> },
    #[error("There is no column named “{name}”; the columns are: {}.", columns.join(", "))]
    UnknownColumn { name: String, columns: Vec<String> },
    #[error("No articles in this file (a header but no rows?).")]
    NoArticles,
    /// One row or part of a file (named in the message) could not be read.
    #[error("{message}")]
    Intake {
        row: Option<usize>,
        part: Option<usize>,
        message: String,
    },
    #[error("{name} is too large to analyze in the browser: {size} bytes, and the limit is {limit} bytes ({limit_mib} MiB). Split it into smaller files, or use the command-line tool.", limit_mib = limit / (1024 * 1024))]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
}

/// What went wrong encoding or decoding a message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    #[error("malformed worker message: {0}")]
    Json(#[from] serde_json::Error),
    #[error("malformed article from the worker: {0}")]
    Bulk(#[from] BulkError),
    #[error("the worker sent an article without its text and mentions")]
    MissingBulk,
}

impl Response {
    /// Encodes the message for `postMessage`.
    pub fn to_json(&self) -> Result<String, ProtocolError> {
        Ok(serde_json::to_string(self)?)
    }

    /// Decodes a message received from the worker.
    pub fn from_json(json: &str) -> Result<Self, ProtocolError> {
        Ok(serde_json::from_str(json)?)
    }

    /// Encodes the message for `postMessage` as it travels: an [`Analyzed`]'s article without
    /// its text, mentions and paragraphs (its [`Bulk`], returned beside the JSON, see
    /// [`bulk`]); any other message whole.
    pub fn to_parts(mut self) -> Result<(String, Option<Bulk>), ProtocolError> {
        let bulk = match &mut self {
            Response::Analyzed(a) => Some(a.article.take_bulk()?),
            _ => None,
        };
        Ok((self.to_json()?, bulk))
    }

    /// Decodes a message posted by [`Response::to_parts`]. An [`Analyzed`] whose bulk is
    /// missing or malformed becomes that file's [`Failed`] (with [`FileError::Undecodable`]
    /// saying why): the other files go on.
    pub fn from_parts(json: &str, bulk: Option<Bulk>) -> Result<Self, ProtocolError> {
        let mut response = Self::from_json(json)?;
        if let Response::Analyzed(a) = &mut response {
            let put = bulk
                .ok_or(ProtocolError::MissingBulk)
                .and_then(|b| Ok(a.article.put_bulk(b)?));
            if let Err(e) = put {
                response = Response::Failed(Failed {
                    id: a.id,
                    error: FileError::Undecodable {
                        message: format!("the analysis sent by the worker could not be read ({e})"),
                    },
                });
            }
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> ArticleView {
        let text = "Ada <b> wrote.";
        ArticleView {
            encoding: "UTF-8".into(),
            title: Some("A <title>".into()),
            text: text.into(),
            paragraphs: vec![Span {
                byte: 0..text.len(),
                char: 0..text.chars().count(),
            }],
            mentions: vec![MentionView {
                id: 0,
                span: Span {
                    byte: 0..3,
                    char: 0..3,
                },
                label: Some(Label::Person),
                raw_label: Some(Label::Org),
                change: Change::Relabeled,
                rule: Some(Rule::Consistency),
                sentence: Some(0),
            }],
            words: 3,
            ..ArticleView::default()
        }
    }

    #[test]
    fn responses_round_trip_through_json() {
        let msg = Response::Analyzed(Analyzed {
            id: 7,
            article: article(),
            elapsed_ms: 1.5,
        });
        let json = msg.to_json().unwrap();
        assert!(
            json.contains(r#""label":"PERSON","raw_label":"ORG","change":"relabeled""#),
            "{json}"
        );
        assert_eq!(Response::from_json(&json).unwrap(), msg);
        // As posted: the article's text and mentions beside the JSON, not in it.
        let (json, bulk) = msg.clone().to_parts().unwrap();
        assert!(
            !json.contains("wrote") && !json.contains("PERSON"),
            "{json}"
        );
        assert_eq!(Response::from_parts(&json, bulk).unwrap(), msg);
        // Without its bulk, or with a bad one, the file fails with a message; others go on.
        for bulk in [
            None,
            Some(Bulk {
                text: "Ada".into(),
                spans: vec![1, 0, 7],
            }),
        ] {
            let failed = Response::from_parts(&json, bulk).unwrap();
            assert!(
                matches!(&failed, Response::Failed(Failed { id: 7, error: FileError::Undecodable { message } })
                    if message.contains("could not be read")),
                "{failed:?}"
            );
        }
        let failed = Response::Failed(Failed {
            id: 1,
            error: FileError::Empty,
        });
        let (json, bulk) = failed.clone().to_parts().unwrap();
        assert!(bulk.is_none());
        assert_eq!(Response::from_parts(&json, None).unwrap(), failed);
        let msg = Response::QueryFailed(QueryFailed {
            seq: 3,
            error: QueryError::UnknownEntity { id: "e9".into() },
        });
        assert_eq!(Response::from_json(&msg.to_json().unwrap()).unwrap(), msg);
    }

    #[test]
    fn requests_round_trip_through_serde() {
        let requests = [
            Request::Network(NetworkQuery {
                seq: 1,
                scope: Scope::Paragraph,
                min_weight: 2,
                labels: vec![Label::Person, Label::Gpe],
                max_nodes: 500,
            }),
            Request::SetOverrides(Overrides {
                merges: vec![Merge {
                    into: "a".into(),
                    from: vec!["b".into()],
                }],
                splits: vec![Split {
                    entity: "c".into(),
                    alias: "Cc".into(),
                }],
            }),
            Request::Export(ExportQuery {
                seq: 2,
                format: ExportFormat::WebAnnotation,
            }),
        ];
        for r in requests {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);
        }
    }

    #[test]
    fn each_mode_shows_its_own_labels() {
        let a = article();
        let p = &a.paragraphs[0];
        let labels = |mode| {
            a.pieces(p, mode)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(t) => format!("{t:?}"),
                    Piece::Mention { label, text, .. } => format!("[{text}|{label}]"),
                })
                .collect::<String>()
        };
        assert_eq!(labels(EntityMode::Refined), r#"[Ada|PERSON]" <b> wrote.""#);
        assert_eq!(labels(EntityMode::Raw), r#"[Ada|ORG]" <b> wrote.""#);
    }

    #[test]
    fn removed_and_added_mentions_appear_in_one_view_each() {
        let mut a = article();
        // "Ada <b>" removed, "Ada" added: one mark per view, never both.
        a.mentions = vec![
            MentionView {
                id: 0,
                span: Span {
                    byte: 0..3,
                    char: 0..3,
                },
                label: Some(Label::Person),
                raw_label: None,
                change: Change::Added,
                rule: Some(Rule::Span),
                sentence: Some(0),
            },
            MentionView {
                id: 1,
                span: Span {
                    byte: 0..7,
                    char: 0..7,
                },
                label: None,
                raw_label: Some(Label::Org),
                change: Change::Removed,
                rule: Some(Rule::Span),
                sentence: Some(0),
            },
        ];
        let p = a.paragraphs[0].clone();
        let marks = |mode| -> Vec<(usize, &str)> {
            a.pieces(&p, mode)
                .into_iter()
                .filter_map(|piece| match piece {
                    Piece::Mention { mention, text, .. } => Some((mention.id, text)),
                    Piece::Text(_) => None,
                })
                .collect()
        };
        assert_eq!(marks(EntityMode::Refined), [(0, "Ada")]);
        assert_eq!(marks(EntityMode::Raw), [(1, "Ada <b>")]);
    }

    #[test]
    fn pieces_found_by_binary_search_are_those_of_the_full_scan() {
        // Mentions of several lengths, one crossing a paragraph break, raw and refined.
        let text = "Ada Lovelace met Zoë in Paris.\n\nBabbage and Ada went to the Royal Society.\n\nParis.";
        let span = |s: &str, nth: usize| {
            let start = text.match_indices(s).nth(nth).unwrap().0;
            Span {
                byte: start..start + s.len(),
                char: text[..start].chars().count()..text[..start + s.len()].chars().count(),
            }
        };
        let m = |id, span: Span, label, raw_label| MentionView {
            id,
            span,
            label,
            raw_label,
            change: Change::Kept,
            rule: None,
            sentence: None,
        };
        let mut a = article();
        a.text = text.into();
        a.mentions = vec![
            m(
                0,
                span("Ada Lovelace", 0),
                Some(Label::Person),
                Some(Label::Person),
            ),
            m(1, span("Zoë", 0), Some(Label::Person), None),
            m(2, span("Paris.\n\nBabbage", 0), None, Some(Label::Org)),
            m(3, span("Paris", 0), Some(Label::Gpe), None),
            m(4, span("Ada", 1), Some(Label::Person), Some(Label::Person)),
            m(
                5,
                span("the Royal Society", 0),
                Some(Label::Org),
                Some(Label::Org),
            ),
            m(6, span("Paris", 1), Some(Label::Gpe), Some(Label::Gpe)),
        ];
        let longest = a.longest_mention();
        assert_eq!(longest, "the Royal Society".len());
        for start in 0..text.len() {
            for end in start..=text.len() {
                if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                    continue;
                }
                for mode in [EntityMode::Refined, EntityMode::Raw] {
                    let p = Span {
                        byte: start..end,
                        char: 0..0,
                    };
                    assert_eq!(
                        a.pieces_in(start..end, mode, longest),
                        a.pieces(&p, mode),
                        "{start}..{end} {mode:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_span_outside_the_text_is_shown_as_text_not_a_panic() {
        let mut a = article();
        a.text = "Zoë <b> wrote.".into();
        a.paragraphs[0].byte = 0..a.text.len();
        // Byte 3 is inside "ë"; a span past the text's end is clipped to the paragraph.
        a.mentions[0].span.byte = 0..3;
        let p = a.paragraphs[0].clone();
        let pieces = a.pieces(&p, EntityMode::Refined);
        assert!(pieces.iter().all(|x| matches!(x, Piece::Text(_))));
        assert_eq!(
            pieces
                .iter()
                .map(|x| match x {
                    Piece::Text(t) => *t,
                    _ => "",
                })
                .collect::<String>(),
            "Zoë <b> wrote."
        );
    }

    #[test]
    fn the_shims_crash_message_decodes() {
        // worker-shim.js writes this shape by hand.
        let msg = Response::from_json(r#"{"Crashed":{"id":3,"message":"RuntimeError"}}"#).unwrap();
        assert_eq!(
            msg,
            Response::Crashed(Crashed {
                id: Some(3),
                message: "RuntimeError".into()
            })
        );
        let msg = Response::from_json(r#"{"Crashed":{"id":null,"message":"x"}}"#).unwrap();
        assert!(matches!(msg, Response::Crashed(Crashed { id: None, .. })));
    }

    #[test]
    fn progress_is_in_whole_percent_without_overflow() {
        let p = |done, total| Progress { id: 1, done, total }.percent();
        assert_eq!(p(0, 10), 0);
        assert_eq!(p(5, 10), 50);
        assert_eq!(p(11, 10), 100);
        assert_eq!(p(0, 0), 100);
        assert_eq!(p(60_000_000, 64 * 1024 * 1024), 89);
        let msg = Response::Progress(Progress {
            id: 3,
            done: 1,
            total: 2,
        });
        assert_eq!(Response::from_json(&msg.to_json().unwrap()).unwrap(), msg);
    }

    #[test]
    fn garbage_is_a_typed_error() {
        assert!(matches!(
            Response::from_json("{\"Nope\":1}"),
            Err(ProtocolError::Json(_))
        ));
    }
}
