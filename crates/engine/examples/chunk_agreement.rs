//! Chunked analysis against whole-document analysis on very long texts: the BBC articles one
//! after another (a blank line between them) cut to each size asked, analyzed in windows (the
//! engine's default, [`entity_lens_engine::chunk`]) and whole (the networks over the whole
//! text at once, about 8 KB per token: 1 MB of text needs about 2 GB). Prints the entity and
//! sentence agreement (same span and label) and both times.
//!
//! ```sh
//! cargo run --release -p entity-lens-engine --example chunk_agreement -- ../shared/data/bbc-news 0.25 1
//! ```
//! (the BBC folder is described in `../shared/data/bbc-news/README.md`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use entity_lens_engine::{Analysis, Engine};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        bail!("usage: chunk_agreement DIR [SIZE_MB...]");
    };
    let sizes: Vec<f64> = args
        .map(|a| a.parse::<f64>().with_context(|| format!("size {a}")))
        .collect::<Result<_>>()?;
    let sizes = if sizes.is_empty() { vec![1.0] } else { sizes };
    let mut paths = Vec::new();
    walk(Path::new(&dir), &mut paths)?;
    paths.sort();
    let mut all = String::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        all.push_str(text.trim());
        all.push_str("\n\n");
    }
    if all.is_empty() {
        bail!("no .txt files under {dir}");
    }
    let engine = Engine::bundled().context("loading the model")?;
    for mb in sizes {
        let want = (mb * 1e6) as usize;
        let mut text = String::new();
        while text.len() < want {
            text.push_str(&all);
        }
        let mut cut = want.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(text[..cut].rfind("\n\n").unwrap_or(cut));

        let start = Instant::now();
        let windowed = engine.analyze(&text);
        let t_windowed = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let whole = engine.analyze_whole(&text);
        let t_whole = start.elapsed().as_secs_f64();
        let tokens_same = windowed.tokens == whole.tokens;
        let (ents, ents_a, ents_b) = agreement(&entities(&windowed), &entities(&whole));
        let sents_w: Vec<_> = windowed.sents.iter().map(|s| s.char.clone()).collect();
        let sents_h: Vec<_> = whole.sents.iter().map(|s| s.char.clone()).collect();
        let (sents, ..) = agreement(&sents_w, &sents_h);
        println!(
            "{:6.2} MB, {} tokens (same: {tokens_same}): entities {:.4}% agree ({} windowed, {} whole), \
             sentences {:.4}% agree; windowed {:.1} s, whole {:.1} s",
            text.len() as f64 / 1e6,
            whole.tokens.len(),
            ents * 100.0,
            ents_a,
            ents_b,
            sents * 100.0,
            t_windowed,
            t_whole
        );
    }
    Ok(())
}

/// (start, end, label) of each entity, in code points.
fn entities(a: &Analysis) -> Vec<(usize, usize, &'static str)> {
    a.ents
        .iter()
        .map(|e| (e.span.char.start, e.span.char.end, e.label.as_str()))
        .collect()
}

/// Items in both / items in the larger list, and the two counts.
fn agreement<T: std::hash::Hash + Eq + Clone>(a: &[T], b: &[T]) -> (f64, usize, usize) {
    let set: HashSet<&T> = b.iter().collect();
    let both = a.iter().filter(|x| set.contains(x)).count();
    let most = a.len().max(b.len()).max(1);
    (both as f64 / most as f64, a.len(), b.len())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt")
            && path.file_name().is_some_and(|n| n != "README.TXT")
        {
            out.push(path);
        }
    }
    Ok(())
}
