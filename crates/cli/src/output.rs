//! One file's result and its JSON / text renderings. Offsets are code points, end exclusive.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use entity_lens_engine::export::json::{slice, DocumentRecord, ErrorRecord, RecordOptions};
use entity_lens_engine::{Document, Engine, Options};

/// The outcome for one input file.
pub struct FileResult {
    path: String,
    outcome: Result<Document, String>,
    options: Options,
}

impl FileResult {
    /// Reads, decodes and analyzes one file; any failure is kept as a message.
    pub fn of(engine: &Engine, path: &Path, options: Options) -> Self {
        let outcome = match std::fs::read(path) {
            Ok(bytes) => engine
                .analyze_file(&bytes, options)
                .map_err(|err| err.to_string()),
            Err(err) => Err(format!("cannot read the file: {err}")),
        };
        Self {
            path: path.display().to_string(),
            outcome,
            options,
        }
    }

    pub fn is_ok(&self) -> bool {
        self.outcome.is_ok()
    }

    /// Writes one JSON line.
    pub fn write_jsonl(&self, out: &mut impl Write, tokens: bool) -> Result<()> {
        match &self.outcome {
            Err(error) => serde_json::to_writer(
                &mut *out,
                &ErrorRecord {
                    path: &self.path,
                    error,
                },
            )?,
            Ok(doc) => serde_json::to_writer(
                &mut *out,
                &DocumentRecord::new(
                    &self.path,
                    doc,
                    RecordOptions {
                        cleaned: self.options.clean,
                        tokens,
                    },
                ),
            )?,
        }
        out.write_all(b"\n")?;
        Ok(())
    }

    /// Writes a human-readable block: header, then one entity per line.
    pub fn write_text(&self, out: &mut impl Write) -> Result<()> {
        match &self.outcome {
            Err(error) => writeln!(out, "== {}\nerror: {error}\n", self.path)?,
            Ok(doc) => {
                writeln!(out, "== {}", self.path)?;
                let article = &doc.article;
                for (name, value) in [
                    ("title", &article.title),
                    ("date", &article.date),
                    ("source", &article.source),
                    ("dateline", &article.dateline),
                    ("byline", &article.byline),
                ] {
                    if let Some(value) = value {
                        writeln!(out, "{name}: {value}")?;
                    }
                }
                // The mentions of the chosen view; a refined label that differs from spaCy's
                // shows spaCy's after it.
                for m in &doc.mentions {
                    let Some(label) = m.label else { continue };
                    let text = slice(&article.text, &m.span);
                    let raw = match m.raw_label {
                        Some(raw) if raw == label => String::new(),
                        Some(raw) => format!("\t(spaCy: {})", raw.as_str()),
                        None => "\t(spaCy: none)".to_owned(),
                    };
                    writeln!(
                        out,
                        "{}\t{}\t{:<11}\t{}{raw}",
                        m.span.char.start,
                        m.span.char.end,
                        label.as_str(),
                        text.replace('\n', "\\n")
                    )?;
                }
                writeln!(out)?;
            }
        }
        Ok(())
    }
}
