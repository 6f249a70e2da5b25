//! The stages tied together: [`Engine`] turns bytes or text into an article with sentences and
//! entities.

use serde::Serialize;

use crate::clean::{self, Article};
use crate::decode::{self, DecodeError};
use crate::model::{Model, ModelError};
use crate::recognize::Label;
use crate::refine::{self, Mention};
use crate::span::Span;
use crate::tokenize::{Features, Token, Tokenizer};

/// A recognized entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub span: Span,
    pub label: Label,
}

/// What the recognizer found in one text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sents: Vec<Span>,
    pub ents: Vec<Entity>,
}

/// Which entities a result carries as its labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityMode {
    /// spaCy's exact output on the whole text; every mention [`refine::Change::Kept`].
    Raw,
    /// The refinement stage's output, spaCy's labels kept beside it (the default).
    #[default]
    Refined,
}

/// How [`Engine::analyze_file`] treats a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Run cleanup (page clutter removed, metadata found); `false` analyzes the whole text.
    pub clean: bool,
    /// Raw or refined entities.
    pub entities: EntityMode,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            clean: true,
            entities: EntityMode::Refined,
        }
    }
}

/// A file taken all the way: decoded, cleaned (unless not asked), recognized, refined.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The encoding the bytes were read in.
    pub encoding: &'static str,
    /// The article; without cleanup, its `text` is the whole decoded file and nothing is removed.
    pub article: Article,
    /// Recognition over `article.text` (spaCy's exact output in [`EntityMode::Raw`]).
    pub analysis: Analysis,
    /// The mentions, refined and raw, sorted by start ([`refine`]).
    pub mentions: Vec<Mention>,
}

/// Tokenizer plus model, loaded once.
#[derive(Debug)]
pub struct Engine {
    tokenizer: Tokenizer,
    model: Model,
}

impl Engine {
    /// Loads the engine from a model artifact's bytes.
    pub fn new(model: &[u8]) -> Result<Self, ModelError> {
        Ok(Self {
            tokenizer: Tokenizer::new(),
            model: Model::from_bytes(model)?,
        })
    }

    /// Loads the engine with the model embedded in the crate.
    #[cfg(feature = "bundled-model")]
    pub fn bundled() -> Result<Self, ModelError> {
        Self::new(crate::model::BUNDLED)
    }

    /// Tokens, sentences and entities of `text`, exactly as spaCy's pipeline gives them.
    pub fn analyze(&self, text: &str) -> Analysis {
        let tokens = self.tokenizer.tokenize(text);
        let features: Vec<Features> = tokens.iter().map(|t| t.features).collect();
        let prediction = self.model.predict(&features);
        let sents = sentence_spans(&tokens, &prediction.sent_starts);
        let ents = prediction
            .ents
            .iter()
            .filter_map(|ent| {
                let span = covering(&tokens, ent.start, ent.end)?;
                Some(Entity {
                    span,
                    label: ent.label,
                })
            })
            .collect();
        Analysis {
            tokens,
            sents,
            ents,
        }
    }

    /// Decodes a file, cleans it (if asked), recognizes and refines its entities (if asked).
    pub fn analyze_file(&self, bytes: &[u8], options: Options) -> Result<Document, DecodeError> {
        let decoded = decode::decode(bytes)?;
        Ok(self.analyze_decoded(decoded.text, decoded.encoding, options))
    }

    /// [`Engine::analyze_file`] for text already decoded.
    pub fn analyze_text(&self, text: &str, options: Options) -> Document {
        self.analyze_decoded(text.to_owned(), "UTF-8", options)
    }

    fn analyze_decoded(&self, text: String, encoding: &'static str, options: Options) -> Document {
        let article = if !options.clean {
            let map = crate::span::OffsetMap::new(&text);
            Article {
                paragraphs: vec![map.span(0..map.char_len())],
                text,
                ..Article::default()
            }
        } else {
            clean::clean(&text)
        };
        let analysis = self.analyze(&article.text);
        let mentions = match options.entities {
            EntityMode::Raw => refine::unrefined(&analysis.ents),
            EntityMode::Refined => refine::refine(refine::Input {
                article: &article,
                analysis: &analysis,
            }),
        };
        Document {
            encoding,
            article,
            analysis,
            mentions,
        }
    }
}

/// The span from the start of token `start` to the end of token `end - 1`.
fn covering(tokens: &[Token], start: usize, end: usize) -> Option<Span> {
    let first = tokens.get(start)?;
    let last = tokens.get(end.checked_sub(1)?)?;
    (start < end).then_some(Span {
        byte: first.span.byte.start..last.span.byte.end,
        char: first.span.char.start..last.span.char.end,
    })
}

/// spaCy's `doc.sents`: each sentence runs from a start token to the token before the next one.
fn sentence_spans(tokens: &[Token], starts: &[bool]) -> Vec<Span> {
    let mut sents = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || starts.get(i).copied().unwrap_or(false) {
            sents.extend(covering(tokens, start, i));
            start = i;
        }
    }
    sents
}
