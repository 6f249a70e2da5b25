//! All-capitals text (headlines, datelines, sports tables): the recognizer reads a word's case,
//! so `SOCCER - JAPAN GET LUCKY WIN` hides its names. Such a sentence is recognized again
//! written in ordinary case, and those entities replace the shouted ones ([`Rule::Case`]).
//!
//! [`Rule::Case`]: super::Rule::Case

use super::gazetteer::Gazetteer;
use super::words::{is_all_caps, title_case};

/// Fewest letters a sentence needs to count as shouted.
const MIN_LETTERS: usize = 6;

/// Words kept lowercase in a title (`Bank of England`).
const MINOR: [&str; 16] = [
    "A", "AN", "AND", "AS", "AT", "BY", "FOR", "FROM", "IN", "OF", "ON", "OR", "THE", "TO", "VS",
    "WITH",
];

/// `written` in ordinary case when it is shouted (every letter uppercase, at least two words),
/// else `None`. The result has the same length in bytes and in code points, word by word:
/// words title-cased (`BELGRADE` → `Belgrade`), small function words lowercased, abbreviations
/// (`U.S.`), two-letter words (`UN`) and names the gazetteer lists in capitals (`NATO`) kept.
pub fn ordinary_case(written: &str, gazetteer: &Gazetteer) -> Option<String> {
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    let words = written
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if letters < MIN_LETTERS || words < 2 || written.chars().any(char::is_lowercase) {
        return None;
    }
    let mut out = String::with_capacity(written.len());
    let mut first = true;
    for piece in written.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let space = &piece[word.len()..];
        out.push_str(&case_word(word, first, gazetteer));
        out.push_str(space);
        first = first && word.is_empty();
    }
    (out.len() == written.len()).then_some(out)
}

fn case_word(word: &str, first: bool, gazetteer: &Gazetteer) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let keep = !is_all_caps(word)
        || letters <= 2
        || word.contains('.')
        || gazetteer.lookup(word).is_some();
    if keep {
        return word.to_owned();
    }
    if !first && MINOR.contains(&word) {
        return word.to_ascii_lowercase();
    }
    title_case(word).unwrap_or_else(|| word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shouted_sentences_get_ordinary_case() {
        let g = Gazetteer::default();
        assert_eq!(
            ordinary_case(
                "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
                &g
            )
            .as_deref(),
            Some("Soccer - Japan Get Lucky Win , China in Surprise Defeat .")
        );
        assert_eq!(
            ordinary_case("BELGRADE 1996-08-30 U.S. UN", &g).as_deref(),
            Some("Belgrade 1996-08-30 U.S. UN")
        );
        assert_eq!(ordinary_case("Japan won the cup .", &g), None);
        assert_eq!(ordinary_case("NATO", &g), None);
        assert_eq!(ordinary_case("1-0 2-1", &g), None);
    }
}
