//! Runs the model over spaCy's own per-token features and prints its predictions, for parity
//! checks against spaCy (`tools/model/compare.py`) and a quick speed reading.
//!
//! ```sh
//! /work/venv/bin/python tools/model/spacy_features.py > /tmp/corpus.jsonl
//! cargo run --release -p entity-lens-engine --example model_check -- [ARTIFACT.elm] \
//!     < /tmp/corpus.jsonl > /tmp/pred.jsonl
//! ```
//!
//! stdin: one JSON object per line with `id` and `features` (`[[NORM, PREFIX, SUFFIX, SHAPE,
//! SPACY, IS_SPACE], ...]`), e.g. lines of `tests/golden/spacy.jsonl`. stdout: one line per
//! document `{"id", "sent_starts": [token, ...], "ents": [[start, end, label], ...]}`.
//! stderr: load time and tokens per second of `predict` alone (wall clock and thread CPU time;
//! the CPU figure is the one to trust on a busy machine).

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use entity_lens_engine::model::Model;
use entity_lens_engine::tokenize::Features;

#[derive(serde::Deserialize)]
struct Doc {
    id: String,
    features: Vec<[u64; 6]>,
}

fn main() -> anyhow::Result<()> {
    let bytes = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).with_context(|| format!("reading {path}"))?,
        None => entity_lens_engine::model::BUNDLED.to_vec(),
    };
    let t0 = Instant::now();
    let c0 = cpu_time::ThreadTime::now();
    let model = Model::from_bytes(&bytes)?;
    let (load, load_cpu) = (t0.elapsed(), c0.elapsed());
    let (mut tokens, mut busy, mut cpu, mut docs) =
        (0usize, Duration::ZERO, Duration::ZERO, 0usize);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Doc = serde_json::from_str(&line)?;
        let feats: Vec<Features> = doc
            .features
            .iter()
            .map(|&f| Features::from_spacy_row(f))
            .collect();
        let (t, c) = (Instant::now(), cpu_time::ThreadTime::now());
        let pred = model.predict(&feats);
        busy += t.elapsed();
        cpu += c.elapsed();
        tokens += feats.len();
        docs += 1;
        let starts: Vec<usize> = pred
            .sent_starts
            .iter()
            .enumerate()
            .filter_map(|(i, &s)| s.then_some(i))
            .collect();
        let ents: Vec<(usize, usize, &str)> = pred
            .ents
            .iter()
            .map(|e| (e.start, e.end, e.label.as_str()))
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"id": doc.id, "sent_starts": starts, "ents": ents}),
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "model load {:.1} ms wall, {:.1} ms cpu ({} bytes); {docs} docs, {tokens} tokens: \
         predict {:.2} s wall = {:.0} tokens/s, {:.2} s thread cpu = {:.0} tokens/s",
        load.as_secs_f64() * 1e3,
        load_cpu.as_secs_f64() * 1e3,
        bytes.len(),
        busy.as_secs_f64(),
        tokens as f64 / busy.as_secs_f64().max(1e-9),
        cpu.as_secs_f64(),
        tokens as f64 / cpu.as_secs_f64().max(1e-9),
    );
    Ok(())
}
