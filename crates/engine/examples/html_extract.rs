//! Reads saved web pages and prints what the engine finds in each: one JSON object per line,
//! `{"id", "articleBody", "title", "date", "author", "site", "url", "found", "encoding", "ms"}`.
//! `ms` is the time of [`intake::html::read`] alone (decoding, parsing, metadata, body).
//!
//! ```text
//! cargo run --release -p entity-lens-engine --example html_extract -- FILE|DIR ...
//! ```
//! A directory is read for its `*.html` / `*.htm` files; `id` is the file name without its
//! extension. Used by `tools/html/bench.py` (the article-extraction benchmark).

use std::path::PathBuf;
use std::time::Instant;

use entity_lens_engine::intake::html;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        let p = PathBuf::from(arg);
        if p.is_dir() {
            let mut in_dir: Vec<PathBuf> = std::fs::read_dir(&p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "htm"))
                .collect();
            in_dir.sort();
            files.extend(in_dir);
        } else {
            files.push(p);
        }
    }
    for file in files {
        let bytes = std::fs::read(&file)?;
        let id = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let start = Instant::now();
        let read = html::read(&bytes);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let line = match read {
            Ok(page) => serde_json::json!({
                "id": id,
                "articleBody": page.article.text,
                "title": page.article.title,
                "date": page.article.date,
                "visible_date": page.visible_date,
                "author": page.article.byline,
                "site": page.site,
                "url": page.url,
                "found": format!("{:?}", page.found),
                "encoding": page.encoding,
                "ms": ms,
            }),
            Err(e) => {
                serde_json::json!({ "id": id, "articleBody": "", "error": e.to_string(), "ms": ms })
            }
        };
        println!("{line}");
    }
    Ok(())
}
