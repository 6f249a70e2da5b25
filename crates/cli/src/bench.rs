//! `entity-lens bench`: engine throughput on one thread, model load time, artifact size.

use std::time::Instant;

use anyhow::{bail, Result};
use entity_lens_engine::{decode, model, Engine, EntityMode, Options};
use serde::Serialize;

use crate::{inputs, BenchArgs, BenchFormat};

#[derive(Debug, Serialize)]
struct Report {
    /// `raw` or `refined`.
    mode: EntityMode,
    files: usize,
    /// Whitespace-separated words (`str::split_whitespace`), summed over files and repeats.
    words: usize,
    tokens: usize,
    entities: usize,
    seconds: f64,
    words_per_second: f64,
    model_load_ms: f64,
    artifact_bytes: usize,
}

pub fn run(args: &BenchArgs) -> Result<bool> {
    let (files, ok) = inputs::collect(&args.paths, &["txt"]);
    let mut texts = Vec::with_capacity(files.len());
    for path in &files {
        let bytes = std::fs::read(path)?;
        match decode::decode(&bytes) {
            Ok(decoded) => texts.push(decoded.text),
            Err(err) => eprintln!("entity-lens: skipping {}: {err}", path.display()),
        }
    }
    if texts.is_empty() {
        bail!("no readable text files to benchmark");
    }
    let load = Instant::now();
    let engine = Engine::bundled()?;
    let model_load_ms = load.elapsed().as_secs_f64() * 1e3;
    // The whole decoded text, without cleanup: raw is exactly `Engine::analyze`, refined adds
    // per-line recognition and the refinement rules.
    let options = Options {
        clean: false,
        entities: args.entities.into(),
    };
    // Warm-up on the first text, not timed.
    engine.analyze_text(&texts[0], options);

    let (mut words, mut tokens, mut entities) = (0, 0, 0);
    let start = Instant::now();
    for _ in 0..args.repeat.max(1) {
        for text in &texts {
            let doc = engine.analyze_text(text, options);
            words += text.split_whitespace().count();
            tokens += doc.analysis.tokens.len();
            entities += doc.mentions.iter().filter(|m| m.label.is_some()).count();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let report = Report {
        mode: options.entities,
        files: texts.len(),
        words,
        tokens,
        entities,
        seconds,
        words_per_second: words as f64 / seconds,
        model_load_ms,
        artifact_bytes: model::BUNDLED.len(),
    };
    match args.format {
        BenchFormat::Json => println!("{}", serde_json::to_string(&report)?),
        BenchFormat::Text => println!(
            "{} files, {} words, {} tokens, {} entities ({:?}) in {:.3} s: {:.0} words/s (one \
             thread); model load {:.1} ms; artifact {} bytes",
            report.files,
            report.words,
            report.tokens,
            report.entities,
            report.mode,
            report.seconds,
            report.words_per_second,
            report.model_load_ms,
            report.artifact_bytes
        ),
    }
    Ok(ok)
}
