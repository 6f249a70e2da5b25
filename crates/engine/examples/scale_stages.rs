//! Time of each whole-text stage on long texts, to see that each grows linearly: cleanup
//! (`clean::clean`), recognition (windowed, raw entities), and refinement (the refined run
//! minus the raw one: split lines, recase, consistency, knowledge). The BBC articles one after
//! another, a blank line between them, cut to each size asked (MB).
//!
//! ```sh
//! cargo run --release -p entity-lens-engine --example scale_stages -- ../shared/data/bbc-news 1 4 16
//! ```
//! (the BBC folder is described in `../shared/data/bbc-news/README.md`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};
use entity_lens_engine::{clean, Engine, EntityMode, Options};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        bail!("usage: scale_stages DIR [SIZE_MB...]");
    };
    let sizes: Vec<f64> = args
        .map(|a| a.parse::<f64>().with_context(|| format!("size {a}")))
        .collect::<Result<_>>()?;
    let sizes = if sizes.is_empty() {
        vec![1.0, 4.0]
    } else {
        sizes
    };
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
    println!("size MB   clean s  (s/MB)   raw s  (s/MB)  refine s (s/MB)");
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
        let size = text.len() as f64 / 1e6;

        let start = Instant::now();
        let article = clean::clean(&text);
        let t_clean = start.elapsed().as_secs_f64();
        drop(article);
        let whole = |entities| Options {
            clean: false,
            entities,
        };
        let start = Instant::now();
        let raw = engine.analyze_text(&text, whole(EntityMode::Raw));
        let t_raw = start.elapsed().as_secs_f64();
        drop(raw);
        let start = Instant::now();
        let refined = engine.analyze_text(&text, whole(EntityMode::Refined));
        let t_refined = start.elapsed().as_secs_f64();
        drop(refined);
        let t_refine = t_refined - t_raw;
        println!(
            "{size:7.2} {t_clean:9.2} {:7.2} {t_raw:7.1} {:7.2} {t_refine:8.2} {:7.2}",
            t_clean / size,
            t_raw / size,
            t_refine / size
        );
    }
    Ok(())
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
