//! Chunked analysis: a document of any length recognized in windows of tokens, so that working
//! memory is bounded by the window (about 8 KB per token of it) while the result stays the whole
//! document's. The tokens themselves come from a stream ([`crate::tokenize::Tokenizer::tokens`],
//! tokenized segment by segment as the windows advance): a window's features are dropped once
//! it is predicted, and what the document keeps of each token is its offsets (16 bytes).
//!
//! The networks read a document in three ways, and each is cut where it reads nothing across:
//!
//! 1. **Token vectors** (both tok2vecs): a token's vector reads the tokens at most
//!    window × depth = 4 away ([`crate::encode`]). A window is encoded with that many tokens of
//!    context on each side; the vectors of its inner tokens are then exactly the whole
//!    document's (the padding rows only reach the outer 4 tokens). At the document's own
//!    edges the window's padding *is* the document's.
//! 2. **The parser** is a state machine. Where the whole document's parse reaches a *clean
//!    boundary* (stack and re-buffer empty, the next token without a left child, no sentence
//!    start marked beyond it) its state is exactly a fresh parse's from that token, and no arc
//!    crosses it. Each window's parse starts at the clean boundary the previous one ended on,
//!    runs while every token it reads has an exact vector, and ends at the last clean boundary
//!    it reached ([`crate::parse::ArcEager::parse_stretch`]). The tokens after it are parsed
//!    again by the next window. Clean boundaries are the parser's own sentence boundaries, so
//!    every piece ends on a sentence (and so on a token) boundary: a cut never splits a token,
//!    a sentence or an entity. Sentence starts come from the stretch's heads, which are final.
//! 3. **The recognizer** never carries an entity across a sentence start, and at a clean
//!    boundary none is open: it runs over each stretch with the next stretch's first token as
//!    a sentence start, as in the whole document.
//!
//! The windows are therefore a matter of memory, not of results, and paragraphs need no special
//! treatment: a paragraph break is a clean boundary whenever the parser treats it as a sentence
//! break, as it does in ordinary text.
//!
//! **The one departure:** when a window finds no clean boundary (one "sentence", as the parser
//! sees it, of more tokens than the window), it is doubled, up to [`MAX_GROWTH`] times its size
//! ([`MAX_WINDOW_TOKENS`] by default); past
//! that, the window's exact part is parsed as a document of its own and the next window starts
//! fresh after it (a *forced cut*: a sentence start there, no entity across it). Such input is
//! not prose (a token list, a table flattened into one line); [`Windows::forced_cuts`] counts
//! the cuts. spaCy itself refuses texts over a million characters unless told otherwise
//! (`nlp.max_length`), so on long texts there is no upstream result to differ from beyond this.

use crate::model::{Model, Prediction};
use crate::recognize::TokenEntity;
use crate::tokenize::Features;

/// Tokens in one window: texts of more tokens than this are analyzed in windows. About 8 KB
/// of working memory per token (32 MB per window), and a few percent of the tokens encoded
/// and parsed twice (the context and the tail after the last clean boundary).
pub const WINDOW_TOKENS: usize = 4096;

/// How many times its size a window grows, at most, while it finds no clean boundary.
pub const MAX_GROWTH: usize = 8;

/// The largest window of the default size's runs before a forced cut (about 256 MB of
/// working memory).
pub const MAX_WINDOW_TOKENS: usize = WINDOW_TOKENS * MAX_GROWTH;

/// How a windowed prediction went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Windows {
    /// Windows encoded and parsed (including those redone larger).
    pub windows: usize,
    /// Cuts made without a clean boundary, where the result may differ from the whole
    /// document's (see the module documentation).
    pub forced_cuts: usize,
}

/// [`Model::predict`] over a token stream's features in windows of about `window` tokens: only
/// the current window's features are held (pulled from `features` as the windows advance), so
/// a stream of any length is predicted in memory bounded by the window. A stream of at most
/// `window` tokens is predicted whole.
pub(crate) fn predict(
    model: &Model,
    features: impl Iterator<Item = Features>,
    window: usize,
) -> (Prediction, Windows) {
    let ctx = model
        .tok2vec
        .receptive_field()
        .max(model.ner_tok2vec.receptive_field());
    let width = model.tok2vec.width();
    let ner_width = model.ner_tok2vec.width();
    // Room for the context on both sides and a stretch between them.
    let window = window.max(4 * ctx + 4);
    let max_window = window.saturating_mul(MAX_GROWTH);
    let mut feats = Buffer::new(features);

    feats.fill(window + 1);
    if feats.end() <= window {
        let stats = Windows {
            windows: 1,
            forced_cuts: 0,
        };
        return (model.predict(feats.get(0..feats.end())), stats);
    }
    let mut out = Prediction::default();
    let mut stats = Windows::default();
    let mut start = 0;
    let mut size = window;
    loop {
        feats.fill(start + 1);
        if feats.end() <= start {
            break;
        }
        stats.windows += 1;
        // Window [ws, we) of the document; the stretch starts at `start - ws` inside it. One
        // token past the window is pulled to know whether the window ends the document.
        let ws = start.saturating_sub(ctx);
        feats.fill(ws.saturating_add(size).saturating_add(1));
        let we = ws.saturating_add(size).min(feats.end());
        let ends_document = we == feats.end();
        let exact = (!ends_document).then(|| we - ws - ctx);
        let tokvecs = model.tok2vec.forward(feats.get(ws..we));
        let stretch = match model.parser.parse_stretch(&tokvecs, start - ws, exact) {
            Some(stretch) => stretch,
            None if size < max_window => {
                size = size.saturating_mul(2);
                continue;
            }
            None => {
                // A forced cut: the exact part of the window as a document of its own.
                stats.forced_cuts += 1;
                let exact_end = we - ws - ctx;
                let parsed =
                    model
                        .parser
                        .parse_stretch(&tokvecs[..exact_end * width], start - ws, None);
                match parsed {
                    Some(stretch) => stretch,
                    // Unreachable (the window holds more than its context), but never a loop.
                    None => break,
                }
            }
        };
        drop(tokvecs);
        let end = ws + stretch.end;
        // Not at the document's end, the buffer holds a token past the window.
        let continues = end < feats.end();
        let ner_vecs = model
            .ner_tok2vec
            .forward(feats.get(ws..(end + ctx).min(feats.end())));
        let rows = ner_vecs
            .get((start - ws) * ner_width..(end - ws) * ner_width)
            .unwrap_or_default();
        let is_space: Vec<bool> = feats.get(start..end).iter().map(|f| f.is_space).collect();
        let (ents, confidence) =
            model
                .ner
                .recognize(rows, &is_space, &stretch.sent_starts, continues);
        out.ents.extend(ents.into_iter().map(|e| TokenEntity {
            start: e.start + start,
            end: e.end + start,
            label: e.label,
        }));
        out.confidence.extend(confidence);
        out.sent_starts.extend(stretch.sent_starts);
        start = end;
        size = window;
        // The next window reads from `start - ctx` on.
        feats.forget_before(start.saturating_sub(ctx));
    }
    (out, stats)
}

/// The features of a token stream from some token on: pulled on demand, forgotten once no
/// window reads them.
struct Buffer<I> {
    source: I,
    /// Token index (in the stream) of `items[0]`.
    first: usize,
    items: Vec<Features>,
}

impl<I: Iterator<Item = Features>> Buffer<I> {
    fn new(source: I) -> Self {
        Self {
            source,
            first: 0,
            items: Vec::new(),
        }
    }

    /// Pulls tokens until the buffer reaches token `upto` (exclusive) or the stream ends.
    fn fill(&mut self, upto: usize) {
        let want = upto.saturating_sub(self.end());
        self.items.extend(self.source.by_ref().take(want));
    }

    /// One past the last token pulled.
    fn end(&self) -> usize {
        self.first + self.items.len()
    }

    /// Tokens `range` of the stream (those still held; the rest of the range is cut off).
    fn get(&self, range: std::ops::Range<usize>) -> &[Features] {
        let start = range.start.saturating_sub(self.first);
        let end = range.end.saturating_sub(self.first).min(self.items.len());
        self.items.get(start.min(end)..end).unwrap_or_default()
    }

    /// Forgets the tokens before token `at`.
    fn forget_before(&mut self, at: usize) {
        let n = at.saturating_sub(self.first).min(self.items.len());
        self.items.drain(..n);
        self.first += n;
    }
}
