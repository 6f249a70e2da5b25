//! spaCy 3.8's English tokenizer (`en_core_web_sm` 3.8.0 rules) and the per-token lexical
//! attributes the model embeds (NORM, PREFIX, SUFFIX, SHAPE as spaCy string ids; SPACY; IS_SPACE).
//! Specification: `../shared/spacy-port/tokenizer/SPEC.md`.
//!
//! The steps (SPEC section 3): split on Python whitespace; a chunk that is a special case
//! becomes its tokens; otherwise strip prefixes and suffixes (checking special cases as they
//! go), then split the core on infixes unless it is a special case or a URL; finally a
//! phrase-matcher pass re-merges special cases that contain affixes (`e.g.`, `:)`).
//!
//! ```
//! use entity_lens_engine::tokenize::Tokenizer;
//!
//! let text = "Don't stop (U.S.) at 3:30pm :)";
//! let tokens = Tokenizer::new().tokenize(text);
//! let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.byte.clone()]).collect();
//! assert_eq!(words, ["Do", "n't", "stop", "(", "U.S.", ")", "at", "3:30pm", ":)"]);
//! ```

mod attrs;
mod hash;
mod rules;
mod tables;

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::span::Span;

pub use attrs::{py_isspace, py_lower_into, word_shape_into};
pub use hash::{hash_string, murmurhash64a, StringIds};

use rules::Rules;
use tables::{BASE_NORMS, EXCEPTIONS, LEXEME_NORM};

/// The attribute ids one token feeds to the networks (`doc.to_array([...])` in spaCy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Features {
    /// String id of the NORM (exception NORM, else `lexeme_norm`, `BASE_NORMS`, `lower()`).
    pub norm: u64,
    /// String id of the first code point.
    pub prefix: u64,
    /// String id of the last three code points.
    pub suffix: u64,
    /// String id of `word_shape(text)`.
    pub shape: u64,
    /// The token is followed by a single space (`whitespace_ == " "`).
    pub spacy: bool,
    /// Every character of the token is (Python) whitespace.
    pub is_space: bool,
}

impl Features {
    /// From one row of spaCy's `doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY",
    /// "IS_SPACE"])`, the form golden files and tools exchange.
    pub fn from_spacy_row(row: [u64; 6]) -> Self {
        let [norm, prefix, suffix, shape, spacy, is_space] = row;
        Self {
            norm,
            prefix,
            suffix,
            shape,
            spacy: spacy != 0,
            is_space: is_space != 0,
        }
    }

    /// The inverse of [`Features::from_spacy_row`].
    pub fn to_spacy_row(self) -> [u64; 6] {
        [
            self.norm,
            self.prefix,
            self.suffix,
            self.shape,
            u64::from(self.spacy),
            u64::from(self.is_space),
        ]
    }
}

/// One token: where it is, and what the model sees of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The token's text in the input (byte and code-point offsets).
    pub span: Span,
    /// The attribute ids the model embeds.
    pub features: Features,
}

/// Where one token of an analysed text is, and all an [`crate::Analysis`] keeps of it: byte
/// and code-point offsets as `u32`, 16 bytes (a [`Span`] is 32 on a 64-bit target, a [`Token`]
/// with its features 72). The features are the networks' input only; they live while the
/// token's window is predicted ([`crate::chunk`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TokenSpan {
    byte: [u32; 2],
    char: [u32; 2],
}

impl TokenSpan {
    /// The compact form of `span`; `None` when an offset is past `u32::MAX` (a text over
    /// 4 GiB).
    pub fn new(span: &Span) -> Option<Self> {
        let at = |x: usize| u32::try_from(x).ok();
        Some(Self {
            byte: [at(span.byte.start)?, at(span.byte.end)?],
            char: [at(span.char.start)?, at(span.char.end)?],
        })
    }

    /// Byte offsets into the text: `&text[token.byte()]` is the token's text.
    pub fn byte(&self) -> Range<usize> {
        self.byte[0] as usize..self.byte[1] as usize
    }

    /// Code-point offsets (spaCy's `idx`).
    pub fn char(&self) -> Range<usize> {
        self.char[0] as usize..self.char[1] as usize
    }

    /// Both, as a [`Span`].
    pub fn span(&self) -> Span {
        Span {
            byte: self.byte(),
            char: self.char(),
        }
    }
}

/// Serialized as the [`Span`] it stands for.
impl Serialize for TokenSpan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.span().serialize(serializer)
    }
}

/// The tokens of one special case: (ORTH, NORM).
type Special = &'static [(&'static str, Option<&'static str>)];

/// A token while tokenizing: byte offsets into the text.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    spacy: bool,
    /// NORM from a tokenizer exception, if the token came from one.
    norm: Option<&'static str>,
}

/// The string ids of one token text (spaCy's lexeme); NORM before exception NORMs.
#[derive(Debug, Clone, Copy)]
struct Lexeme {
    norm: u64,
    prefix: u64,
    suffix: u64,
    shape: u64,
    is_space: bool,
}

/// A special-case pattern for the phrase-matcher pass: the ORTHs of the key's affix split.
#[derive(Debug)]
struct MatcherPattern {
    orths: Vec<&'static str>,
}

/// The tokenizer, with its rules compiled. Build once, reuse for every text.
#[derive(Debug)]
pub struct Tokenizer {
    rules: Rules,
    specials: HashMap<&'static str, Special>,
    /// Byte length of the longest special-case key: longer strings skip the lookup, which keeps
    /// the affix loop linear on long runs such as `=====…`.
    max_special_len: usize,
    /// Special cases that contain affixes, by the ORTH of their first token.
    matcher: HashMap<&'static str, Vec<MatcherPattern>>,
    ids: StringIds,
    lexeme_norm: HashMap<u64, &'static str>,
    base_norms: HashMap<&'static str, &'static str>,
}

/// Reusable buffers for one `tokenize` call.
#[derive(Default)]
struct Scratch {
    prefixes: Vec<(usize, usize)>,
    suffixes: Vec<(usize, usize)>,
    infixes: Vec<(usize, usize)>,
}

impl Tokenizer {
    /// Compiles the embedded rules.
    pub fn new() -> Self {
        let mut tokenizer = Self {
            rules: Rules::new(),
            specials: EXCEPTIONS.iter().copied().collect(),
            max_special_len: EXCEPTIONS.iter().map(|(k, _)| k.len()).max().unwrap_or(0),
            matcher: HashMap::default(),
            ids: StringIds::new(),
            lexeme_norm: LEXEME_NORM.iter().copied().collect(),
            base_norms: BASE_NORMS.iter().copied().collect(),
        };
        // Tokenizer.add_special_case (faster_heuristics): a key gets a phrase-matcher pattern
        // if an affix or infix rule matches it, or it contains a space. Keys are sorted.
        let mut scratch = Scratch::default();
        let mut pieces = Vec::new();
        for &(key, _) in EXCEPTIONS {
            let rules = &tokenizer.rules;
            rules.find_infix(key, &mut scratch.infixes);
            let qualifies = rules.find_prefix(key) != 0
                || !scratch.infixes.is_empty()
                || rules.find_suffix(key) != 0
                || key.contains(' ');
            if !qualifies {
                continue;
            }
            pieces.clear();
            tokenizer.tokenize_affixes(key, false, &mut pieces, &mut scratch);
            let orths: Vec<&'static str> = pieces.iter().map(|p| &key[p.start..p.end]).collect();
            if let Some(&first) = orths.first() {
                tokenizer
                    .matcher
                    .entry(first)
                    .or_default()
                    .push(MatcherPattern { orths });
            }
        }
        tokenizer
    }

    /// Splits `text` into spaCy's tokens.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.tokens(text).collect()
    }

    /// spaCy's tokens of `text`, one after another: the text is tokenized in segments of
    /// about [`SEGMENT_BYTES`], so that working memory is bounded by the segment, not the text.
    ///
    /// Segments end where a run of whitespace other than a lone `' '` meets the next word
    /// (a line break, in prose): the tokenizer reads nothing across such a cut. It splits on
    /// whitespace first, so the chunks on either side are the same as in the whole text; the
    /// whitespace run is a token of its own at the segment's end, and no phrase-matcher
    /// pattern of several tokens holds a whitespace token
    /// (`no_matcher_pattern_holds_whitespace`), so no special case spans the cut. A text without such a run is one segment.
    pub fn tokens<'a>(&'a self, text: &'a str) -> Tokens<'a> {
        self.tokens_in_segments(text, SEGMENT_BYTES)
    }

    /// [`Tokenizer::tokens`] with segments of about `segment` bytes (tests cut small ones).
    pub fn tokens_in_segments<'a>(&'a self, text: &'a str, segment: usize) -> Tokens<'a> {
        Tokens {
            tokenizer: self,
            text,
            segment: segment.max(1),
            byte: 0,
            char: 0,
            buf: Vec::new().into_iter(),
        }
    }

    /// The whole text at once (the segments' tokenization).
    fn tokenize_whole(&self, text: &str) -> Vec<Token> {
        let mut scratch = Scratch::default();
        let mut pieces = Vec::new();
        self.tokenize_affixes(text, true, &mut pieces, &mut scratch);
        let pieces = self.apply_special_cases(text, pieces);
        let mut tokens = Vec::with_capacity(pieces.len());
        let mut buf = String::new();
        // The lexical attributes depend on the token text alone: compute each once per call.
        let mut lexemes: HashMap<&str, Lexeme> = HashMap::default();
        // Code-point offsets: walk the text once alongside the pieces.
        let (mut byte, mut char) = (0usize, 0usize);
        for piece in &pieces {
            char += count_chars(&text[byte..piece.start]);
            let start_char = char;
            let word = &text[piece.start..piece.end];
            char += count_chars(word);
            byte = piece.end;
            let lex = *lexemes
                .entry(word)
                .or_insert_with(|| self.lexeme(word, &mut buf));
            let norm = match piece.norm {
                Some(norm) if !norm.is_empty() => self.ids.id(norm),
                _ => lex.norm,
            };
            tokens.push(Token {
                span: Span {
                    byte: piece.start..piece.end,
                    char: start_char..char,
                },
                features: Features {
                    norm,
                    prefix: lex.prefix,
                    suffix: lex.suffix,
                    shape: lex.shape,
                    spacy: piece.spacy,
                    is_space: lex.is_space,
                },
            });
        }
        tokens
    }

    /// The string id spaCy gives `s` (symbol table, else MurmurHash64A seed 1).
    pub fn string_id(&self, s: &str) -> u64 {
        self.ids.id(s)
    }

    /// The NORM string of a token with text `word` and no exception NORM.
    pub fn lexeme_norm<'a>(&'a self, word: &'a str, buf: &'a mut String) -> &'a str {
        if let Some(norm) = self.lexeme_norm.get(&self.ids.id(word)) {
            return norm;
        }
        if let Some(norm) = self.base_norms.get(word) {
            return norm;
        }
        buf.clear();
        py_lower_into(word, buf);
        buf
    }

    /// The attributes of a token with text `word` that do not depend on where it came from.
    fn lexeme(&self, word: &str, buf: &mut String) -> Lexeme {
        let norm = self.ids.id(self.lexeme_norm(word, buf));
        buf.clear();
        word_shape_into(word, buf);
        Lexeme {
            norm,
            prefix: self.ids.id(attrs::prefix_str(word)),
            suffix: self.ids.id(attrs::suffix_str(word)),
            shape: self.ids.id(buf),
            is_space: attrs::is_space(word),
        }
    }

    fn special(&self, s: &str) -> Option<Special> {
        if s.len() > self.max_special_len {
            return None;
        }
        self.specials.get(s).copied()
    }

    /// `Tokenizer._tokenize_affixes`: whitespace split, then each chunk (SPEC 3.1).
    fn tokenize_affixes(
        &self,
        text: &str,
        with_specials: bool,
        out: &mut Vec<Piece>,
        scratch: &mut Scratch,
    ) {
        let Some(first) = text.chars().next() else {
            return;
        };
        let mut start = 0;
        let mut in_ws = py_isspace(first);
        for (i, c) in text.char_indices() {
            if py_isspace(c) != in_ws {
                if start < i {
                    self.chunk(text, start, i, with_specials, out, scratch);
                }
                if c == ' ' {
                    if let Some(last) = out.last_mut() {
                        last.spacy = true;
                    }
                    start = i + 1;
                } else {
                    start = i;
                }
                in_ws = !in_ws;
            }
        }
        if start < text.len() {
            self.chunk(text, start, text.len(), with_specials, out, scratch);
        }
    }

    fn push_special(out: &mut Vec<Piece>, mut start: usize, special: Special) {
        for &(orth, norm) in special {
            out.push(Piece {
                start,
                end: start + orth.len(),
                spacy: false,
                norm,
            });
            start += orth.len();
        }
    }

    fn push_plain(out: &mut Vec<Piece>, start: usize, end: usize) {
        out.push(Piece {
            start,
            end,
            spacy: false,
            norm: None,
        });
    }

    /// One whitespace-delimited chunk `text[start..end]` (SPEC 3.2 to 3.4).
    fn chunk(
        &self,
        text: &str,
        start: usize,
        end: usize,
        with_specials: bool,
        out: &mut Vec<Piece>,
        scratch: &mut Scratch,
    ) {
        if with_specials {
            if let Some(special) = self.special(&text[start..end]) {
                Self::push_special(out, start, special);
                return;
            }
        }
        let (a, b) = self.split_affixes(text, start, end, with_specials, scratch);
        // attach_tokens
        for &(s, e) in &scratch.prefixes {
            Self::push_plain(out, s, e);
        }
        if a < b {
            let core = &text[a..b];
            match self.special(core).filter(|_| with_specials) {
                Some(special) => Self::push_special(out, a, special),
                None if self.rules.url_match(core) => Self::push_plain(out, a, b),
                None => {
                    self.rules.find_infix(core, &mut scratch.infixes);
                    let mut pos = 0;
                    for &(s, e) in &scratch.infixes {
                        if s == 0 {
                            continue;
                        }
                        if s != pos {
                            Self::push_plain(out, a + pos, a + s);
                        }
                        if s != e {
                            Self::push_plain(out, a + s, a + e);
                        }
                        pos = e;
                    }
                    if pos < core.len() {
                        Self::push_plain(out, a + pos, b);
                    }
                }
            }
        }
        for &(s, e) in scratch.suffixes.iter().rev() {
            Self::push_plain(out, s, e);
        }
    }

    /// `Tokenizer._split_affixes` (SPEC 3.3): returns the core's byte range; the affixes are
    /// left in `scratch.prefixes` (in order) and `scratch.suffixes` (in discovery order).
    fn split_affixes(
        &self,
        text: &str,
        mut a: usize,
        mut b: usize,
        with_specials: bool,
        scratch: &mut Scratch,
    ) -> (usize, usize) {
        scratch.prefixes.clear();
        scratch.suffixes.clear();
        let is_special = |s: &str| with_specials && self.special(s).is_some();
        let mut last_size = 0;
        while a < b && b - a != last_size {
            if is_special(&text[a..b]) {
                break;
            }
            last_size = b - a;
            let pre_len = self.rules.find_prefix(&text[a..b]);
            if pre_len != 0 && a + pre_len < b && is_special(&text[a + pre_len..b]) {
                scratch.prefixes.push((a, a + pre_len));
                a += pre_len;
                break;
            }
            let suf_len = self.rules.find_suffix(&text[a + pre_len..b]);
            if suf_len != 0 && a < b - suf_len && is_special(&text[a..b - suf_len]) {
                scratch.suffixes.push((b - suf_len, b));
                b -= suf_len;
                break;
            }
            if pre_len != 0 && suf_len != 0 && pre_len + suf_len <= b - a {
                scratch.prefixes.push((a, a + pre_len));
                scratch.suffixes.push((b - suf_len, b));
                a += pre_len;
                b -= suf_len;
            } else if pre_len != 0 {
                scratch.prefixes.push((a, a + pre_len));
                a += pre_len;
            } else if suf_len != 0 {
                scratch.suffixes.push((b - suf_len, b));
                b -= suf_len;
            }
        }
        (a, b)
    }

    /// The special-case phrase-matcher pass (SPEC 3.5).
    fn apply_special_cases(&self, text: &str, pieces: Vec<Piece>) -> Vec<Piece> {
        let orth = |p: &Piece| &text[p.start..p.end];
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for (s, piece) in pieces.iter().enumerate() {
            let Some(patterns) = self.matcher.get(orth(piece)) else {
                continue;
            };
            for pattern in patterns {
                let e = s + pattern.orths.len();
                let Some(window) = pieces.get(s..e) else {
                    continue;
                };
                if window
                    .iter()
                    .zip(&pattern.orths)
                    .skip(1)
                    .all(|(p, o)| orth(p) == *o)
                {
                    matches.push((s, e));
                }
            }
        }
        if matches.is_empty() {
            return pieces;
        }
        // _filter_special_spans: longest first, then leftmost; keep a span whose first and last
        // tokens are unseen; every span's tokens become seen.
        matches.sort_by_key(|&(s, e)| (std::cmp::Reverse(e - s), s));
        let mut seen = vec![false; pieces.len()];
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (s, e) in matches {
            if !seen[s] && !seen[e - 1] {
                kept.push((s, e));
            }
            seen[s..e].iter_mut().for_each(|x| *x = true);
        }
        kept.sort_unstable();
        let mut out = Vec::with_capacity(pieces.len());
        let mut i = 0;
        for (s, e) in kept {
            if s < i {
                continue; // overlapping spans cannot be kept; stay safe regardless
            }
            out.extend_from_slice(&pieces[i..s]);
            let (first, last) = (pieces[s], pieces[e - 1]);
            match self.special(&text[first.start..last.end]) {
                Some(special) => {
                    let from = out.len();
                    Self::push_special(&mut out, first.start, special);
                    if let Some(p) = out[from..].last_mut() {
                        p.spacy = last.spacy;
                    }
                }
                None => out.extend_from_slice(&pieces[s..e]),
            }
            i = e;
        }
        out.extend_from_slice(&pieces[i..]);
        out
    }
}

/// Bytes of text tokenized at once by [`Tokenizer::tokens`] (about 14,000 tokens of prose).
pub const SEGMENT_BYTES: usize = 64 * 1024;

/// The tokens of a text, segment by segment: see [`Tokenizer::tokens`].
#[derive(Debug)]
pub struct Tokens<'a> {
    tokenizer: &'a Tokenizer,
    text: &'a str,
    segment: usize,
    /// Byte and code-point offsets of the next segment.
    byte: usize,
    char: usize,
    buf: std::vec::IntoIter<Token>,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            if let Some(token) = self.buf.next() {
                return Some(token);
            }
            if self.byte >= self.text.len() {
                return None;
            }
            let end = segment_end(self.text, self.byte, self.segment);
            let part = &self.text[self.byte..end];
            let (byte, char) = (self.byte, self.char);
            let mut tokens = self.tokenizer.tokenize_whole(part);
            for t in &mut tokens {
                t.span = Span {
                    byte: t.span.byte.start + byte..t.span.byte.end + byte,
                    char: t.span.char.start + char..t.span.char.end + char,
                };
            }
            self.buf = tokens.into_iter();
            self.byte = end;
            self.char += count_chars(part);
        }
    }
}

/// Where the segment of `text` that starts at byte `from` ends: the first word at or after
/// `from + size` that follows a whitespace run holding something other than `' '`; the
/// text's end if there is none.
fn segment_end(text: &str, from: usize, size: usize) -> usize {
    let mut at = from.saturating_add(size);
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let mut in_ws = false;
    let mut cuttable = false;
    for (i, c) in text[at..].char_indices() {
        if py_isspace(c) {
            in_ws = true;
            cuttable |= c != ' ';
        } else {
            if in_ws && cuttable {
                return at + i;
            }
            in_ws = false;
            cuttable = false;
        }
    }
    text.len()
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

fn count_chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, space-separated expected tokens; `_` marks a token followed by a space).
    fn words(tok: &Tokenizer, text: &str) -> Vec<String> {
        tok.tokenize(text)
            .iter()
            .map(|t| {
                let w = &text[t.span.byte.clone()];
                if t.features.spacy {
                    format!("{w}_")
                } else {
                    w.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn spec_examples() {
        let tok = Tokenizer::new();
        let cases: &[(&str, &[&str])] = &[
            ("a  b", &["a_", " ", "b"]),
            ("a \n b", &["a_", "\n ", "b"]),
            (" a", &[" ", "a"]),
            ("a\n", &["a", "\n"]),
            ("a ", &["a_"]),
            ("a  ", &["a_", " "]),
            ("x\r\ny", &["x", "\r\n", "y"]),
            ("(http://x.com)", &["(", "http://x.com", ")"]),
            ("http://example.com.", &["http://example.com", "."]),
            ("hi:)", &["hi", ":)"]),
            ("x-e.g.", &["x", "-", "e.g."]),
            ("``latex''", &["`", "`", "latex", "''"]),
            ("👍🏽", &["👍", "🏽"]),
            ("don't", &["do", "n't"]),
            ("gonna", &["gon", "na"]),
            ("e.g. this", &["e.g._", "this"]),
            ("U.S.", &["U.S."]),
            ("$5.00", &["$", "5.00"]),
            ("well-known", &["well", "-", "known"]),
            ("a\u{200b}b", &["a\u{200b}b"]),
            ("x\u{1c}y", &["x", "\u{1c}", "y"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(&tok, text), *want, "tokens of {text:?}");
        }
    }

    #[test]
    fn exception_norms_only_from_exceptions() {
        let tok = Tokenizer::new();
        let text = "don't 'cause gonna n't";
        let norms: Vec<u64> = tok.tokenize(text).iter().map(|t| t.features.norm).collect();
        let ids: Vec<u64> = ["do", "not", "because", "going", "to", "n't"]
            .iter()
            .map(|s| tok.string_id(s))
            .collect();
        assert_eq!(norms, ids);
    }

    #[test]
    fn norm_resolution_order() {
        let tok = Tokenizer::new();
        let mut buf = String::new();
        assert_eq!(tok.lexeme_norm("colour", &mut buf), "color");
        assert_eq!(tok.lexeme_norm("Colour", &mut buf), "color");
        assert_eq!(tok.lexeme_norm("COLOUR", &mut buf), "colour");
        assert_eq!(tok.lexeme_norm("’s", &mut buf), "'s");
        assert_eq!(tok.lexeme_norm("€", &mut buf), "$");
        assert_eq!(tok.lexeme_norm("Number", &mut buf), "number");
        let t = &tok.tokenize("Number")[0];
        assert_eq!(t.features.norm, 432);
        assert_eq!(t.features.shape, tok.string_id("Xxxxx"));
        assert_eq!(t.features.prefix, tok.string_id("N"));
        assert_eq!(t.features.suffix, tok.string_id("ber"));
        assert_eq!(tok.tokenize("X")[0].features.shape, 101);
    }

    /// What makes [`Tokenizer::tokens`]' segments exact: a special case that spans several
    /// pieces never holds a whitespace piece, so none spans a segment's final whitespace token.
    #[test]
    fn no_matcher_pattern_holds_whitespace() {
        let tok = Tokenizer::new();
        assert!(tok.matcher.values().flatten().any(|p| p.orths.len() > 1));
        for patterns in tok.matcher.values() {
            for p in patterns.iter().filter(|p| p.orths.len() > 1) {
                assert!(
                    p.orths.iter().all(|o| !o.chars().all(py_isspace)),
                    "{:?}",
                    p.orths
                );
            }
        }
    }

    #[test]
    fn segments_give_the_whole_texts_tokens() {
        let tok = Tokenizer::new();
        let text = "Don't stop (U.S.) at 3:30pm :)\nThe e.g. case\r\n\n  x-e.g. \u{a0}\tgonna \n\
                    \n\u{2028}a. m.\n:)\n\n€5 😀 done.  \n";
        let whole = tok.tokenize_whole(text);
        for size in 1..text.len() + 2 {
            let segmented: Vec<Token> = tok.tokens_in_segments(text, size).collect();
            assert_eq!(segmented, whole, "segments of {size} bytes");
        }
        assert_eq!(tok.tokenize(text), whole);
    }

    #[test]
    fn tokenizer_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Tokenizer>();
    }

    #[test]
    fn offsets_are_bytes_and_code_points() {
        let tok = Tokenizer::new();
        let text = "😀 a €5";
        let tokens = tok.tokenize(text);
        let a = &tokens[1];
        assert_eq!(&text[a.span.byte.clone()], "a");
        assert_eq!(a.span.char, 2..3);
        assert_eq!(a.span.byte, 5..6);
        let five = &tokens[3];
        assert_eq!(&text[five.span.byte.clone()], "5");
        assert_eq!(five.span.char, 5..6);
    }
}
