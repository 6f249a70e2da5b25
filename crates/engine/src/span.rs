//! The offset contract: every span carries byte offsets (to slice Rust strings) and Unicode
//! code-point offsets (spaCy's convention, used in every JSON output).

use std::ops::Range;

use serde::Serialize;

/// A half-open range of a text, in bytes and in code points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Byte offsets into the UTF-8 text: `&text[span.byte.clone()]` is the span's text.
    pub byte: Range<usize>,
    /// Code-point offsets (Python `str` indices, spaCy's `idx`).
    pub char: Range<usize>,
}

/// Maps code-point offsets of one text to byte offsets, built once per text.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `bytes[i]` = byte offset of code point `i`; the last entry is the text's byte length.
    bytes: Vec<usize>,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Self { bytes }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Byte offset of code point `c`; `c` is clamped to the text's end.
    pub fn byte(&self, c: usize) -> usize {
        self.bytes[c.min(self.bytes.len() - 1)]
    }

    /// The span for the code-point range `chars` (clamped to the text).
    pub fn span(&self, chars: Range<usize>) -> Span {
        let end = chars.end.min(self.char_len());
        let start = chars.start.min(end);
        Span {
            byte: self.byte(start)..self.byte(end),
            char: start..end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_slice_multibyte_text() {
        let text = "€5 😀 e\u{301}x\r\n";
        let map = OffsetMap::new(text);
        assert_eq!(map.char_len(), text.chars().count());
        let s = map.span(3..4);
        assert_eq!(&text[s.byte.clone()], "😀");
        let s = map.span(5..7);
        assert_eq!(&text[s.byte.clone()], "e\u{301}");
        let s = map.span(8..100);
        assert_eq!(&text[s.byte], "\r\n");
    }
}
