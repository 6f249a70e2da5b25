//! Tokenizes JSONL texts from stdin and prints spaCy-comparable JSONL to stdout; the time spent
//! in the tokenizer goes to stderr.
//!
//! Input, one per line: `{"id": ..., "text": "..."}`. Output, one per line:
//! `{"id", "tokens": [[idx_cp, len_cp, ws_bool], ...], "features": [[NORM, PREFIX, SUFFIX, SHAPE,
//! SPACY, IS_SPACE], ...]}` (the golden-file format). `tools/tokenizer/check.py` drives it.
//!
//! ```sh
//! cargo run --release -p entity-lens-engine --example tokenize_check < texts.jsonl > out.jsonl
//! cargo run --release -p entity-lens-engine --example tokenize_check -- --bench < texts.jsonl
//! ```
//! `--bench` prints nothing per text and tokenizes everything 3 times (best run reported).

use std::io::{self, BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use entity_lens_engine::tokenize::Tokenizer;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Input {
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    tokens: Vec<(usize, usize, bool)>,
    features: Vec<(u64, u64, u64, u64, u8, u8)>,
}

fn main() -> Result<()> {
    let bench = std::env::args().any(|a| a == "--bench");
    let started = Instant::now();
    let tokenizer = Tokenizer::new();
    let load = started.elapsed();
    let mut inputs = Vec::new();
    for line in io::stdin().lock().lines() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        inputs.push(serde_json::from_str::<Input>(&line).context("parsing an input line")?);
    }
    let words: usize = inputs
        .iter()
        .map(|i| i.text.split_whitespace().count())
        .sum();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut best = Duration::MAX;
    let mut n_tokens = 0;
    for _ in 0..if bench { 3 } else { 1 } {
        let mut spent = Duration::ZERO;
        n_tokens = 0;
        for input in &inputs {
            let t = Instant::now();
            let tokens = tokenizer.tokenize(&input.text);
            spent += t.elapsed();
            n_tokens += tokens.len();
            if bench {
                continue;
            }
            let record = Output {
                id: &input.id,
                tokens: tokens
                    .iter()
                    .map(|t| (t.span.char.start, t.span.char.len(), t.features.spacy))
                    .collect(),
                features: tokens
                    .iter()
                    .map(|t| {
                        let f = t.features;
                        (
                            f.norm,
                            f.prefix,
                            f.suffix,
                            f.shape,
                            u8::from(f.spacy),
                            u8::from(f.is_space),
                        )
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
        best = best.min(spent);
    }
    out.flush()?;
    let secs = best.as_secs_f64().max(1e-9);
    eprintln!(
        "tokenizer: load {:.1} ms; {} texts, {} tokens, {} whitespace-separated words in {:.3} s: {:.0} tokens/s, {:.0} words/s",
        load.as_secs_f64() * 1e3,
        inputs.len(),
        n_tokens,
        words,
        secs,
        n_tokens as f64 / secs,
        words as f64 / secs,
    );
    Ok(())
}
