//! The tokenizer against spaCy: every text of the golden file must give spaCy's tokens
//! (idx, length, whitespace) and feature ids; plus never-panics and offset invariants on
//! arbitrary Unicode.
//!
//! The golden file `tests/golden/spacy.jsonl` comes from spaCy itself; regenerate it from the
//! repository root with `/work/venv/bin/python tools/golden/make_golden.py` (see its README).
//! For a broader check on the shared corpora (2.6M tokens) run
//! `/work/venv/bin/python tools/tokenizer/check.py`.

use entity_lens_engine::tokenize::{Token, Tokenizer};
use proptest::prelude::*;

use crate::golden;

type Row = ((usize, usize, bool), [u64; 6]);

fn row(token: &Token) -> Row {
    let f = token.features;
    (
        (token.span.char.start, token.span.char.len(), f.spacy),
        f.to_spacy_row(),
    )
}

#[test]
fn golden_texts_tokenize_like_spacy() {
    let tokenizer = Tokenizer::new();
    let (mut texts, mut tokens) = (0, 0);
    let mut mismatches = Vec::new();
    for golden in golden::load() {
        texts += 1;
        tokens += golden.tokens.len();
        let ours: Vec<Row> = tokenizer.tokenize(&golden.text).iter().map(row).collect();
        let theirs: Vec<Row> = golden
            .tokens
            .iter()
            .copied()
            .zip(golden.features.iter().copied())
            .collect();
        if ours == theirs {
            continue;
        }
        let i = ours
            .iter()
            .zip(&theirs)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(theirs.len()));
        let show = |rows: &[Row]| match rows.get(i) {
            Some(&((idx, len, ws), f)) => {
                let text: String = golden.text.chars().skip(idx).take(len).collect();
                format!("{text:?} idx={idx} ws={ws} features={f:?}")
            }
            None => "<no token>".to_string(),
        };
        mismatches.push(format!(
            "{}: token {i}: ours {}, spaCy {}",
            golden.id,
            show(&ours),
            show(&theirs)
        ));
    }
    assert!(
        mismatches.is_empty(),
        "{} of {texts} texts ({tokens} tokens) differ from spaCy:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Checks the offset contract of `tokens` on `text`.
fn check_invariants(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut rebuilt = String::new();
    let mut expected_byte = 0;
    for t in tokens {
        let (b, c) = (&t.span.byte, &t.span.char);
        prop_assert_eq!(b.start, expected_byte, "tokens cover the text in order");
        let Some(word) = text.get(b.clone()) else {
            return Err(TestCaseError::fail(format!("{b:?} is not a char range")));
        };
        prop_assert!(!word.is_empty(), "empty token at {:?}", b);
        prop_assert_eq!(c.start, text[..b.start].chars().count());
        prop_assert_eq!(c.len(), word.chars().count());
        rebuilt.push_str(word);
        expected_byte = b.end;
        if t.features.spacy {
            prop_assert_eq!(text.get(b.end..b.end + 1), Some(" "));
            rebuilt.push(' ');
            expected_byte += 1;
        }
    }
    prop_assert_eq!(
        rebuilt.as_str(),
        text,
        "token texts + whitespace rebuild the input"
    );
    Ok(())
}

/// Text made of pieces that exercise the rules: words, affixes, infixes, URLs, specials,
/// Unicode whitespace and marks, emoji.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\u{1c}",
        "\u{3000}",
        "word",
        "Word",
        "U.S.",
        "e.g.",
        "don't",
        "'s",
        ":)",
        "(",
        ")",
        "\"",
        ".",
        "...",
        ",",
        "-",
        "--",
        "—",
        "3",
        "1,000.5",
        "$",
        "€",
        "km",
        "°C",
        "http://x.co/a?b",
        "10.0.0.1",
        "a@b.com",
        "😀",
        "👍🏽",
        "e\u{301}",
        "İ",
        "Σ",
        "北京",
        "\u{200b}",
        "\u{0}",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

thread_local! {
    static TOKENIZER: Tokenizer = Tokenizer::new();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokenize_never_panics_on_arbitrary_unicode(text in any::<String>()) {
        let tokens = TOKENIZER.with(|t| t.tokenize(&text));
        check_invariants(&text, &tokens)?;
    }

    #[test]
    fn tokenize_keeps_offsets_on_tricky_text(text in tricky_text()) {
        let tokens = TOKENIZER.with(|t| t.tokenize(&text));
        check_invariants(&text, &tokens)?;
    }
}
