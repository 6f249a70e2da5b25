//! Lexical attributes with CPython semantics: `str.isspace/isalpha/isupper/isdigit/lower`
//! (Unicode 14 tables from CPython 3.11), spaCy's `word_shape`, PREFIX and SUFFIX strings.

use super::tables::{PY_ISALPHA, PY_ISDIGIT, PY_ISSPACE, PY_ISUPPER, PY_LOWER};

/// Whether `c` falls in one of the sorted, disjoint, inclusive `ranges`.
pub(super) fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python `str.isspace` of one character (differs from `char::is_whitespace` on U+001C..U+001F).
pub fn py_isspace(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | '\u{1c}'..=' ')
    } else {
        in_ranges(PY_ISSPACE, c)
    }
}

/// Python `str.isalpha` of one character.
pub fn py_isalpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_ranges(PY_ISALPHA, c)
    }
}

/// Python `str.isupper` of one character.
pub fn py_isupper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        in_ranges(PY_ISUPPER, c)
    }
}

/// Python `str.isdigit` of one character (Numeric_Type Decimal or Digit: `²`, `①` count).
pub fn py_isdigit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_ranges(PY_ISDIGIT, c)
    }
}

/// Appends Python's `s.lower()` to `out`.
///
/// Per character from CPython's table; a string with `Σ` takes Rust's `to_lowercase`, which
/// applies the same Final_Sigma rule as CPython.
pub fn py_lower_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    if s.contains('\u{3a3}') {
        out.push_str(&s.to_lowercase());
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match PY_LOWER.binary_search_by_key(&u32::from(c), |&(cp, _)| cp) {
            Ok(i) => out.push_str(PY_LOWER[i].1),
            Err(_) => out.push(c),
        }
    }
}

/// Appends spaCy's `word_shape(s)` (`spacy/lang/lex_attrs.py`) to `out`.
pub fn word_shape_into(s: &str, out: &mut String) {
    if s.chars().nth(99).is_some() {
        out.push_str("LONG");
        return;
    }
    let mut last = None;
    let mut seq = 0;
    for c in s.chars() {
        let shape = if py_isalpha(c) {
            if py_isupper(c) {
                'X'
            } else {
                'x'
            }
        } else if py_isdigit(c) {
            'd'
        } else {
            c
        };
        if Some(shape) == last {
            seq += 1;
        } else {
            seq = 0;
            last = Some(shape);
        }
        if seq < 4 {
            out.push(shape);
        }
    }
}

/// spaCy's PREFIX string: the first code point (empty for an empty string).
pub fn prefix_str(s: &str) -> &str {
    match s.chars().next() {
        Some(c) => &s[..c.len_utf8()],
        None => s,
    }
}

/// spaCy's SUFFIX string: the last 3 code points (the whole string if shorter).
pub fn suffix_str(s: &str) -> &str {
    match s.char_indices().rev().nth(2) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// Python `s.isspace()`: non-empty and every character whitespace.
pub fn is_space(s: &str) -> bool {
    !s.is_empty() && s.chars().all(py_isspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(s: &str) -> String {
        let mut out = String::new();
        word_shape_into(s, &mut out);
        out
    }

    fn lower(s: &str) -> String {
        let mut out = String::new();
        py_lower_into(s, &mut out);
        out
    }

    #[test]
    fn shapes_follow_spacy_examples() {
        let cases = [
            ("Hello", "Xxxxx"),
            ("Mississippi", "Xxxxx"),
            ("1,000,000.50", "d,ddd,ddd.dd"),
            ("U.S.", "X.X."),
            ("北京", "xx"),
            ("ǅemal", "xxxx"),
            ("café", "xxxx"),
            ("e\u{301}", "x\u{301}"),
            ("😀😀", "😀😀"),
            ("!!!!!!", "!!!!"),
            ("²³①", "ddd"),
            ("½", "½"),
        ];
        for (s, want) in cases {
            assert_eq!(shape(s), want, "shape of {s:?}");
        }
        assert_eq!(shape(&"x".repeat(99)), "xxxx");
        assert_eq!(shape(&"x".repeat(100)), "LONG");
    }

    #[test]
    fn python_predicates_differ_from_rust_where_python_says_so() {
        assert!(py_isspace('\u{1c}') && !'\u{1c}'.is_whitespace());
        assert!(py_isspace('\u{a0}') && py_isspace('\u{3000}') && py_isspace('\u{85}'));
        assert!(!py_isspace('\u{200b}') && !py_isspace('\u{feff}') && !py_isspace('\u{180e}'));
        assert!(!py_isalpha('\u{301}') && py_isalpha('ß'));
        assert!(py_isdigit('²') && !py_isdigit('½') && py_isdigit('\u{663}'));
        assert!(!py_isupper('ǅ') && py_isalpha('ǅ'));
    }

    #[test]
    fn lower_follows_python() {
        assert_eq!(lower("COLOUR"), "colour");
        assert_eq!(lower("İstanbul"), "i\u{307}stanbul");
        assert_eq!(lower("ΟΔΟΣ"), "οδος");
        assert_eq!(lower("ΣΑ"), "σα");
        assert_eq!(lower("Straße"), "straße");
    }

    #[test]
    fn prefix_and_suffix_count_code_points() {
        assert_eq!(prefix_str("€5"), "€");
        assert_eq!(suffix_str("e\u{301}"), "e\u{301}");
        assert_eq!(suffix_str("Zürich"), "ich");
        assert_eq!(suffix_str("😀ab"), "😀ab");
        assert_eq!(suffix_str("x😀ab"), "😀ab");
        assert!(is_space("\r\n") && !is_space("") && !is_space(" a"));
    }
}
