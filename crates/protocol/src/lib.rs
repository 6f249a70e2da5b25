//! # Entity Lens worker protocol
//!
//! The page's UI thread and the analysis Web Worker talk only through these types:
//!
//! - UI → worker: [`Request`], passed with `serde-wasm-bindgen` (the file's bytes travel as a
//!   `Uint8Array`; the worker decodes them with the engine, never the browser).
//! - worker → UI: [`Response`], passed as a JSON string ([`Response::to_json`] /
//!   [`Response::from_json`]): one string copy per message is cheaper on the UI thread than
//!   building an object graph.
//!
//! An analyzed file arrives as an [`ArticleView`]: the article's header fields, its paragraphs
//! already cut into text and entity [`Piece`]s, and its entities grouped by label. The worker does
//! all of that work, so the UI thread only renders. With the `engine` feature,
//! [`ArticleView::from_document`] builds the view from the engine's
//! `entity_lens_engine::pipeline::Document`.
#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};

#[cfg(feature = "engine")]
mod view;
#[cfg(feature = "engine")]
pub use view::{analyze, bundled_model};

/// Identifies one file of the page's list (unique for the page's lifetime).
pub type FileId = u32;

/// A message from the UI thread to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Request {
    /// Decode, clean and analyze one file.
    Analyze(AnalyzeFile),
}

/// One file to analyze.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzeFile {
    /// The file's id in the UI's list, echoed in every response about it.
    pub id: FileId,
    /// The file's name (for messages only; the worker does no I/O).
    pub name: String,
    /// Skip the cleanup stage and analyze the whole text (pasted text).
    pub raw: bool,
    /// The file's bytes, undecoded.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// A message from the worker to the UI thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Response {
    /// The model is loaded; files can be analyzed.
    Ready(Ready),
    /// The model could not be loaded; every file will fail with [`FileError::ModelUnavailable`].
    ModelFailed(ModelFailed),
    /// The worker has started on a file.
    Started(Started),
    /// A file is analyzed.
    Analyzed(Analyzed),
    /// A file could not be analyzed.
    Failed(Failed),
    /// The worker's wasm threw (a bug, or it failed to load). Sent by the JS shim, so its JSON
    /// shape (`{"Crashed":{"id":…,"message":…}}`) is also written by hand in `worker-shim.js`.
    Crashed(Crashed),
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
#[non_exhaustive]
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
}

/// What went wrong encoding or decoding a message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    #[error("malformed worker message: {0}")]
    Json(#[from] serde_json::Error),
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
}

/// An analyzed article, ready to render.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    /// The encoding the file was read in (WHATWG name).
    pub encoding: String,
    pub title: Option<String>,
    /// Publication date, ISO 8601, when the article states one.
    pub date: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    /// The body, cut into pieces of plain text and entity mentions.
    pub paragraphs: Vec<Paragraph>,
    /// Entities grouped by label, labels in the model's class order; only labels that occur.
    pub groups: Vec<LabelGroup>,
    /// Whitespace-separated words in the body.
    pub words: usize,
}

/// One body paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub pieces: Vec<Piece>,
}

/// A run of a paragraph: plain text, or one entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    /// Text outside any entity.
    Text { text: String },
    /// An entity mention.
    Mention(Mention),
}

/// One entity mention in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The mention's number in the article (0-based, document order).
    pub id: usize,
    /// spaCy's label name, e.g. `"PERSON"`.
    pub label: String,
    /// The mention's text.
    pub text: String,
}

/// The entities of one label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelGroup {
    /// spaCy's label name, e.g. `"PERSON"`.
    pub label: String,
    /// Mentions of this label in the article.
    pub mentions: usize,
    /// Distinct entities (same text), most mentioned first, then by first appearance.
    pub entities: Vec<EntityEntry>,
}

/// One distinct entity and where it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityEntry {
    pub text: String,
    /// [`Mention::id`]s of its mentions, in document order.
    pub mentions: Vec<usize>,
}

/// What each label means (spaCy's `spacy.explain`), for legends and accessible names.
pub fn describe_label(label: &str) -> &'static str {
    match label {
        "PERSON" => "People, including fictional",
        "NORP" => "Nationalities or religious or political groups",
        "FAC" => "Buildings, airports, highways, bridges, etc.",
        "ORG" => "Companies, agencies, institutions, etc.",
        "GPE" => "Countries, cities, states",
        "LOC" => "Non-GPE locations, mountain ranges, bodies of water",
        "PRODUCT" => "Objects, vehicles, foods, etc. (not services)",
        "EVENT" => "Named hurricanes, battles, wars, sports events, etc.",
        "WORK_OF_ART" => "Titles of books, songs, etc.",
        "LAW" => "Named documents made into laws",
        "LANGUAGE" => "Any named language",
        "DATE" => "Absolute or relative dates or periods",
        "TIME" => "Times smaller than a day",
        "PERCENT" => "Percentage, including \"%\"",
        "MONEY" => "Monetary values, including unit",
        "QUANTITY" => "Measurements, as of weight or distance",
        "ORDINAL" => "\"first\", \"second\", etc.",
        "CARDINAL" => "Numerals that do not fall under another type",
        _ => "Entity",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_round_trip_through_json() {
        let msg = Response::Analyzed(Analyzed {
            id: 7,
            article: ArticleView {
                encoding: "UTF-8".into(),
                title: Some("A <title>".into()),
                paragraphs: vec![Paragraph {
                    pieces: vec![
                        Piece::Mention(Mention {
                            id: 0,
                            label: "PERSON".into(),
                            text: "Ada".into(),
                        }),
                        Piece::Text {
                            text: " wrote.".into(),
                        },
                    ],
                }],
                words: 2,
                ..ArticleView::default()
            },
            elapsed_ms: 1.5,
        });
        let json = msg.to_json().unwrap();
        assert_eq!(Response::from_json(&json).unwrap(), msg);
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
    fn garbage_is_a_typed_error() {
        assert!(matches!(
            Response::from_json("{\"Nope\":1}"),
            Err(ProtocolError::Json(_))
        ));
    }

    #[test]
    fn every_label_has_a_description() {
        for label in ["PERSON", "GPE", "CARDINAL", "WORK_OF_ART"] {
            assert_ne!(describe_label(label), "Entity");
        }
    }
}
