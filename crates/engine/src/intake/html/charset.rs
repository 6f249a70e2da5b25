//! A page's bytes → text, in the encoding the page declares.
//!
//! The order follows the HTML standard's encoding sniffing, without a network layer:
//!
//! 1. A byte-order mark decides (UTF-8, UTF-16LE/BE), through [`decode::decode`].
//! 2. Otherwise the *prescan*: the first 1024 bytes are scanned for `<meta charset=...>` or
//!    `<meta http-equiv="Content-Type" content="...; charset=...">` (comments skipped, other tags
//!    stepped over). The label is resolved with `encoding_rs` (WHATWG labels: `latin1`,
//!    `iso-8859-1` and `us-ascii` all mean `windows-1252`); a declared UTF-16 means UTF-8, as
//!    the standard says, because a page read as bytes that could declare it is not UTF-16.
//! 3. Otherwise [`decode::decode`]'s detection: valid UTF-8, else `chardetng`.
//!
//! Binary files (images, archives, NUL bytes) are refused by [`decode::decode`] in every case.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::decode::{self, DecodeError, Decoded};

/// How far into the file the prescan looks (the standard's 1024 bytes).
const PRESCAN: usize = 1024;

/// Decodes a page: BOM, then `<meta>` declaration, then detection.
pub(super) fn decode_page(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let detected = decode::decode(bytes)?;
    if detected.bom {
        return Ok(detected);
    }
    let Some(declared) = prescan(bytes) else {
        return Ok(detected);
    };
    if declared.name() == detected.encoding {
        return Ok(detected);
    }
    let (text, replaced) = declared.decode_without_bom_handling(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: declared.name(),
        bom: false,
        replaced,
    })
}

/// The encoding a `<meta>` tag in the first 1024 bytes declares.
pub(super) fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(rest, b"-->").map_or(head.len(), |p| p + 3);
        } else if starts_with_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space_or_slash(b))
        {
            let (attrs, len) = attributes(&rest[5..]);
            if let Some(enc) = meta_encoding(&attrs) {
                return Some(enc);
            }
            i += 5 + len;
        } else if rest.starts_with(b"<") && rest.get(1).is_some_and(|b| b.is_ascii_alphabetic()) {
            // Another tag: step over its attributes (their values may hold a `<`).
            let name_len = rest
                .iter()
                .skip(1)
                .position(|&b| is_space_or_slash(b) || b == b'>')
                .map_or(rest.len(), |p| p + 1);
            let (_, len) = attributes(&rest[name_len..]);
            i += name_len + len;
        } else {
            i += 1;
        }
    }
    None
}

/// Resolves the declaration of one `<meta>` tag's attributes.
fn meta_encoding(attrs: &[(String, String)]) -> Option<&'static Encoding> {
    let get = |name: &str| attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let label = if let Some(charset) = get("charset") {
        charset.clone()
    } else {
        let is_content_type =
            get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
        if !is_content_type {
            return None;
        }
        charset_in_content(get("content")?)?
    };
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc.name() == "x-user-defined" {
        WINDOWS_1252
    } else {
        enc
    })
}

/// `text/html; charset=windows-1252` → `windows-1252` (quotes allowed around the value).
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content.get(at + "charset".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let value = if let Some(q) = rest.strip_prefix(['"', '\'']) {
        q.split(['"', '\'']).next()?
    } else {
        rest.split(|c: char| c.is_ascii_whitespace() || c == ';')
            .next()?
    };
    (!value.is_empty()).then(|| value.to_owned())
}

/// Reads attributes up to the tag's `>`: the (lowercased name, value) pairs and the bytes used.
fn attributes(bytes: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    let n = bytes.len();
    loop {
        while i < n && is_space_or_slash(bytes[i]) {
            i += 1;
        }
        if i >= n {
            return (attrs, n);
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let start = i;
        while i < n && !is_space_or_slash(bytes[i]) && bytes[i] != b'=' && bytes[i] != b'>' {
            i += 1;
        }
        let name = String::from_utf8_lossy(&bytes[start..i]).to_ascii_lowercase();
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < n && bytes[i] == b'=' {
            i += 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(n, |p| start + p);
                value = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                i = (end + 1).min(n);
            } else {
                let start = i;
                while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = String::from_utf8_lossy(&bytes[start..i]).into_owned();
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        } else if i == start {
            i += 1;
        }
    }
}

fn is_space_or_slash(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'/'
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_equiv() {
        let enc = |s: &str| prescan(s.as_bytes()).map(Encoding::name);
        assert_eq!(
            enc("<html><head><meta charset=\"windows-1252\">"),
            Some("windows-1252")
        );
        assert_eq!(enc("<META CHARSET=latin1>"), Some("windows-1252"));
        assert_eq!(
            enc("<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-2'>"),
            Some("ISO-8859-2")
        );
        assert_eq!(enc("<meta charset=utf-16>"), Some("UTF-8"));
        assert_eq!(enc("<!-- <meta charset=koi8-r> --><p>"), None);
        assert_eq!(enc("<div title='<meta charset=koi8-r>'>"), None);
        assert_eq!(
            enc("<meta name=description content='charset=koi8-r'>"),
            None
        );
        assert_eq!(enc("<meta charset=nonsense>"), None);
        assert_eq!(enc("<meta"), None);
    }
}
