//! The whole engine: offsets contract on awkward text, sentence/entity invariants, never panics.

use std::sync::OnceLock;

use entity_lens_engine::{Engine, EntityMode, Options};
use proptest::prelude::*;

use crate::golden;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("the bundled model loads"))
}

/// Checks every offset invariant of one analysis of `text`.
fn check_invariants(text: &str) {
    let analysis = engine().analyze(text);
    let chars: Vec<char> = text.chars().collect();
    // Tokens and single spaces (a token's `whitespace_`) rebuild the text.
    let mut at = 0;
    for token in &analysis.tokens {
        let by_bytes = &text[token.byte()];
        let by_chars: String = chars[token.char()].iter().collect();
        assert_eq!(by_bytes, by_chars);
        let gap = &text[at..token.byte().start];
        assert!(gap.is_empty() || gap == " ", "gap {gap:?} between tokens");
        at = token.byte().end;
    }
    assert!(
        matches!(&text[at..], "" | " "),
        "tokens must rebuild the text"
    );
    let mut last = 0;
    for sent in &analysis.sents {
        assert!(sent.char.start >= last && sent.char.end > sent.char.start);
        assert!(text.get(sent.byte.clone()).is_some());
        last = sent.char.end;
    }
    let mut last = 0;
    for ent in &analysis.ents {
        assert!(ent.span.char.start >= last && ent.span.char.end > ent.span.char.start);
        let by_bytes = &text[ent.span.byte.clone()];
        let by_chars: String = chars[ent.span.char.clone()].iter().collect();
        assert_eq!(by_bytes, by_chars);
        // An entity never crosses a sentence start.
        assert!(analysis
            .sents
            .iter()
            .any(|s| s.char.start <= ent.span.char.start && ent.span.char.end <= s.char.end));
        last = ent.span.char.end;
    }
}

/// Text in, spaCy's tokens, sentences and entities out: the tokenizer and the model together.
#[test]
fn golden_texts_give_spacys_tokens_sentences_and_entities_end_to_end() {
    let mut mismatches = Vec::new();
    let texts = golden::load();
    for g in &texts {
        let analysis = engine().analyze(&g.text);
        let tokens: Vec<(usize, usize)> = analysis
            .tokens
            .iter()
            .map(|t| (t.char().start, t.char().len()))
            .collect();
        let want_tokens: Vec<(usize, usize)> = g.tokens.iter().map(|t| (t.0, t.1)).collect();
        if tokens != want_tokens {
            mismatches.push(format!("{}: tokens differ", g.id));
            continue;
        }
        let starts: Vec<usize> = analysis.sents.iter().map(|s| s.char.start).collect();
        let want_starts: Vec<usize> = g.sent_starts.iter().map(|&i| g.tokens[i].0).collect();
        if starts != want_starts {
            mismatches.push(format!("{}: sentences differ", g.id));
        }
        let ents: Vec<(usize, usize, &str)> = analysis
            .ents
            .iter()
            .map(|e| (e.span.char.start, e.span.char.end, e.label.as_str()))
            .collect();
        let want: Vec<(usize, usize, &str)> =
            g.ents.iter().map(|e| (e.3, e.4, e.2.as_str())).collect();
        if ents != want {
            mismatches.push(format!("{}: entities {ents:?}, spaCy {want:?}", g.id));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} golden texts differ from spaCy:\n{}",
        mismatches.len(),
        texts.len(),
        mismatches.join("\n")
    );
}

#[test]
fn entity_offsets_slice_text_with_euro_emoji_combining_marks_and_crlf() {
    let text = "Price: €5 😀👍🏽 for cafe\u{301}s.\r\nAngela Merkel visited Paris on Monday.\r\n\
                Ze\u{301}nith Corp. paid €3 million to Google.\r\n";
    check_invariants(text);
    let analysis = engine().analyze(text);
    let found: Vec<(&str, &str)> = analysis
        .ents
        .iter()
        .map(|e| (&text[e.span.byte.clone()], e.label.as_str()))
        .collect();
    for expected in [
        ("Angela Merkel", "PERSON"),
        ("Paris", "GPE"),
        ("Monday", "DATE"),
        ("Google", "ORG"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    // Code-point offsets differ from byte offsets here: € and emoji are multi-byte.
    let merkel = analysis
        .ents
        .iter()
        .find(|e| &text[e.span.byte.clone()] == "Angela Merkel")
        .unwrap();
    assert!(merkel.span.byte.start > merkel.span.char.start);
    assert_eq!(
        text.chars()
            .skip(merkel.span.char.start)
            .take(13)
            .collect::<String>(),
        "Angela Merkel"
    );
}

#[test]
fn empty_and_whitespace_texts_have_no_entities() {
    for text in ["", " ", "\n\n", "\t \u{a0}\r\n"] {
        let analysis = engine().analyze(text);
        assert!(analysis.ents.is_empty(), "{text:?}");
        check_invariants(text);
    }
}

#[test]
fn a_long_document_keeps_its_invariants() {
    let paragraph = "The United Nations said on Friday that 1.2 million people in Sudan need aid. \
                     Secretary-General António Guterres called it \"a catastrophe\".\n\n";
    check_invariants(&paragraph.repeat(200));
}

/// Cases per property: 64 in CI; `ENTITY_LENS_PROPTEST_CASES=N` for a long randomized run
/// (the stand-in for cargo-fuzz, which needs a nightly toolchain).
fn cases() -> u32 {
    std::env::var("ENTITY_LENS_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_unicode(text in "\\PC{0,200}") {
        check_invariants(&text);
    }

    #[test]
    fn never_panics_on_wordy_text(words in proptest::collection::vec(
        "[A-Z][a-z]{0,8}|[a-z]{1,8}|[0-9]{1,4}|[.,;:!?\"'()$€%-]|\\s{1,3}|\\PC", 0..120)) {
        check_invariants(&words.join(" "));
    }

    #[test]
    fn analyze_file_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for clean in [true, false] {
            for entities in [EntityMode::Raw, EntityMode::Refined] {
                if let Ok(doc) = engine().analyze_file(&bytes, Options { clean, entities }) {
                    for ent in &doc.analysis.ents {
                        prop_assert!(doc.article.text.get(ent.span.byte.clone()).is_some());
                    }
                    for m in &doc.mentions {
                        prop_assert!(doc.article.text.get(m.span.byte.clone()).is_some());
                    }
                }
            }
        }
    }
}
