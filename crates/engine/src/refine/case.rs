//! All-capitals text (headlines, datelines, sports tables): the recognizer reads a word's case,
//! so `SOCCER - JAPAN GET LUCKY WIN` hides its names (or makes one of the whole line). Such a
//! sentence is recognized again written in ordinary case, and those entities replace the
//! shouted ones ([`Rule::Case`]).
//!
//! Ordinary case is chosen with the gazetteer, not guessed: names it lists (ignoring case) are
//! capitalized (`JAPAN` → `Japan`, `NEW YORK` → `New York`), names it lists in capitals stay
//! (`NATO`), abbreviations and two-letter words stay (`U.S.`, `UN`), every other word is
//! lowercased but the sentence's first. A name the gazetteer does not know is lowercased and
//! so not found: this rule trades some recall for never inventing a name from a shout.
//!
//! [`Rule::Case`]: super::Rule::Case

use super::gazetteer::Gazetteer;
use super::words::{is_all_caps, title_case};

/// Fewest letters a sentence needs to count as shouted.
const MIN_LETTERS: usize = 6;

/// The longest name looked up, in words.
const MAX_WORDS: usize = 4;

/// Words always lowercased (`Bank of England`, `win in Belgrade`).
const MINOR: [&str; 16] = [
    "A", "AN", "AND", "AS", "AT", "BY", "FOR", "FROM", "IN", "OF", "ON", "OR", "THE", "TO", "VS",
    "WITH",
];

/// `written` in ordinary case when it is shouted (no lowercase letter, at least two words),
/// else `None`. The result has the same length in bytes and in code points.
pub fn ordinary_case(written: &str, gazetteer: &Gazetteer) -> Option<String> {
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    let pieces: Vec<&str> = written.split_inclusive(char::is_whitespace).collect();
    let words = pieces
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if letters < MIN_LETTERS || words < 2 || written.chars().any(char::is_lowercase) {
        return None;
    }
    let cores: Vec<&str> = pieces.iter().map(|p| core(p)).collect();
    let mut out = String::with_capacity(written.len());
    let mut i = 0;
    let mut first = true;
    while i < pieces.len() {
        let name = (1..=MAX_WORDS.min(pieces.len() - i)).rev().find(|&n| {
            let phrase = &cores[i..i + n];
            phrase.iter().all(|w| is_all_caps(w))
                && gazetteer
                    .lookup_ignore_case(&phrase.join(" "))
                    .is_some_and(|e| !e.ambiguous)
        });
        let n = name.unwrap_or(1);
        for (piece, core) in pieces[i..i + n].iter().zip(&cores[i..i + n]) {
            let cased = if name.is_some() && gazetteer.lookup(core).is_none() {
                title_case(piece)
            } else {
                Some(case_word(piece, core, first, gazetteer))
            };
            out.push_str(cased.as_deref().unwrap_or(piece));
            first = first && !core.chars().any(char::is_alphabetic);
        }
        i += n;
    }
    (out.len() == written.len()).then_some(out)
}

/// An entity found in the recased text is kept only if its words are capitalized there
/// (function words aside): a name the gazetteer listed, or the sentence's first word. The
/// model can glue lowercased words into one (`Soccer - Japan get lucky win`); that is no name.
pub fn is_plausible(cased_entity: &str) -> bool {
    cased_entity.split_whitespace().all(|w| {
        let core = core(w);
        !core.chars().next().is_some_and(char::is_lowercase)
            || MINOR.iter().any(|m| m.eq_ignore_ascii_case(core))
    })
}

/// A piece without its surrounding punctuation and whitespace (`JAPAN` of `JAPAN, `).
fn core(piece: &str) -> &str {
    piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
}

/// A word that is not part of a listed name.
fn case_word(piece: &str, core: &str, first: bool, gazetteer: &Gazetteer) -> String {
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    if !is_all_caps(core) || gazetteer.lookup(core).is_some() {
        return piece.to_owned();
    }
    if !first && MINOR.contains(&core) {
        return lower_case(piece).unwrap_or_else(|| piece.to_owned());
    }
    if letters <= 2 || core.contains('.') {
        return piece.to_owned();
    }
    let cased = if first {
        title_case(piece)
    } else {
        lower_case(piece)
    };
    cased.unwrap_or_else(|| piece.to_owned())
}

/// Every letter lowercased, when that keeps the length.
fn lower_case(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let mut lower = c.to_lowercase();
        let l = lower.next()?;
        if lower.next().is_some() || l.len_utf8() != c.len_utf8() {
            return None;
        }
        out.push(l);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Label;
    use crate::refine::gazetteer::{Kind, Name};

    fn gazetteer() -> Gazetteer {
        let name = |name: &str, kind, label| Name {
            name: name.into(),
            kind,
            label,
            canonical: name.into(),
            ambiguous: false,
        };
        Gazetteer::from_names([
            name("Japan", Kind::Country, Label::Gpe),
            name("China", Kind::Country, Label::Gpe),
            name("New York", Kind::City, Label::Gpe),
            name("Belgrade", Kind::City, Label::Gpe),
            name("NATO", Kind::Organization, Label::Org),
        ])
    }

    #[test]
    fn shouted_sentences_get_ordinary_case() {
        let g = gazetteer();
        let cased = |s: &str| ordinary_case(s, &g);
        assert_eq!(
            cased("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .").as_deref(),
            Some("Soccer - Japan get lucky win , China in surprise defeat .")
        );
        assert_eq!(
            cased("BELGRADE 1996-08-30 U.S. UN NATO").as_deref(),
            Some("Belgrade 1996-08-30 U.S. UN NATO")
        );
        assert_eq!(
            cased("NEW YORK, JAPAN: RAIN").as_deref(),
            Some("New York, Japan: rain")
        );
        assert!(is_plausible("New York") && is_plausible("Bank of Japan"));
        assert!(!is_plausible("Soccer - Japan get lucky win"));
        // Not shouted, or not a sentence: left alone.
        assert_eq!(cased("Japan won the cup ."), None);
        assert_eq!(cased("NATO"), None);
        assert_eq!(cased("1-0 2-1"), None);
    }
}
