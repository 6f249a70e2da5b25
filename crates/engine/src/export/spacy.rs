//! `spacy-jsonl`: one article per line, each an object `Doc.from_json()` accepts (spaCy 3.8,
//! also with `validate=True`), shaped like `Doc.to_json()`:
//!
//! * `text`; `tokens` (`id`, `start`, `end`); `sents` (`start`, `end`); `ents` (`start`, `end`,
//!   `label`: the view's mentions, refined by default), each also carrying `raw_label` (spaCy's,
//!   absent when refinement added the mention) and `entity_id` (absent when ungrouped), which
//!   `from_json` ignores;
//! * `spans`: two span groups that `from_json` loads into `doc.spans`: `refined` and `raw`
//!   (spaCy's own entities), each span's `kb_id` the entity id (or `""`);
//! * `meta`: the article's name (`file`), its `provenance` (`file`, `row`, `part`, `id`,
//!   `url`), encoding, article metadata and paragraphs; `mentions`: every
//!   mention as in `entity-lens analyze` (both labels, change, rule) plus `entity_id`.
//!   Both are extra keys `from_json` ignores. (Doc-level `_` attributes are not used: `from_json`
//!   fails on them unless the extension was registered beforehand.)
//!
//! Offsets are code points into `text`, as spaCy's `char_span` takes them.

use std::io::Write;

use serde::Serialize;

use super::json::{MentionRecord, ProvenanceRecord};
use super::{Corpus, ExportError, Item, Settings};
use crate::pipeline::EntityMode;
use crate::span::Span;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    ents: Vec<Ent<'a>>,
    sents: Vec<Range>,
    tokens: Vec<Token>,
    spans: Groups<'a>,
    meta: Meta<'a>,
    mentions: Vec<Full<'a>>,
}

#[derive(Serialize)]
struct Ent<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Range {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Token {
    id: usize,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Groups<'a> {
    refined: Vec<SpanRecord<'a>>,
    raw: Vec<SpanRecord<'a>>,
}

#[derive(Serialize)]
struct SpanRecord<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    kb_id: &'a str,
}

#[derive(Serialize)]
struct Meta<'a> {
    /// The article's name (`file`, `file#row3`, `file#part2`): the `file` of every format.
    file: &'a str,
    /// Where it came from: `{"file"?, "row"?, "part"?, "id"?, "url"?}` (`file` when it is not
    /// the name).
    provenance: ProvenanceRecord<'a>,
    encoding: &'static str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    dateline: Option<&'a str>,
    byline: Option<&'a str>,
    tags: &'a [String],
    paragraphs: Vec<[usize; 2]>,
    /// Which label `ents` carries: `refined` or `raw`.
    view: EntityMode,
}

#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    mention: MentionRecord<'a>,
    entity_id: Option<&'a str>,
}

fn range(span: &Span) -> Range {
    Range {
        start: span.char.start,
        end: span.char.end,
    }
}

/// The span group of the mentions of `items` in view `view`.
fn group<'a>(items: &[Item<'a>], view: EntityMode) -> Vec<SpanRecord<'a>> {
    items
        .iter()
        .filter_map(|item| {
            let label = crate::refine::label_in(item.mention, view)?;
            Some(SpanRecord {
                start: item.span().char.start,
                end: item.span().char.end,
                label: label.as_str(),
                kb_id: item.entity.map_or("", |e| e.id.as_str()),
            })
        })
        .collect()
}

/// Writes the `spacy-jsonl` export.
pub fn write(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    for (d, doc) in corpus.docs.iter().enumerate() {
        let document = doc.document;
        let article = &document.article;
        let items = corpus.items(d, settings.view);
        let line = Line {
            text: &article.text,
            ents: corpus
                .view(d, settings.view)
                .iter()
                .filter_map(|item| {
                    Some(Ent {
                        start: item.span().char.start,
                        end: item.span().char.end,
                        label: item.label?.as_str(),
                        raw_label: item.mention.raw_label.map(|l| l.as_str()),
                        entity_id: item.entity.map(|e| e.id.as_str()),
                    })
                })
                .collect(),
            sents: document.analysis.sents.iter().map(range).collect(),
            tokens: document
                .analysis
                .tokens
                .iter()
                .enumerate()
                .map(|(id, t)| Token {
                    id,
                    start: t.char().start,
                    end: t.char().end,
                })
                .collect(),
            spans: Groups {
                refined: group(&items, EntityMode::Refined),
                raw: group(&items, EntityMode::Raw),
            },
            meta: Meta {
                file: doc.name,
                provenance: ProvenanceRecord::new(doc.name, &document.provenance),
                encoding: document.encoding,
                title: article.title.as_deref(),
                date: article.date.as_deref(),
                source: article.source.as_deref(),
                dateline: article.dateline.as_deref(),
                byline: article.byline.as_deref(),
                tags: &article.tags,
                paragraphs: article
                    .paragraphs
                    .iter()
                    .map(|p| [p.char.start, p.char.end])
                    .collect(),
                view: settings.view,
            },
            mentions: items
                .iter()
                .map(|item| Full {
                    mention: MentionRecord::new(&article.text, item.mention),
                    entity_id: item.entity.map(|e| e.id.as_str()),
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::fixture::Fixture;
    use super::*;

    fn lines(settings: Settings) -> (Fixture, Vec<Value>) {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), settings, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (fixture, lines)
    }

    fn slice(text: &str, v: &Value) -> String {
        let (start, end) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
        text.chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect()
    }

    #[test]
    fn one_line_per_article_with_doc_json_keys() {
        let (fixture, lines) = lines(Settings::default());
        assert_eq!(lines.len(), 2);
        for (line, document) in lines.iter().zip(&fixture.documents) {
            let text = line["text"].as_str().unwrap();
            assert_eq!(text, document.article.text);
            let tokens = line["tokens"].as_array().unwrap();
            assert_eq!(tokens.len(), document.analysis.tokens.len());
            for (i, t) in tokens.iter().enumerate() {
                assert_eq!(t["id"], i);
            }
            // Tokens tile the text except single spaces, as spaCy's get_words_and_spaces needs.
            let joined: String = tokens.iter().map(|t| slice(text, t)).collect();
            assert_eq!(joined, text.replace(' ', ""));
            assert_eq!(
                line["sents"].as_array().unwrap().len(),
                document.analysis.sents.len()
            );
        }
    }

    #[test]
    fn ents_are_the_refined_view_with_code_point_offsets() {
        let (_, lines) = lines(Settings::default());
        let line = &lines[0];
        let text = line["text"].as_str().unwrap();
        let ents: Vec<(String, &str)> = line["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (slice(text, e), e["label"].as_str().unwrap()))
            .collect();
        assert_eq!(
            ents,
            [
                ("Angela Merkel".to_owned(), "PERSON"),
                ("Emmanuel Macron".to_owned(), "PERSON"),
                ("Paris".to_owned(), "GPE"),
                ("France".to_owned(), "GPE"),
                ("<EU>".to_owned(), "ORG"),
                ("€5".to_owned(), "MONEY"),
                ("Zoe\u{301} O'Neil".to_owned(), "PERSON"),
                ("Merkel".to_owned(), "PERSON"),
                ("Paris".to_owned(), "GPE"),
            ]
        );
        let france = &line["ents"][3];
        assert_eq!(france["raw_label"], "PERSON");
        assert_eq!(france["entity_id"], "E4");
        // Added by refinement: no raw label key at all (from_json's schema wants str or int).
        assert!(line["ents"][1].get("raw_label").is_none());
        assert!(line["ents"][5].get("entity_id").is_none());
        let raw: Vec<String> = line["spans"]["raw"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| slice(text, s))
            .collect();
        assert!(raw.contains(&"Emmanuel".to_owned()) && raw.contains(&"The".to_owned()));
        assert_eq!(line["spans"]["refined"].as_array().unwrap().len(), 9);
        assert_eq!(line["spans"]["refined"][0]["kb_id"], "E1");
        assert_eq!(line["meta"]["file"], "dir/first <1>.txt");
        assert_eq!(line["meta"]["view"], "refined");
        assert_eq!(line["mentions"].as_array().unwrap().len(), 11);
    }

    #[test]
    fn the_raw_view_gives_spacy_entities() {
        let (_, lines) = lines(Settings {
            view: EntityMode::Raw,
            ..Settings::default()
        });
        let line = &lines[1];
        let text = line["text"].as_str().unwrap();
        let ents: Vec<String> = line["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| slice(text, e))
            .collect();
        assert_eq!(ents, ["Merkel", "Paris", "AT&T", "the\nWhite House"]);
        assert_eq!(line["meta"]["view"], "raw");
    }
}
