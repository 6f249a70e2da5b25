//! File bytes → text: BOM-marked UTF-8/UTF-16, UTF-8, legacy single-byte encodings; binary refused.
//!
//! The order of the checks:
//!
//! 1. No bytes at all: [`DecodeError::Empty`].
//! 2. A known binary signature (PNG, JPEG, GIF, PDF, ZIP/Office, gzip, ...): [`DecodeError::NotText`].
//! 3. A byte-order mark: UTF-8, UTF-16LE or UTF-16BE, decided by the mark alone (WHATWG rules,
//!    through `encoding_rs`). Malformed sequences become U+FFFD and set [`Decoded::replaced`].
//! 4. NUL bytes without a mark: UTF-16 without a BOM when the NULs sit on one parity and the
//!    result is clean text, otherwise [`DecodeError::Binary`].
//! 5. Valid UTF-8 (ASCII included) is taken as UTF-8.
//! 6. Anything else is a legacy encoding, guessed by `chardetng` (the detector Firefox uses):
//!    Latin-1 and Windows-1252 text come out as `windows-1252` (the WHATWG name that covers both).
//!    With fewer than 8 non-ASCII bytes there is too little to detect from, and the text is
//!    taken as Windows-1252.
//!
//! Decoded text with many control characters (other than tab, line feed, carriage return, form
//! feed and vertical tab) is refused as binary too. Whitespace-only text decodes fine; the
//! [`clean`](crate::clean) stage then returns an empty article.
//!
//! Line endings are left untouched here: [`clean`](crate::clean) normalizes them and keeps the
//! offsets of everything it cuts in terms of this decoded text.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use serde::Serialize;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The text, line endings untouched, without a byte-order mark.
    pub text: String,
    /// The encoding's WHATWG name, e.g. `"UTF-8"`, `"UTF-16LE"`, `"windows-1252"`.
    pub encoding: &'static str,
    /// Whether the encoding came from a byte-order mark.
    pub bom: bool,
    /// Whether malformed byte sequences were replaced with U+FFFD.
    pub replaced: bool,
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes or control characters: not a text file.
    #[error(
        "this looks like a binary file, not text (it contains NUL bytes or control characters)"
    )]
    Binary,
    /// A known binary file format, recognized by its signature.
    #[error("this is a {format} file, not text")]
    NotText {
        /// The format's common name, e.g. `"PNG image"`.
        format: &'static str,
    },
}

/// Below this many non-ASCII bytes, legacy text is taken as Windows-1252 without detection.
const FEW_NON_ASCII: usize = 8;

/// Signatures of common binary formats that people rename or drop by mistake.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office document",
    ),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"RIFF", "RIFF media (WebP, WAV, AVI)"),
    (b"{\\rtf", "RTF document"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// Decodes a file's bytes; see the module docs for the rules.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(format) = signature(bytes) {
        return Err(DecodeError::NotText { format });
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return finish(encoding, rest, true);
    }
    if bytes.contains(&0) {
        return match utf16_without_bom(bytes) {
            Some(encoding) => finish(encoding, bytes, false),
            None => Err(DecodeError::Binary),
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(UTF_8, bytes, false);
    }
    // With only a few non-ASCII bytes there is too little evidence for the detector (it may
    // take the `£` of "£5" for a Polish `Ł`); English text then is Windows-1252 (Latin-1).
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let encoding = if non_ascii < FEW_NON_ASCII {
        WINDOWS_1252
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, false)
    };
    finish(encoding, bytes, false)
}

fn signature(bytes: &[u8]) -> Option<&'static str> {
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, format)| format)
}

/// UTF-16 without a BOM: NULs almost only on one byte parity (ASCII-range text).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        if pair[0] == 0 {
            even += 1;
        }
        if pair[1] == 0 {
            odd += 1;
        }
    }
    // Mostly-ASCII UTF-16: at least 40% of code units have a zero high byte on one side, and
    // the other side is almost never zero.
    let enough = |n: usize| n * 10 >= pairs * 4;
    let rare = |n: usize| n * 50 <= pairs;
    if enough(odd) && rare(even) {
        Some(UTF_16LE)
    } else if enough(even) && rare(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn finish(encoding: &'static Encoding, bytes: &[u8], bom: bool) -> Result<Decoded, DecodeError> {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        bom,
        replaced,
    })
}

/// More than 1% control characters (or any NUL) means this is not a text file.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}') {
            control += 1;
        }
    }
    control * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_utf8() {
        let d = decode(b"Hello\r\nworld").unwrap();
        assert_eq!(d.text, "Hello\r\nworld");
        assert_eq!(d.encoding, "UTF-8");
        assert!(!d.bom && !d.replaced);
    }

    #[test]
    fn control_heavy_text_is_binary() {
        assert_eq!(decode(b"\x01\x02\x03abc"), Err(DecodeError::Binary));
    }
}
