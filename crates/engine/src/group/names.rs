//! How a mention's text becomes a name and a key: the display form (whitespace collapsed,
//! leading `the` and possessive `'s` stripped) and the comparison key that spelling, hyphen,
//! punctuation, diacritic and common transliteration variants share.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::recognize::Label;

/// A mention's text as a name: whitespace collapsed, surrounding quotes and brackets, a leading
/// `the` and a trailing possessive removed (`the U.S.'s` → `U.S.`).
pub fn display(text: &str) -> String {
    // Every step below only narrows a slice: the one allocation is the result (and the
    // whitespace collapse, when the text needs it).
    let collapsed: Cow<'_, str> = if is_collapsed(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let mut s: &str = &collapsed;
    loop {
        let before = s.len();
        s = s
            .trim_matches(|c: char| QUOTES.contains(&c) || matches!(c, ',' | ';' | ':' | '!' | '?'))
            .trim();
        if let Some(rest) = strip_prefix_word(s, "the") {
            s = rest;
        }
        for suffix in ["'s", "’s", "'", "’"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                if !rest.is_empty() {
                    s = rest.trim_end();
                    break;
                }
            }
        }
        // Brackets that do not pair inside the name (`(OSCE`, `Karabakh)`).
        for (open, close) in [('(', ')'), ('[', ']')] {
            if s.starts_with(open) && !s.contains(close) {
                s = s[open.len_utf8()..].trim_start();
            }
            if s.ends_with(close) && !s.contains(open) {
                s = s[..s.len() - close.len_utf8()].trim_end();
            }
        }
        if s.len() == before {
            return s.to_owned();
        }
    }
}

/// Whether `text` is already as `split_whitespace` + `join(" ")` would make it: no whitespace
/// at either end, and single spaces between words.
fn is_collapsed(text: &str) -> bool {
    let mut last_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || last_space {
                return false;
            }
            last_space = true;
        } else {
            last_space = false;
        }
    }
    !last_space || text.is_empty()
}

const QUOTES: [char; 8] = ['"', '“', '”', '‘', '’', '«', '»', '\''];

/// `text` without a leading `word ` (any case), if it has more after it.
fn strip_prefix_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = text.get(word.len()..)?;
    (head.eq_ignore_ascii_case(word) && rest.starts_with(' ') && !rest.trim().is_empty())
        .then(|| rest.trim_start())
}

/// Labels whose mentions are names (people, places, organizations, works ...), compared by
/// their spelling skeleton; the others (dates, amounts, numbers) are compared as written.
pub fn is_name_label(label: Label) -> bool {
    !matches!(
        label,
        Label::Date
            | Label::Time
            | Label::Money
            | Label::Percent
            | Label::Quantity
            | Label::Cardinal
            | Label::Ordinal
    )
}

/// Titles before a person's name that are not part of it (`Mr`, `President`, `Prime Minister`).
/// Royal and noble titles (`King`, `Prince`, `Sir`) are part of the name and stay.
const PERSON_TITLES: [&[&str]; 27] = [
    &["mr"],
    &["mrs"],
    &["ms"],
    &["miss"],
    &["mx"],
    &["dr"],
    &["prof"],
    &["professor"],
    &["president"],
    &["vice", "president"],
    &["prime", "minister"],
    &["minister"],
    &["secretary"],
    &["senator"],
    &["sen"],
    &["rep"],
    &["gov"],
    &["governor"],
    &["chancellor"],
    &["mayor"],
    &["general"],
    &["gen"],
    &["col"],
    &["capt"],
    &["lt"],
    &["sgt"],
    &["judge"],
];

/// Company-form suffixes that do not change which organization is meant.
const ORG_SUFFIXES: [&str; 10] = [
    "inc",
    "corp",
    "corporation",
    "ltd",
    "limited",
    "plc",
    "llc",
    "co",
    "ag",
    "gmbh",
];

/// Words an acronym may skip in its expansion (`Organization for Security ...` → `OSCE`).
const ACRONYM_SKIPPABLE: [&str; 16] = [
    "of", "and", "for", "the", "in", "on", "at", "to", "by", "de", "des", "du", "la", "le", "et",
    "&",
];

/// The comparison key of a display form under `label`, as tokens. Names: diacritics folded,
/// lowercase, split on spaces, hyphens and slashes, punctuation dropped (`U.S.` → `us`), `y`
/// read as `i` and doubled letters single (`Zelenskyy` = `Zelensky`, `Aliyev` = `Aliev`),
/// titles dropped for people, company forms for organizations, and (not for people) one final
/// vowel of a long word dropped (`Nagorno` = `Nagorny`). Other labels: lowercase, whitespace
/// collapsed.
pub fn key_tokens(label: Label, display: &str) -> Vec<String> {
    if !is_name_label(label) {
        return display
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
    }
    let mut tokens: Vec<String> = fold(display)
        .split(|c: char| c.is_whitespace() || is_dash(c) || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if label == Label::Person {
        strip_titles(&mut tokens);
    }
    if label == Label::Org {
        while tokens.len() > 1
            && tokens
                .last()
                .is_some_and(|t| ORG_SUFFIXES.contains(&t.as_str()))
        {
            tokens.pop();
        }
    }
    tokens
        .iter()
        .map(|t| skeleton(t, label != Label::Person))
        .collect()
}

fn strip_titles(tokens: &mut Vec<String>) {
    loop {
        let title = PERSON_TITLES.iter().find(|title| {
            tokens.len() > title.len() && tokens.iter().zip(title.iter()).all(|(t, w)| t == w)
        });
        match title {
            Some(title) => {
                tokens.drain(..title.len());
            }
            None => return,
        }
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―')
}

/// Lowercase with diacritics removed (`Erdoğan` → `erdogan`, `Øresund` → `oresund`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'ı' => out.push('i'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' | 'Þ' => out.push_str("th"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A token's spelling skeleton: `y` as `i`, doubled letters single, and when `drop_vowel`, a
/// final vowel of a word of six letters or more dropped. Digits are left alone.
fn skeleton(token: &str, drop_vowel: bool) -> String {
    let mut out = String::with_capacity(token.len());
    let mut last: Option<char> = None;
    for c in token.chars() {
        let c = if c == 'y' { 'i' } else { c };
        if c.is_alphabetic() && last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    if drop_vowel && out.chars().count() >= 6 && out.ends_with(['a', 'e', 'i', 'o', 'u']) {
        out.pop();
    }
    out
}

/// The letters of an acronym as written (`OSCE`, `U.S.`, `NATO`): two to eight capital letters,
/// digits or `&`, optionally dotted. `None` for anything else.
pub fn acronym_letters(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|&c| c != '.').collect();
    let n = letters.chars().count();
    let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
    let ok = (2..=8).contains(&n)
        && capitals >= 2
        && letters
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
        && letters.chars().next().is_some_and(char::is_uppercase);
    ok.then(|| {
        letters
            .chars()
            .filter(|c| c.is_uppercase())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// Whether `letters` (lowercase capitals of an acronym) abbreviate `expansion`: the first word
/// gives the first letter, each letter is the initial of a later word or of a later
/// hyphenated part of the current word, and every word left out is a small function word.
pub fn abbreviates(letters: &str, expansion: &str) -> bool {
    let words: Vec<Vec<String>> = fold(expansion)
        .split_whitespace()
        .map(|w| {
            w.split(is_dash)
                .map(|p| {
                    p.chars()
                        .filter(|c| c.is_alphanumeric() || *c == '&')
                        .collect::<String>()
                })
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    let letters: Vec<char> = letters.chars().collect();
    if words.len() < 2 || letters.len() < 2 {
        return false;
    }
    let initial = |s: &str| s.chars().next();
    // (word index, part index) of the last letter matched.
    let mut word = 0;
    let mut part = 0;
    if initial(&words[0][0]) != Some(letters[0]) {
        return false;
    }
    let mut used = vec![false; words.len()];
    used[0] = true;
    for &letter in &letters[1..] {
        // The next part of the current word, or the next word whose initial fits.
        if part + 1 < words[word].len() && initial(&words[word][part + 1]) == Some(letter) {
            part += 1;
            continue;
        }
        let next = (word + 1..words.len()).find(|&w| initial(&words[w][0]) == Some(letter));
        match next {
            Some(w) => {
                if (word + 1..w).any(|skipped| !skippable(&words[skipped])) {
                    return false;
                }
                word = w;
                part = 0;
                used[w] = true;
            }
            None => return false,
        }
    }
    words.iter().zip(&used).all(|(w, &u)| u || skippable(w))
}

fn skippable(word: &[String]) -> bool {
    word.len() == 1 && ACRONYM_SKIPPABLE.contains(&word[0].as_str())
}

/// A readable id part: folded, lowercase, runs of anything but letters and digits as one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(label: Label, text: &str) -> String {
        key_tokens(label, &display(text)).join(" ")
    }

    #[test]
    fn display_strips_the_possessive_quotes_and_spacing() {
        assert_eq!(display("the  United\nStates"), "United States");
        assert_eq!(display("Blinken's"), "Blinken");
        assert_eq!(display("the U.S.’s"), "U.S.");
        assert_eq!(display("“Minsk Group”"), "Minsk Group");
        assert_eq!(display("The Hague"), "Hague");
        assert_eq!(display("the"), "the");
        assert_eq!(display("(OSCE"), "OSCE");
        assert_eq!(display(" Karabakh) "), "Karabakh");
        assert_eq!(display("\u{a0}Le\u{a0}Drian"), "Le Drian");
        assert_eq!(display("“the EU’s”,"), "EU");
        assert_eq!(display("Jean-Yves Le Drian"), "Jean-Yves Le Drian");
        assert_eq!(display(""), "");
    }

    #[test]
    fn only_single_inner_spaces_count_as_collapsed() {
        assert!(is_collapsed("Le Drian"));
        assert!(is_collapsed(""));
        for text in [" Le", "Le ", "Le  Drian", "Le\tDrian", "Le\u{a0}Drian", " "] {
            assert!(!is_collapsed(text), "{text:?}");
        }
    }

    #[test]
    fn variants_share_a_key() {
        let loc = Label::Loc;
        assert_eq!(key(loc, "Nagorno-Karabakh"), key(loc, "Nagorno Karabakh"));
        assert_eq!(key(loc, "Nagorno-Karabakh"), key(loc, "Nagorny Karabakh"));
        assert_eq!(key(Label::Gpe, "U.S."), key(Label::Gpe, "US"));
        assert_eq!(key(Label::Person, "Erdoğan"), key(Label::Person, "Erdogan"));
        assert_eq!(
            key(Label::Person, "Zelenskyy"),
            key(Label::Person, "Zelensky")
        );
        assert_eq!(
            key(Label::Person, "Mr Blinken"),
            key(Label::Person, "Blinken")
        );
        assert_eq!(key(Label::Org, "Apple Inc."), key(Label::Org, "Apple"));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(key(Label::Gpe, "Korea"), key(Label::Gpe, "North Korea"));
        assert_ne!(
            key(Label::Person, "Roberta Smith"),
            key(Label::Person, "Roberto Smith")
        );
        assert_ne!(
            key(Label::Money, "$1.5 million"),
            key(Label::Money, "$15 million")
        );
        assert_ne!(key(Label::Cardinal, "2000"), key(Label::Cardinal, "20"));
        // A title is only dropped when a name is left.
        assert_eq!(key(Label::Person, "President"), "president");
    }

    #[test]
    fn acronyms_match_their_expansions() {
        let osce = acronym_letters("OSCE").unwrap();
        assert!(abbreviates(
            &osce,
            "Organization for Security and Co-operation in Europe"
        ));
        assert!(abbreviates("nato", "North Atlantic Treaty Organization"));
        assert!(abbreviates("us", "United States"));
        assert!(abbreviates(
            "fifa",
            "Fédération Internationale de Football Association"
        ));
        assert!(!abbreviates(
            "osce",
            "Organization for Economic Co-operation and Development"
        ));
        assert!(!abbreviates("who", "World Trade Organization"));
        assert!(!abbreviates("un", "United States"));
        assert_eq!(acronym_letters("U.S."), Some("us".to_owned()));
        assert_eq!(acronym_letters("Nato"), None);
        assert_eq!(acronym_letters("A"), None);
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("Jean-Yves Le Drian"), "jean-yves-le-drian");
        assert_eq!(slug("U.S."), "u-s");
        assert_eq!(slug("Erdoğan"), "erdogan");
    }
}
