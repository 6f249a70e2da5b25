//! What the rules ask of a token's text: its case, whether it is a number, a determiner, a
//! possessive.

use crate::recognize::Label;

/// Labels of names (the numeric labels `DATE`, `MONEY`, ... are never touched).
pub(super) fn is_name(label: Label) -> bool {
    matches!(
        label,
        Label::Person
            | Label::Org
            | Label::Gpe
            | Label::Loc
            | Label::Fac
            | Label::Norp
            | Label::Event
            | Label::Product
            | Label::WorkOfArt
            | Label::Law
            | Label::Language
    )
}

/// Starts with an uppercase letter.
pub(super) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Has letters and every letter is uppercase (`NEW`, `U.S.`).
pub(super) fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Only lowercase letters (`agency`, `province`; not `iPhone`, not `de-facto`).
pub(super) fn is_lower_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_lowercase)
}

/// Digits with number punctuation, no letters (`114`, `2-0`, `4-28`, `6.5`, `20:36`).
pub(super) fn is_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ',' | ':' | '/'))
}

/// A plain small integer (`4`, `54`): may be part of a name (`Channel 4`, `Studio 54`).
pub(super) fn is_small_integer(word: &str) -> bool {
    !word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit())
}

/// No letter and no digit (`-`, `/`, `"`, `(`).
pub(super) fn is_punctuation(word: &str) -> bool {
    !word.is_empty() && !word.chars().any(char::is_alphanumeric)
}

/// The determiner `the` in any case.
pub(super) fn is_the(word: &str) -> bool {
    word.eq_ignore_ascii_case("the")
}

/// The possessive clitic as spaCy splits it (`'s`, `'`, `’s`, `’`).
pub(super) fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "'S" | "'" | "’s" | "’S" | "’")
}

/// A word as written in ordinary text: `BELGRADE` → `Belgrade` (first letter kept, the
/// others lowercased). `None` when lowercasing would change the text's length.
pub(super) fn title_case(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut first = true;
    for c in word.chars() {
        if first || !c.is_alphabetic() {
            out.push(c);
        } else {
            let mut lower = c.to_lowercase();
            let l = lower.next()?;
            if lower.next().is_some() || l.len_utf8() != c.len_utf8() {
                return None;
            }
            out.push(l);
        }
        first = first && !c.is_alphabetic();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_shapes() {
        assert!(is_number("2-0") && is_number("114") && !is_number("-") && !is_number("F1"));
        assert!(is_lower_word("agency") && !is_lower_word("iPhone") && !is_lower_word("'s"));
        assert!(is_all_caps("U.S.") && !is_all_caps("Us") && !is_all_caps("--"));
        assert!(is_punctuation("-") && !is_punctuation("a-"));
        assert_eq!(title_case("BELGRADE").as_deref(), Some("Belgrade"));
        assert_eq!(title_case("O'NEILL").as_deref(), Some("O'neill"));
        assert_eq!(title_case("\"ÉTÉ").as_deref(), Some("\"Été"));
    }
}
