//! Chunked analysis ([`entity_lens_engine::chunk`]): a long text analyzed in windows gives the
//! whole document's tokens, sentences and entities, with correct offsets across the windows,
//! and never panics. The long texts are the golden texts (`tests/golden/spacy.jsonl`, see
//! `golden.rs`) one after another, a blank line between them, with small windows so that a
//! debug build crosses hundreds of window boundaries quickly.

use std::sync::OnceLock;

use entity_lens_engine::chunk::WINDOW_TOKENS;
use entity_lens_engine::{Analysis, Engine};
use proptest::prelude::*;

use crate::golden;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("the bundled model loads"))
}

/// The first `n` golden texts as one text, a blank line between them, with `eol` as line end.
fn joined(n: usize, eol: &str) -> String {
    golden::load()
        .iter()
        .take(n)
        .map(|g| g.text.trim().replace('\n', eol))
        .collect::<Vec<_>>()
        .join(&format!("{eol}{eol}"))
}

/// (start, end, label) of each entity, in code points.
fn entities(a: &Analysis) -> Vec<(usize, usize, &'static str)> {
    a.ents
        .iter()
        .map(|e| (e.span.char.start, e.span.char.end, e.label.as_str()))
        .collect()
}

/// Every offset invariant of an analysis of `text`: tokens rebuild the text, spans slice the
/// same text by bytes and by code points, sentences and entities are ordered, and no entity
/// crosses a sentence start.
fn check_offsets(text: &str, a: &Analysis) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: &entity_lens_engine::Span| -> String { chars[s.char.clone()].iter().collect() };
    // Between tokens, nothing or one space (the previous token's `whitespace_`).
    let mut at = 0;
    for t in &a.tokens {
        assert_eq!(&text[t.byte()], slice(&t.span()));
        let gap = &text[at..t.byte().start];
        assert!(
            gap.is_empty() || gap == " ",
            "tokens rebuild the text: gap {gap:?}"
        );
        at = t.byte().end;
    }
    assert!(matches!(&text[at..], "" | " "), "tokens rebuild the text");
    let mut last = 0;
    for s in &a.sents {
        assert!(s.char.start >= last && s.char.end > s.char.start);
        assert_eq!(&text[s.byte.clone()], slice(s));
        last = s.char.end;
    }
    let mut last = 0;
    for e in &a.ents {
        assert!(e.span.char.start >= last && e.span.char.end > e.span.char.start);
        assert_eq!(&text[e.span.byte.clone()], slice(&e.span));
        assert!(
            a.sents
                .iter()
                .any(|s| s.char.start <= e.span.char.start && e.span.char.end <= s.char.end),
            "entity {:?} crosses a sentence start",
            &text[e.span.byte.clone()]
        );
        last = e.span.char.end;
    }
}

/// Asserts that two analyses are the same, naming the first difference.
fn assert_same(text: &str, windowed: &Analysis, whole: &Analysis) {
    assert_eq!(windowed.tokens, whole.tokens, "tokens");
    if windowed.sents != whole.sents {
        let at = windowed
            .sents
            .iter()
            .zip(&whole.sents)
            .position(|(a, b)| a != b)
            .unwrap_or(windowed.sents.len().min(whole.sents.len()));
        panic!(
            "sentences differ from #{at}: windowed {:?}, whole {:?}",
            windowed.sents.get(at).map(|s| &text[s.byte.clone()]),
            whole.sents.get(at).map(|s| &text[s.byte.clone()])
        );
    }
    assert_eq!(entities(windowed), entities(whole), "entities");
    assert_eq!(windowed.confidence, whole.confidence, "confidences");
}

/// A long article (the first 300 golden texts, about 8,500 tokens) in windows of 64 to 1,024 tokens:
/// exactly the whole document's tokens, sentences, entities and confidences.
#[test]
fn long_text_in_windows_is_the_whole_documents_analysis() {
    let text = joined(300, "\n");
    let whole = engine().analyze_whole(&text);
    assert!(whole.tokens.len() > 5_000, "{} tokens", whole.tokens.len());
    assert!(whole.ents.len() > 300);
    for window in [64, 200, 1024] {
        let windowed = engine().analyze_in_windows(&text, window);
        check_offsets(&text, &windowed);
        assert_same(&text, &windowed, &whole);
    }
}

/// Offsets stay right across windows in text with CRLF line ends, emoji, combining marks and
/// `€`: bytes and code points both slice the same token, sentence and entity.
#[test]
fn offsets_are_right_across_windows_with_crlf_and_emoji() {
    let text = joined(40, "\r\n")
        .replace(". ", ". 😀 ")
        .replace(" the ", " the e\u{301}\u{20ac} ");
    let windowed = engine().analyze_in_windows(&text, 96);
    check_offsets(&text, &windowed);
    assert_same(&text, &windowed, &engine().analyze_whole(&text));
}

/// A text of at most [`WINDOW_TOKENS`] tokens takes the whole-document path: the golden parity
/// tests measure it; here the default path equals the whole one on ordinary articles.
#[test]
fn texts_below_the_window_are_analyzed_whole() {
    for g in golden::load().iter().step_by(50) {
        let a = engine().analyze(&g.text);
        assert!(a.tokens.len() <= WINDOW_TOKENS);
        assert_same(&g.text, &a, &engine().analyze_whole(&g.text));
    }
}

/// Text the parser finds no sentence boundary in (a list of words with no punctuation) forces
/// cuts once a window has grown to its limit: still every token, ordered spans, no entity
/// across a sentence start, and the same tokens as the whole document.
#[test]
fn text_without_sentence_boundaries_is_cut_safely() {
    let names = [
        "Paris", "London", "apple", "Mr", "Smith", "and", "the", "Berlin", "of",
    ];
    let text: String = (0..3_000)
        .map(|i| names[(i * 7 + i / 3) % names.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let windowed = engine().analyze_in_windows(&text, 64);
    check_offsets(&text, &windowed);
    assert_eq!(windowed.tokens.len(), 3_000);
    assert!(windowed.ents.iter().any(|e| e.label.as_str() == "GPE"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any text of words, punctuation, blank lines, CRLF and emoji, in tiny windows: no
    /// panic, every offset invariant holds, the tokens are the whole document's.
    #[test]
    fn any_text_in_windows_keeps_offsets(
        words in proptest::collection::vec(
            "[A-Z]?[a-z]{1,7}|[0-9]{1,4}|[.,;:!?()\"'-]|\n\n|\r\n|😀|€|e\u{301}|  ", 0..700),
        window in 20usize..120,
    ) {
        let text = words.join(" ");
        let windowed = engine().analyze_in_windows(&text, window);
        check_offsets(&text, &windowed);
        prop_assert_eq!(&windowed.tokens, &engine().analyze_whole(&text).tokens);
    }
}
