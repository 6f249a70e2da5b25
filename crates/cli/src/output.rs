//! One article's result and its JSON / text renderings. Offsets are code points, end exclusive.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use anyhow::Result;
use entity_lens_engine::export::json::{
    slice, DocumentRecord, ItemErrorRecord, ProvenanceRecord, RecordOptions,
};
use entity_lens_engine::{Document, Engine, Options};

use crate::inputs::{Article, Failure};

/// The outcome for one article.
pub enum Outcome {
    Analyzed {
        path: String,
        document: Box<Document>,
    },
    Failed(Failure),
}

impl Outcome {
    /// Analyzes one article read by intake; a failure to read is kept, and so is a failure of
    /// the engine (a bug), so that the other articles go on.
    pub fn of(engine: &Engine, article: Article, options: Options) -> Self {
        match article {
            Article::Failed(failure) => Outcome::Failed(failure),
            Article::Item { path, item } => {
                let provenance = item.provenance.clone();
                match catch_unwind(AssertUnwindSafe(|| engine.analyze_item(*item, options))) {
                    Ok(document) => Outcome::Analyzed {
                        path,
                        document: Box::new(document),
                    },
                    Err(_) => Outcome::Failed(Failure {
                        path,
                        provenance,
                        message: "the engine failed on this article (a bug: please report it \
                                  with the input)"
                            .to_owned(),
                    }),
                }
            }
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Analyzed { .. })
    }

    /// The article's name: `file`, `file#row3`, `file#part2`.
    pub fn name(&self) -> String {
        match self {
            Outcome::Analyzed { document, path } => {
                if document.provenance.file.is_empty() {
                    path.clone()
                } else {
                    document.provenance.name()
                }
            }
            Outcome::Failed(failure) => failure.provenance.name(),
        }
    }

    /// Writes one JSON line.
    pub fn write_jsonl(&self, out: &mut impl Write, options: Options, tokens: bool) -> Result<()> {
        match self {
            Outcome::Failed(failure) => serde_json::to_writer(
                &mut *out,
                &ItemErrorRecord {
                    path: &failure.path,
                    provenance: ProvenanceRecord::new(&failure.path, &failure.provenance),
                    error: &failure.message,
                },
            )?,
            Outcome::Analyzed { path, document } => serde_json::to_writer(
                &mut *out,
                &DocumentRecord::new(
                    path,
                    document,
                    RecordOptions {
                        cleaned: options.clean || has_metadata(document),
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
        let name = self.name();
        match self {
            Outcome::Failed(failure) => writeln!(out, "== {name}\nerror: {}\n", failure.message)?,
            Outcome::Analyzed { document: doc, .. } => {
                writeln!(out, "== {name}")?;
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

/// An article whose source stated its metadata (a table's columns, an export's fields): the
/// record shows them even without cleanup.
fn has_metadata(document: &Document) -> bool {
    !matches!(
        document.kind,
        entity_lens_engine::intake::Kind::Text | entity_lens_engine::intake::Kind::Html
    )
}
