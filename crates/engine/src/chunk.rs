//! Chunked analysis: a document of any length recognized in windows of tokens, so that working
//! memory is bounded by the window (about 8 KB per token of it) while the result stays the whole
//! document's.
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

/// [`Model::predict`] over `items`' features in windows of about `window` tokens.
pub(crate) fn predict<T>(
    model: &Model,
    items: &[T],
    features: impl Fn(&T) -> Features,
    window: usize,
) -> (Prediction, Windows) {
    let n = items.len();
    let ctx = model
        .tok2vec
        .receptive_field()
        .max(model.ner_tok2vec.receptive_field());
    let width = model.tok2vec.width();
    let ner_width = model.ner_tok2vec.width();
    // Room for the context on both sides and a stretch between them.
    let window = window.max(4 * ctx + 4);
    let max_window = window.saturating_mul(MAX_GROWTH);
    let feats = |range: std::ops::Range<usize>| -> Vec<Features> {
        items[range].iter().map(&features).collect()
    };

    let mut out = Prediction {
        sent_starts: Vec::with_capacity(n),
        ..Prediction::default()
    };
    let mut stats = Windows::default();
    let mut start = 0;
    let mut size = window;
    while start < n {
        stats.windows += 1;
        // Window [ws, we) of the document; the stretch starts at `start - ws` inside it.
        let ws = start.saturating_sub(ctx);
        let we = ws.saturating_add(size).min(n);
        let ends_document = we == n;
        let exact = (!ends_document).then(|| we - ws - ctx);
        let tokvecs = model.tok2vec.forward(&feats(ws..we));
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
        let continues = end < n;
        let ner_vecs = model.ner_tok2vec.forward(&feats(ws..(end + ctx).min(n)));
        let rows = ner_vecs
            .get((start - ws) * ner_width..(end - ws) * ner_width)
            .unwrap_or_default();
        let is_space: Vec<bool> = items[start..end]
            .iter()
            .map(|t| features(t).is_space)
            .collect();
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
    }
    (out, stats)
}
