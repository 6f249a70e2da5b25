//! One file's result and its JSON / text renderings. Offsets are code points, end exclusive.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use entity_lens_engine::clean::RemovalReason;
use entity_lens_engine::pipeline::Document;
use entity_lens_engine::{Engine, Span};
use serde::Serialize;

/// The outcome for one input file.
pub struct FileResult {
    path: String,
    outcome: Result<Document, String>,
    raw: bool,
}

impl FileResult {
    /// Reads, decodes and analyzes one file; any failure is kept as a message.
    pub fn of(engine: &Engine, path: &Path, raw: bool) -> Self {
        let outcome = match std::fs::read(path) {
            Ok(bytes) => engine
                .analyze_file(&bytes, raw)
                .map_err(|err| err.to_string()),
            Err(err) => Err(format!("cannot read the file: {err}")),
        };
        Self {
            path: path.display().to_string(),
            outcome,
            raw,
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
                &ErrorJson {
                    path: &self.path,
                    error,
                },
            )?,
            Ok(doc) => serde_json::to_writer(
                &mut *out,
                &DocumentJson::new(&self.path, doc, self.raw, tokens),
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
                for ent in &doc.analysis.ents {
                    let text = slice(&article.text, &ent.span);
                    writeln!(
                        out,
                        "{}\t{}\t{:<11}\t{}",
                        ent.span.char.start,
                        ent.span.char.end,
                        ent.label.as_str(),
                        text.replace('\n', "\\n")
                    )?;
                }
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

fn slice<'a>(text: &'a str, span: &Span) -> &'a str {
    text.get(span.byte.clone()).unwrap_or_default()
}

fn chars(span: &Span) -> [usize; 2] {
    [span.char.start, span.char.end]
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    path: &'a str,
    error: &'a str,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct RemovedJson(usize, usize, RemovalReason);

#[derive(Serialize)]
struct ArticleJson<'a> {
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    dateline: Option<&'a str>,
    byline: Option<&'a str>,
    tags: &'a [String],
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    path: &'a str,
    encoding: &'static str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    article: Option<ArticleJson<'a>>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraphs: Option<Vec<[usize; 2]>>,
    sents: Vec<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<[usize; 2]>>,
    ents: Vec<EntityJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<Vec<RemovedJson>>,
}

impl<'a> DocumentJson<'a> {
    fn new(path: &'a str, doc: &'a Document, raw: bool, tokens: bool) -> Self {
        let article = &doc.article;
        let text = article.text.as_str();
        let ents = doc
            .analysis
            .ents
            .iter()
            .map(|ent| EntityJson {
                start: ent.span.char.start,
                end: ent.span.char.end,
                label: ent.label.as_str(),
                text: slice(text, &ent.span),
            })
            .collect();
        let cleaned = (!raw).then_some(());
        Self {
            path,
            encoding: doc.encoding,
            article: cleaned.map(|()| ArticleJson {
                title: article.title.as_deref(),
                date: article.date.as_deref(),
                source: article.source.as_deref(),
                dateline: article.dateline.as_deref(),
                byline: article.byline.as_deref(),
                tags: &article.tags,
            }),
            text,
            paragraphs: cleaned.map(|()| article.paragraphs.iter().map(chars).collect()),
            sents: doc.analysis.sents.iter().map(chars).collect(),
            tokens: tokens.then(|| doc.analysis.tokens.iter().map(|t| chars(&t.span)).collect()),
            ents,
            removed: cleaned.map(|()| {
                article
                    .removed
                    .iter()
                    .map(|r| RemovedJson(r.span.char.start, r.span.char.end, r.reason))
                    .collect()
            }),
        }
    }
}
