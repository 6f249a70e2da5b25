//! Native dump of what the worker would send for each file: one JSON line per file,
//! `{"file": …, "article": ArticleView}` or `{"file": …, "error": FileError}`.
//! The wasm parity check (`cargo xtask test`) compares it with the worker wasm's output.
//!
//! Usage: `cargo run -p entity-lens-protocol --features engine --example entities -- FILE...`

use entity_lens_engine::Engine;
use entity_lens_protocol::{analyze, bundled_model, ArticleView, FileError};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<ArticleView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<FileError>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::new(bundled_model())?;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let name = std::path::Path::new(&path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (article, error) =
            match analyze(&engine, &bytes, false).map(|d| ArticleView::from_document(&d)) {
                Ok(a) => (Some(a), None),
                Err(e) => (None, Some(e)),
            };
        let line = Line {
            file: &name,
            article,
            error,
        };
        println!("{}", serde_json::to_string(&line)?);
    }
    Ok(())
}
