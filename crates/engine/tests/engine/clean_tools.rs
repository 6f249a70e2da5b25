//! The cleanup tools' hook (`tools/cleanup/train.py`, `tools/cleanup/bench.py`): runs both
//! cleaners (the learned one and the previous rules) over a JSON-lines file of texts and writes
//! what they decided. Ignored by default; the tools run it as
//! `CLEANUP_IN=pages.jsonl CLEANUP_OUT=rows.jsonl cargo test --release -p entity-lens-engine
//! --test engine clean_tools -- --ignored`.

use entity_lens_engine::clean::{training, Article};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};

fn meta(a: &Article) -> Value {
    json!({
        "title": a.title, "date": a.date, "dateline": a.dateline, "byline": a.byline,
        "source": a.source, "text": a.text,
    })
}

#[test]
#[ignore = "a tool, run by tools/cleanup/*.py"]
fn clean_tools_dump() -> anyhow::Result<()> {
    let (Ok(input), Ok(output)) = (std::env::var("CLEANUP_IN"), std::env::var("CLEANUP_OUT"))
    else {
        anyhow::bail!("set CLEANUP_IN and CLEANUP_OUT");
    };
    let reader = std::io::BufReader::new(std::fs::File::open(&input)?);
    let mut out = BufWriter::new(std::fs::File::create(&output)?);
    for line in reader.lines() {
        let rec: Value = serde_json::from_str(&line?)?;
        let text = rec["text"].as_str().unwrap_or_default();
        let t0 = std::time::Instant::now();
        let _ = training::clean_learned(text);
        let ns_model = t0.elapsed().as_nanos() as u64;
        let t0 = std::time::Instant::now();
        let _ = training::clean_rules(text);
        let ns_rules = t0.elapsed().as_nanos() as u64;
        let (rows, model, rules) = training::compare(text);
        let units: Vec<Value> = rows
            .iter()
            .map(|r| {
                let (slots, vals): (Vec<u32>, Vec<f32>) = r.input.hashed.iter().copied().unzip();
                json!([
                    r.byte.start,
                    r.byte.end,
                    r.input.dense,
                    slots,
                    vals,
                    r.keep_model,
                    r.keep_rules,
                    r.rules
                ])
            })
            .collect();
        let rec = json!({"id": rec["id"], "units": units, "model": meta(&model), "rules": meta(&rules), "ns_model": ns_model, "ns_rules": ns_rules});
        serde_json::to_writer(&mut out, &rec)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
