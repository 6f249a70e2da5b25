//! An analyzed document as the corpus worker keeps it: [`DocumentRecord`].
//!
//! With a pool of analysis workers, no one of them sees the whole corpus; each sends the record
//! of the document it analyzed (as a JSON string the page forwards unread, see
//! [`crate::Request::Keep`]) to the page's corpus worker, which rebuilds the engine's
//! `Document` from it and answers the corpus questions. The record carries what the `group`
//! and `export` stages read (metadata, text, paragraphs, sentences, mentions) and nothing else,
//! with spans as code-point ranges (`[start, end)`). It holds no tokens: they are a function of
//! the text (the engine's tokenizer, `entity_lens_engine::pipeline::token_spans`), derived again
//! by the corpus worker for the exports that list them, so a record is the text plus a few
//! bytes per sentence and mention (a token list would be about 3 bytes of JSON per byte of
//! text). The page also persists it (`src/store.rs`), so a reload restores the corpus without
//! analyzing again; records saved with their tokens still load.

use serde::{Deserialize, Serialize};

use crate::intake::{Provenance, SourceKind};
use crate::label::{Change, Label, Rule};

/// A code-point range `[start, end)` of the record's text.
pub type CharRange = [usize; 2];

/// One analyzed document, compact (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Where the article came from (exports name it; empty in records saved before it was kept).
    #[serde(default)]
    pub provenance: Provenance,
    #[serde(default)]
    pub kind: SourceKind,
    /// The encoding the file was read in (WHATWG name).
    pub encoding: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    /// The clean body (what recognition ran on).
    pub text: String,
    pub paragraphs: Vec<CharRange>,
    /// The parser's sentences.
    pub sents: Vec<CharRange>,
    /// Every token: empty in the records made now (see the module docs); records saved by
    /// earlier builds hold them, and they are read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<CharRange>,
    /// Every mention, refined and raw, in the engine's order.
    pub mentions: Vec<MentionRecord>,
}

/// One mention of a [`DocumentRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub span: CharRange,
    pub label: Option<Label>,
    pub raw_label: Option<Label>,
    pub change: Change,
    pub rule: Option<Rule>,
}

#[cfg(feature = "engine")]
mod convert {
    use entity_lens_engine::clean::Article;
    use entity_lens_engine::pipeline::{Analysis, Document};
    use entity_lens_engine::refine::Mention;
    use entity_lens_engine::span::OffsetMap;
    use entity_lens_engine::tokenize::TokenSpan;

    use super::*;

    fn chars(s: &entity_lens_engine::Span) -> CharRange {
        [s.char.start, s.char.end]
    }

    impl DocumentRecord {
        /// The record of an analyzed document.
        pub fn from_document(doc: &Document) -> Self {
            let a = &doc.article;
            Self {
                provenance: doc.provenance.clone(),
                kind: doc.kind,
                encoding: doc.encoding.to_owned(),
                title: a.title.clone(),
                date: a.date.clone(),
                source: a.source.clone(),
                dateline: a.dateline.clone(),
                byline: a.byline.clone(),
                tags: a.tags.clone(),
                text: a.text.clone(),
                paragraphs: a.paragraphs.iter().map(chars).collect(),
                sents: doc.analysis.sents.iter().map(chars).collect(),
                tokens: Vec::new(),
                mentions: doc
                    .mentions
                    .iter()
                    .map(|m| MentionRecord {
                        span: chars(&m.span),
                        label: m.label,
                        raw_label: m.raw_label,
                        change: m.change,
                        rule: m.rule,
                    })
                    .collect(),
            }
        }

        /// The engine's document again, as far as the `group` and `export` stages read it
        /// (token features, removed stretches and the cleaner's own sentences are not kept;
        /// tokens only when the record holds them, see the module docs). Ranges past the text
        /// are clamped to it.
        pub fn into_document(self) -> Document {
            let map = OffsetMap::new(&self.text);
            let span = |r: &CharRange| map.span(r[0]..r[1]);
            let encoding = encoding_rs::Encoding::for_label(self.encoding.as_bytes())
                .map_or("UTF-8", |e| e.name());
            let article = Article {
                title: self.title,
                date: self.date,
                source: self.source,
                dateline: self.dateline,
                byline: self.byline,
                tags: self.tags,
                paragraphs: self.paragraphs.iter().map(span).collect(),
                ..Article::default()
            };
            let analysis = Analysis {
                tokens: self
                    .tokens
                    .iter()
                    .filter_map(|r| TokenSpan::new(&span(r)))
                    .collect(),
                sents: self.sents.iter().map(span).collect(),
                ..Analysis::default()
            };
            let mentions = self
                .mentions
                .iter()
                .map(|m| Mention {
                    span: span(&m.span),
                    label: m.label,
                    raw_label: m.raw_label,
                    change: m.change,
                    rule: m.rule,
                })
                .collect();
            Document {
                provenance: self.provenance,
                kind: self.kind,
                encoding,
                article: Article {
                    text: self.text,
                    ..article
                },
                analysis,
                mentions,
            }
        }
    }
}
