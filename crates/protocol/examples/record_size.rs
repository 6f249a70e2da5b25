//! What the page's messages weigh per byte of input: for each file, the JSON bytes of the
//! [`DocumentRecord`] (as sent to the corpus worker and saved in IndexedDB, and as it was with
//! every token) and of the [`ArticleView`] (as sent to the page), per input byte.
//!
//! Usage: `cargo run --release -p entity-lens-protocol --features engine --example record_size -- FILE...`

use entity_lens_engine::Engine;
use entity_lens_protocol::{analyze, bundled_model, ArticleView, DocumentRecord};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::new(bundled_model())?;
    println!("file\tinput_bytes\ttext_bytes\ttokens\tmentions\trecord\twith_tokens\tview\t(per input byte)");
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let doc = analyze(&engine, &bytes, false)?;
        let mut record = DocumentRecord::from_document(&doc);
        let compact = serde_json::to_string(&record)?.len();
        record.tokens = doc
            .analysis
            .tokens
            .iter()
            .map(|t| [t.char().start, t.char().end])
            .collect();
        let with_tokens = serde_json::to_string(&record)?.len();
        let view = serde_json::to_string(&ArticleView::from_document(&doc))?.len();
        let per = |n: usize| n as f64 / bytes.len().max(1) as f64;
        println!(
            "{path}\t{}\t{}\t{}\t{}\t{compact} ({:.2})\t{with_tokens} ({:.2})\t{view} ({:.2})",
            bytes.len(),
            doc.article.text.len(),
            doc.analysis.tokens.len(),
            doc.mentions.len(),
            per(compact),
            per(with_tokens),
            per(view),
        );
    }
    Ok(())
}
