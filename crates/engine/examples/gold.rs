//! Predictions of the engine, raw and refined, on a gold set (`docs.jsonl`: one
//! `{"id", "text", ...}` per line), written as `{"id", "entities": [[start, end, label], ...]}`
//! lines (code points) for `score_ner.py`. Driven by `tools/refine/score_gold.py`.
//!
//! ```text
//! cargo run --release -p entity-lens-engine --example gold -- DOCS.jsonl RAW_OUT REFINED_OUT
//! ```

use std::io::{BufRead, BufReader, BufWriter, Write};

use anyhow::{bail, Context, Result};
use entity_lens_engine::{Engine, EntityMode, Options};
use serde_json::{json, Value};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [docs, raw_out, refined_out] = args.as_slice() else {
        bail!("usage: gold DOCS.jsonl RAW_OUT.jsonl REFINED_OUT.jsonl");
    };
    let engine = Engine::bundled()?;
    let input = BufReader::new(std::fs::File::open(docs).with_context(|| docs.clone())?);
    let mut raw = BufWriter::new(std::fs::File::create(raw_out)?);
    let mut refined = BufWriter::new(std::fs::File::create(refined_out)?);
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value =
            serde_json::from_str(&line).with_context(|| format!("{docs}:{}", n + 1))?;
        let (Some(id), Some(text)) = (record["id"].as_str(), record["text"].as_str()) else {
            bail!("{docs}:{}: no id or text", n + 1);
        };
        for (mode, out) in [
            (EntityMode::Raw, &mut raw),
            (EntityMode::Refined, &mut refined),
        ] {
            let doc = engine.analyze_text(
                text,
                Options {
                    clean: false,
                    entities: mode,
                },
            );
            let ents: Vec<Value> = doc
                .mentions
                .iter()
                .filter_map(|m| {
                    let label = entity_lens_engine::refine::label_in(m, mode)?;
                    Some(json!([m.span.char.start, m.span.char.end, label.as_str()]))
                })
                .collect();
            writeln!(out, "{}", json!({"id": id, "entities": ents}))?;
        }
    }
    raw.flush()?;
    refined.flush()?;
    Ok(())
}
