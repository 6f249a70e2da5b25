//! Shows what the cleaner makes of article files: metadata, removed lines with reasons, and the
//! kept paragraphs' first words.
//!
//! ```text
//! cargo run -p entity-lens-engine --example clean_show [--body] [FILE|DIR ...]
//! ```
//! Without paths it reads `../shared/samples/` (relative to the repository root).

use std::path::{Path, PathBuf};

use entity_lens_engine::{clean, decode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut body = false;
    let mut paths: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--body" {
            body = true;
        } else {
            paths.push(arg.into());
        }
    }
    if paths.is_empty() {
        paths.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples"));
    }
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut in_dir: Vec<PathBuf> = std::fs::read_dir(&p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            in_dir.sort();
            files.extend(in_dir);
        } else {
            files.push(p);
        }
    }
    for file in files {
        let bytes = std::fs::read(&file)?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("=== {name}");
        let decoded = match decode::decode(&bytes) {
            Ok(d) => d,
            Err(e) => {
                println!("error: {e}");
                continue;
            }
        };
        let a = clean::clean(&decoded.text);
        println!("encoding: {}", decoded.encoding);
        println!("title:    {:?}", a.title);
        println!("date:     {:?}", a.date);
        println!("source:   {:?}", a.source);
        println!("dateline: {:?}", a.dateline);
        println!("byline:   {:?}", a.byline);
        println!("tags:     {:?}", a.tags);
        println!("removed:");
        for r in &a.removed {
            let t = decoded.text.get(r.span.byte.clone()).unwrap_or_default();
            println!("  [{:>16}] {:?}", r.reason.as_str(), shorten(t, 90));
        }
        println!("kept paragraphs: {}", a.paragraphs.len());
        for p in &a.paragraphs {
            let t = a.text.get(p.byte.clone()).unwrap_or_default();
            if body {
                println!("  | {t}");
            } else {
                println!("  | {}", shorten(t, 90));
            }
        }
        println!();
    }
    Ok(())
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let head: String = s.chars().take(n).collect();
        format!("{head}…")
    }
}
