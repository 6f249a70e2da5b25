//! A simple rule-based sentence splitter over the clean body, for the UI (quotes, snippets,
//! co-occurrence windows) before the parser has run. The pipeline's real sentences come from
//! the parser (spaCy's sentence starts); these are an approximation and never cross a
//! paragraph.
//!
//! Rule: a sentence ends after `.`, `!`, `?` or `…` (plus any closing quotes or brackets)
//! when whitespace follows and the next word starts with an upper-case letter, a digit or an
//! opening quote, unless the word before the period is a known abbreviation (`Mr.`, `Dr.`,
//! `Gen.`, `Jan.`, `U.S.` ...) or a single letter (an initial, `J. Smith`).

use crate::span::Span;

#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mt", "ft", "approx", "est", "fig", "vol", "op", "al",
];

fn closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '»')
}

fn opening_ok(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '\'' | '\u{201c}' | '\u{2018}' | '(' | '«' | '-' | '–' | '—'
        )
}

/// Whether the word ending at byte `end` of `text` (exclusive, the period excluded) is an
/// abbreviation or an initial.
fn abbreviation_before(text: &str, end: usize) -> bool {
    let head = text.get(..end).unwrap_or_default();
    let word_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '\u{201c}')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = head.get(word_start..).unwrap_or_default();
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "J", "U.S", "e.g".
    if word.chars().count() == 1 || word.contains('.') {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// At most this many sentences are split (about 32 MB of spans); past it, the rest of each
/// paragraph is one span, so pathological input ("ab. ab. ab. ...") stays bounded.
const MAX_SENTENCES: usize = 1_000_000;

/// Sentence spans of `text` (code-point and byte offsets), within each paragraph span.
pub fn split(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paragraphs {
        let Some(para) = text.get(p.byte.clone()) else {
            continue;
        };
        let mut start_byte = 0usize;
        let mut start_char = 0usize;
        let mut char_pos = 0usize;
        let mut iter = para.char_indices().peekable();
        while let Some((b, c)) = iter.next() {
            char_pos += 1;
            if !matches!(c, '.' | '!' | '?' | '…') || out.len() >= MAX_SENTENCES {
                continue;
            }
            // Absorb repeated terminators and closing quotes/brackets.
            let mut end_byte = b + c.len_utf8();
            while let Some(&(nb, nc)) = iter.peek() {
                if matches!(nc, '.' | '!' | '?' | '…') || closing(nc) {
                    end_byte = nb + nc.len_utf8();
                    char_pos += 1;
                    iter.next();
                } else {
                    break;
                }
            }
            // Whitespace, then a plausible sentence start.
            let rest = para.get(end_byte..).unwrap_or_default();
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || trimmed.is_empty() {
                continue;
            }
            if !trimmed.chars().next().is_some_and(opening_ok) {
                continue;
            }
            if c == '.' && abbreviation_before(para, b) {
                continue;
            }
            let end_char = char_pos;
            out.push(Span {
                byte: p.byte.start + start_byte..p.byte.start + end_byte,
                char: p.char.start + start_char..p.char.start + end_char,
            });
            let gap = rest.len() - trimmed.len();
            let gap_chars = rest.get(..gap).map_or(0, |g| g.chars().count());
            for _ in 0..gap_chars {
                iter.next();
            }
            char_pos += gap_chars;
            start_byte = end_byte + gap;
            start_char = char_pos;
        }
        if start_byte < para.len() {
            out.push(Span {
                byte: p.byte.start + start_byte..p.byte.end,
                char: p.char.start + start_char..p.char.end,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::OffsetMap;

    fn sents(text: &str) -> Vec<String> {
        let map = OffsetMap::new(text);
        let spans = split(text, &[map.span(0..map.char_len())]);
        for s in &spans {
            let by_char: String = text.chars().skip(s.char.start).take(s.char.len()).collect();
            assert_eq!(&text[s.byte.clone()], by_char);
        }
        spans
            .iter()
            .map(|s| text[s.byte.clone()].to_owned())
            .collect()
    }

    #[test]
    fn splits_on_sentence_ends_only() {
        assert_eq!(
            sents("Mr. Smith met Dr. Jones in the U.S. capital. “It went well,” he said. Prices rose 2.5% to €12. Then… nothing."),
            [
                "Mr. Smith met Dr. Jones in the U.S. capital.",
                "“It went well,” he said.",
                "Prices rose 2.5% to €12.",
                "Then… nothing."
            ]
        );
        assert_eq!(
            sents("J. K. Rowling wrote it. 😀 Really?"),
            ["J. K. Rowling wrote it. 😀 Really?"]
        );
        assert_eq!(sents("One. Two"), ["One.", "Two"]);
    }
}
