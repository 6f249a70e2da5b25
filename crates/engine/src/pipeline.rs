//! The stages tied together: [`Engine`] turns bytes or text into an article with sentences and
//! entities.

use serde::Serialize;

use crate::chunk;
use crate::clean::{self, Article};
use crate::decode::{self, DecodeError};
use crate::intake::{Body, Item, Kind, Provenance};
use crate::model::{Model, ModelError, Prediction};
use crate::recognize::Label;
use crate::refine::gazetteer::Gazetteer;
use crate::refine::{self, Mention, Recased};
use crate::span::Span;
use crate::tokenize::{Features, TokenSpan, Tokenizer};

/// The largest text, in bytes, the engine takes in the page's WebAssembly worker: 64 MiB.
/// Beyond it the page refuses the file with a message naming it and this limit; below it an
/// ordinary text completes.
///
/// Why: the worker is 32-bit WebAssembly, with at most 4 GiB of linear memory and no single
/// allocation over 2 GiB (`isize::MAX`). The text is tokenized and the networks run as the
/// windows advance ([`crate::chunk`], about 32 MB of working memory); what grows with the text
/// is the text itself (a few copies: the bytes, the decoded and the cleaned text) and the
/// result: 16 bytes per token ([`crate::tokenize::TokenSpan`]), one token per 4 to 5 bytes of
/// prose (BBC news: 4.6), plus the sentences and mentions. 64 MiB of prose is about
/// 15 million tokens, a 240 MB token list (up to twice that while its vector grows): well
/// under a gigabyte in all, the rest of the 4 GiB left to the worker's other documents and
/// transients.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Bytes of text between two calls of a [`Progress`] hook.
pub const PROGRESS_STEP_BYTES: usize = 64 * 1024;

/// Told how far recognition has gone: `(done, total)` bytes of the article's text, about every
/// [`PROGRESS_STEP_BYTES`]. `done` is where the tokenizer is; the networks follow it within a
/// window ([`chunk::WINDOW_TOKENS`] tokens). Refinement, after the last call, is not counted.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// A recognized entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub span: Span,
    pub label: Label,
}

/// What the recognizer found in one text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    /// Where each token is (the networks' features are not kept).
    pub tokens: Vec<TokenSpan>,
    pub sents: Vec<Span>,
    pub ents: Vec<Entity>,
    /// The recognizer's confidence in each entity's label, parallel to `ents` (a score margin;
    /// see [`crate::model::Prediction::confidence`]). Not serialized.
    #[serde(skip)]
    pub confidence: Vec<f32>,
}

/// Which entities a result carries as its labels.
pub use entity_lens_vocab::EntityMode;

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
    /// Where the article came from (empty `file` when analysed from bytes or text alone).
    pub provenance: Provenance,
    /// What kind of file it was read from.
    pub kind: Kind,
    /// The encoding the bytes were read in.
    pub encoding: &'static str,
    /// The article; without cleanup, its `text` is the whole decoded file and nothing is removed.
    pub article: Article,
    /// Recognition over `article.text`: spaCy's exact output on the whole text (in both modes;
    /// refinement recognizes again, on its own, each line an entity crossed into).
    pub analysis: Analysis,
    /// The mentions, refined and raw, sorted by start ([`refine`]).
    pub mentions: Vec<Mention>,
}

/// Tokenizer plus model, loaded once.
#[derive(Debug)]
pub struct Engine {
    tokenizer: Tokenizer,
    model: Model,
    gazetteer: Gazetteer,
}

impl Engine {
    /// Loads the engine from a model artifact's bytes.
    pub fn new(model: &[u8]) -> Result<Self, ModelError> {
        Ok(Self {
            tokenizer: Tokenizer::new(),
            model: Model::from_bytes(model)?,
            gazetteer: Gazetteer::bundled(),
        })
    }

    /// The same engine refining with another gazetteer (tests, custom knowledge).
    pub fn with_gazetteer(self, gazetteer: Gazetteer) -> Self {
        Self { gazetteer, ..self }
    }

    /// The gazetteer refinement uses.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Loads the engine with the model embedded in the crate.
    #[cfg(feature = "bundled-model")]
    pub fn bundled() -> Result<Self, ModelError> {
        Self::new(crate::model::BUNDLED)
    }

    /// Tokens, sentences and entities of `text`, exactly as spaCy's pipeline gives them.
    ///
    /// Texts of more than [`chunk::WINDOW_TOKENS`] tokens are analyzed in windows
    /// ([`crate::chunk`]): working memory stays about 32 MB whatever the length, and the
    /// result is the whole document's.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_in_windows(text, chunk::WINDOW_TOKENS)
    }

    /// [`Engine::analyze`] with windows of `window` tokens (tests and benchmarks compare
    /// window sizes); a text of at most `window` tokens is analyzed whole.
    ///
    /// The text is tokenized as the windows advance ([`Tokenizer::tokens`]): what is held is
    /// the window's features and, for the result, 16 bytes per token ([`TokenSpan`]). Offsets
    /// are `u32`: a text over 4 GiB (far more than the tokens of it would fit in memory) is
    /// analyzed up to the last token that ends before 4 GiB.
    pub fn analyze_in_windows(&self, text: &str, window: usize) -> Analysis {
        self.analyze_observed(text, window, None)
    }

    /// [`Engine::analyze_in_windows`], telling `progress` how far it has gone (see
    /// [`Progress`]); without it, nothing is counted.
    fn analyze_observed(
        &self,
        text: &str,
        window: usize,
        mut progress: Option<Progress<'_>>,
    ) -> Analysis {
        let mut tokens = Vec::new();
        let total = text.len();
        let mut next_report = PROGRESS_STEP_BYTES;
        let features = self.tokenizer.tokens(text).map_while(|t| {
            if let Some(report) = progress.as_mut() {
                if t.span.byte.end >= next_report {
                    report(t.span.byte.end, total);
                    next_report = t.span.byte.end.saturating_add(PROGRESS_STEP_BYTES);
                }
            }
            tokens.push(TokenSpan::new(&t.span)?);
            Some(t.features)
        });
        let (prediction, _) = chunk::predict(&self.model, features, window);
        tokens.shrink_to_fit();
        analysis(tokens, &prediction)
    }

    /// The whole text through the networks at once, as spaCy does: the reference
    /// [`Engine::analyze`] is measured against. Working memory is about 8 KB per token.
    pub fn analyze_whole(&self, text: &str) -> Analysis {
        let mut tokens = Vec::new();
        let features: Vec<Features> = self
            .tokenizer
            .tokens(text)
            .map_while(|t| {
                tokens.push(TokenSpan::new(&t.span)?);
                Some(t.features)
            })
            .collect();
        let prediction = self.model.predict(&features);
        analysis(tokens, &prediction)
    }

    /// [`Engine::analyze`] on each non-blank line of `text` on its own, offsets into `text`:
    /// no entity or sentence crosses a line break, and each line's result is spaCy's exact
    /// output for that line. Memory is bounded by the longest line, not the text.
    pub fn analyze_lines(&self, text: &str) -> Analysis {
        let mut out = Analysis::default();
        let (mut byte, mut char) = (0, 0);
        for line in text.split_inclusive('\n') {
            let lead = line.len() - line.trim_start().len();
            let unit = line.trim();
            if !unit.is_empty() {
                let shift = Shift {
                    byte: byte + lead,
                    char: char + line[..lead].chars().count(),
                };
                let analysis = self.analyze(unit);
                out.tokens.extend(
                    analysis
                        .tokens
                        .iter()
                        .map_while(|t| TokenSpan::new(&shift.apply(&t.span()))),
                );
                out.sents
                    .extend(analysis.sents.iter().map(|s| shift.apply(s)));
                out.ents.extend(analysis.ents.into_iter().map(|e| Entity {
                    span: shift.apply(&e.span),
                    label: e.label,
                }));
                out.confidence.extend(analysis.confidence);
            }
            byte += line.len();
            char += line.chars().count();
        }
        out
    }

    /// The lines an entity of the whole text crosses into, each recognized on its own (spaCy's
    /// exact output for that line): no refined entity crosses a line break. Only those lines
    /// are analyzed again, so the cost is nil on text where the model respects line breaks.
    fn split_lines(&self, text: &str, analysis: &Analysis) -> Vec<Recased> {
        let mut lines: Vec<(usize, usize)> = Vec::new();
        for e in &analysis.ents {
            let Some(written) = text.get(e.span.byte.clone()) else {
                continue;
            };
            if !written.contains('\n') {
                continue;
            }
            let start = text[..e.span.byte.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[e.span.byte.end..]
                .find('\n')
                .map_or(text.len(), |i| e.span.byte.end + i);
            lines.push((start, end));
        }
        lines.dedup();
        // Code points counted onwards from the last line (lines come in text order): linear
        // in the text, with no offset table of it.
        let mut chars = CharCursor::default();
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<Recased> = Vec::new();
        for (start, end) in lines {
            let mut at = start;
            for line in text[start..end].split_inclusive('\n') {
                let lead = line.len() - line.trim_start().len();
                let unit = line.trim();
                let unit_start = at + lead;
                at += line.len();
                if unit.is_empty() || !seen.insert(unit_start) {
                    continue;
                }
                let char_start = chars.at(text, unit_start);
                let shift = Shift {
                    byte: unit_start,
                    char: char_start,
                };
                let part = self.analyze(unit);
                let (ents, confidence) = part
                    .ents
                    .into_iter()
                    .map(|e| Entity {
                        span: shift.apply(&e.span),
                        label: e.label,
                    })
                    .zip(part.confidence)
                    .unzip();
                out.push(Recased {
                    sentence: Span {
                        byte: unit_start..unit_start + unit.len(),
                        char: char_start..char_start + unit.chars().count(),
                    },
                    rule: refine::Rule::Structure,
                    ents,
                    confidence,
                });
            }
        }
        out
    }

    /// Sentences written all in capitals (headlines, datelines, tables), recognized again in
    /// ordinary case: the model reads case, and a shouted `BELGRADE` is not a name to it.
    fn recase(&self, text: &str, analysis: &Analysis) -> Vec<Recased> {
        let mut out = Vec::new();
        // Each line of each sentence (a headline the parser ran into the next paragraph).
        let pieces = analysis.sents.iter().flat_map(|sent| {
            let mut at = sent.byte.start;
            let mut char_at = sent.char.start;
            text.get(sent.byte.clone())
                .unwrap_or("")
                .split_inclusive('\n')
                .map(move |line| {
                    let piece = (at, char_at, line.trim_end());
                    at += line.len();
                    char_at += line.chars().count();
                    piece
                })
        });
        for (start, char_start, written) in pieces {
            let Some(cased) = refine::case::ordinary_case(written, &self.gazetteer) else {
                continue;
            };
            let sent = Span {
                byte: start..start + written.len(),
                char: char_start..char_start + written.chars().count(),
            };
            let shift = Shift {
                byte: sent.byte.start,
                char: sent.char.start,
            };
            let analysis = self.analyze(&cased);
            let (ents, confidence) = analysis
                .ents
                .into_iter()
                .zip(analysis.confidence)
                .filter(|(e, _)| {
                    cased
                        .get(e.span.byte.clone())
                        .is_some_and(refine::case::is_plausible)
                })
                .map(|(e, confidence)| {
                    let span = shift.apply(&e.span);
                    (
                        Entity {
                            span,
                            label: e.label,
                        },
                        confidence,
                    )
                })
                .unzip();
            out.push(Recased {
                sentence: sent,
                rule: refine::Rule::Case,
                ents,
                confidence,
            });
        }
        out
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

    /// An article read by [`crate::intake::read`]: a raw body is cleaned (if asked), an article
    /// body is analysed as it is; then recognized and refined (if asked).
    pub fn analyze_item(&self, item: Item, options: Options) -> Document {
        self.analyze_item_observed(item, options, None)
    }

    /// [`Engine::analyze_item`], telling `progress` how far recognition has gone, about every
    /// [`PROGRESS_STEP_BYTES`] of the article's text (the page shows a long text's progress).
    pub fn analyze_item_with_progress(
        &self,
        item: Item,
        options: Options,
        progress: Progress<'_>,
    ) -> Document {
        self.analyze_item_observed(item, options, Some(progress))
    }

    fn analyze_item_observed(
        &self,
        item: Item,
        options: Options,
        progress: Option<Progress<'_>>,
    ) -> Document {
        let Item {
            provenance,
            kind,
            encoding,
            body,
        } = item;
        let article = match body {
            Body::Raw(text) => self.article(text, options),
            Body::Article(article) => *article,
        };
        Document {
            provenance,
            kind,
            ..self.analyze_article(article, encoding, options, progress)
        }
    }

    fn analyze_decoded(&self, text: String, encoding: &'static str, options: Options) -> Document {
        let article = self.article(text, options);
        self.analyze_article(article, encoding, options, None)
    }

    /// The article of a raw text: cleaned, or the whole text when cleanup is off.
    fn article(&self, text: String, options: Options) -> Article {
        if !options.clean {
            let whole = Span {
                byte: 0..text.len(),
                char: 0..text.chars().count(),
            };
            Article {
                paragraphs: vec![whole],
                text,
                ..Article::default()
            }
        } else {
            clean::clean(&text)
        }
    }

    fn analyze_article(
        &self,
        article: Article,
        encoding: &'static str,
        options: Options,
        progress: Option<Progress<'_>>,
    ) -> Document {
        let analysis = self.analyze_observed(&article.text, chunk::WINDOW_TOKENS, progress);
        let mentions = match options.entities {
            EntityMode::Raw => refine::unrefined(&analysis.ents),
            EntityMode::Refined => {
                let mut recased = self.split_lines(&article.text, &analysis);
                let shouted = self.recase(&article.text, &analysis);
                let free = |s: &Span| {
                    !recased.iter().any(|r| {
                        r.sentence.byte.start < s.byte.end && s.byte.start < r.sentence.byte.end
                    })
                };
                let shouted: Vec<Recased> =
                    shouted.into_iter().filter(|r| free(&r.sentence)).collect();
                recased.extend(shouted);
                refine::refine(refine::Input {
                    article: &article,
                    analysis: &analysis,
                    gazetteer: &self.gazetteer,
                    recased: &recased,
                })
            }
        };
        Document {
            provenance: Provenance::default(),
            kind: Kind::Text,
            encoding,
            article,
            analysis,
            mentions,
        }
    }
}

/// The token offsets [`Engine::analyze`] keeps of `text` (the same tokenizer, the same stop
/// at 4 GiB), without the networks: for a document whose tokens were not kept (the page's
/// corpus worker derives them again for the exports that list tokens).
pub fn token_spans(tokenizer: &Tokenizer, text: &str) -> Vec<TokenSpan> {
    tokenizer
        .tokens(text)
        .map_while(|t| TokenSpan::new(&t.span))
        .collect()
}

/// The analysis of `tokens` from the networks' prediction.
fn analysis(tokens: Vec<TokenSpan>, prediction: &Prediction) -> Analysis {
    let sents = sentence_spans(&tokens, &prediction.sent_starts);
    let (ents, confidence) = prediction
        .ents
        .iter()
        .zip(&prediction.confidence)
        .filter_map(|(ent, &confidence)| {
            let span = covering(&tokens, ent.start, ent.end)?;
            Some((
                Entity {
                    span,
                    label: ent.label,
                },
                confidence,
            ))
        })
        .unzip();
    Analysis {
        tokens,
        sents,
        ents,
        confidence,
    }
}

/// Code-point offsets of byte offsets met in increasing order, counted from the last one.
#[derive(Debug, Default)]
struct CharCursor {
    byte: usize,
    char: usize,
}

impl CharCursor {
    /// The code-point offset of byte offset `byte` (a char boundary of `text`).
    fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = Self::default();
        }
        self.char += text.get(self.byte..byte).map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.char
    }
}

/// Offsets of a part of a text within the whole.
#[derive(Debug, Clone, Copy)]
struct Shift {
    byte: usize,
    char: usize,
}

impl Shift {
    fn apply(self, span: &Span) -> Span {
        Span {
            byte: span.byte.start + self.byte..span.byte.end + self.byte,
            char: span.char.start + self.char..span.char.end + self.char,
        }
    }
}

/// The span from the start of token `start` to the end of token `end - 1`.
fn covering(tokens: &[TokenSpan], start: usize, end: usize) -> Option<Span> {
    let first = tokens.get(start)?;
    let last = tokens.get(end.checked_sub(1)?)?;
    (start < end).then_some(Span {
        byte: first.byte().start..last.byte().end,
        char: first.char().start..last.char().end,
    })
}

/// spaCy's `doc.sents`: each sentence runs from a start token to the token before the next one.
fn sentence_spans(tokens: &[TokenSpan], starts: &[bool]) -> Vec<Span> {
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

#[cfg(all(test, feature = "bundled-model"))]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn engine() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(|| Engine::bundled().expect("the bundled model loads"))
    }

    /// Paragraphs of ordinary prose, long enough for several windows and progress steps.
    fn long_text() -> String {
        let paragraph = "Angela Merkel met Emmanuel Macron in Paris on Tuesday. The two leaders \
            spoke about the budget of the European Union, and Zoë Ba of Reuters asked about \
            the €3 billion fund.\n\n";
        paragraph.repeat(PROGRESS_STEP_BYTES * 3 / paragraph.len())
    }

    #[test]
    fn progress_is_told_in_order_up_to_the_text_and_changes_nothing() {
        let text = long_text();
        let item = |t: &str| Item {
            provenance: Provenance::default(),
            kind: Kind::Text,
            encoding: "UTF-8",
            body: Body::Raw(t.to_owned()),
        };
        // Without cleanup (it would drop the repeated paragraphs).
        let options = Options {
            clean: false,
            entities: EntityMode::Refined,
        };
        let mut calls: Vec<(usize, usize)> = Vec::new();
        let mut hook = |done, total| calls.push((done, total));
        let observed = engine().analyze_item_with_progress(item(&text), options, &mut hook);
        let plain = engine().analyze_item(item(&text), options);
        assert_eq!(observed.mentions, plain.mentions);
        assert_eq!(observed.analysis.tokens, plain.analysis.tokens);
        let total = observed.article.text.len();
        assert!(calls.len() >= 2, "{calls:?}");
        assert!(
            calls.iter().all(|&(d, t)| t == total && d <= t),
            "{calls:?}"
        );
        assert!(calls
            .windows(2)
            .all(|w| w[1].0 - w[0].0 >= PROGRESS_STEP_BYTES));
    }

    #[test]
    fn token_spans_are_the_analysis_tokens() {
        let text = format!("{}\r\nZoë 😀 e\u{301} U.S. don't", long_text());
        let tokens = token_spans(&Tokenizer::new(), &text);
        assert_eq!(tokens, engine().analyze(&text).tokens);
        assert!(token_spans(&Tokenizer::new(), "").is_empty());
    }
}
