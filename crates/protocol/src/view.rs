//! The engine's `Document` → [`ArticleView`] (runs in the worker, and natively for parity checks).

use std::collections::HashMap;
use std::ops::Range;

use entity_lens_engine::decode::DecodeError;
use entity_lens_engine::pipeline::Document;
use entity_lens_engine::recognize::Label;
use entity_lens_engine::{Engine, EntityMode, Options};

use crate::{ArticleView, EntityEntry, FileError, LabelGroup, Mention, Paragraph, Piece};

/// The model artifact the worker embeds (the engine's `bundled-model` feature).
pub fn bundled_model() -> &'static [u8] {
    entity_lens_engine::model::BUNDLED
}

/// Runs one file through the engine and builds its view: the one code path shared by the
/// worker (wasm) and the native parity dump, so both give the same output.
pub fn analyze(engine: &Engine, bytes: &[u8], raw: bool) -> Result<ArticleView, FileError> {
    let options = Options {
        clean: !raw,
        entities: EntityMode::Raw,
    };
    let doc = engine.analyze_file(bytes, options)?;
    Ok(ArticleView::from_document(&doc))
}

impl From<DecodeError> for FileError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Empty => FileError::Empty,
            DecodeError::Binary => FileError::Binary,
            other => FileError::Undecodable {
                message: other.to_string(),
            },
        }
    }
}

/// An entity mention with byte offsets into the article text, checked to be in range.
struct Ent<'a> {
    bytes: Range<usize>,
    label: Label,
    text: &'a str,
}

impl ArticleView {
    /// Builds the view of an analyzed document: paragraphs cut at entity boundaries, entities
    /// grouped by label. Entities whose offsets do not fall on the text's character boundaries,
    /// or that overlap an earlier one, are left out rather than trusted.
    pub fn from_document(doc: &Document) -> Self {
        let article = &doc.article;
        let text = article.text.as_str();

        let mut ents: Vec<Ent> = Vec::with_capacity(doc.analysis.ents.len());
        let mut sorted: Vec<_> = doc.analysis.ents.iter().collect();
        sorted.sort_by_key(|e| (e.span.byte.start, e.span.byte.end));
        for e in sorted {
            let bytes = e.span.byte.clone();
            let Some(ent_text) = text.get(bytes.clone()) else {
                continue;
            };
            if bytes.is_empty() || ents.last().is_some_and(|p| p.bytes.end > bytes.start) {
                continue;
            }
            ents.push(Ent {
                bytes,
                label: e.label,
                text: ent_text,
            });
        }

        let mut ranges: Vec<Range<usize>> = article
            .paragraphs
            .iter()
            .map(|p| p.byte.clone())
            .filter(|r| text.get(r.clone()).is_some_and(|s| !s.trim().is_empty()))
            .collect();
        if ranges.is_empty() && !text.trim().is_empty() {
            ranges.push(0..text.len());
        }
        let paragraphs = ranges
            .into_iter()
            .map(|r| paragraph(text, r, &ents))
            .collect();

        Self {
            encoding: doc.encoding.to_owned(),
            title: article.title.clone(),
            date: article.date.clone(),
            source: article.source.clone(),
            dateline: article.dateline.clone(),
            byline: article.byline.clone(),
            tags: article.tags.clone(),
            paragraphs,
            groups: groups(&ents),
            words: text.split_whitespace().count(),
        }
    }
}

/// Cuts the paragraph `range` of `text` into text and mention pieces.
fn paragraph(text: &str, range: Range<usize>, ents: &[Ent]) -> Paragraph {
    let mut pieces = Vec::new();
    let mut at = range.start;
    let push_text = |pieces: &mut Vec<Piece>, from: usize, to: usize| {
        if let Some(s) = text.get(from..to).filter(|s| !s.is_empty()) {
            pieces.push(Piece::Text { text: s.to_owned() });
        }
    };
    for (id, e) in ents.iter().enumerate() {
        if e.bytes.end <= range.start || e.bytes.start >= range.end {
            continue;
        }
        // A mention crossing the paragraph's edge is clipped to it (same id on both sides).
        let start = e.bytes.start.max(range.start);
        let end = e.bytes.end.min(range.end);
        let Some(part) = text.get(start..end) else {
            continue;
        };
        push_text(&mut pieces, at, start);
        pieces.push(Piece::Mention(Mention {
            id,
            label: e.label.as_str().to_owned(),
            text: part.to_owned(),
        }));
        at = end;
    }
    push_text(&mut pieces, at, range.end);
    Paragraph { pieces }
}

/// Groups mentions by label (class order), then by text.
fn groups(ents: &[Ent]) -> Vec<LabelGroup> {
    Label::ALL
        .iter()
        .filter_map(|&label| {
            let mut entries: Vec<EntityEntry> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            let mut mentions = 0;
            for (id, e) in ents.iter().enumerate().filter(|(_, e)| e.label == label) {
                mentions += 1;
                let key = e.text.trim();
                let i = *index.entry(key).or_insert_with(|| {
                    entries.push(EntityEntry {
                        text: key.to_owned(),
                        mentions: Vec::new(),
                    });
                    entries.len() - 1
                });
                if let Some(entry) = entries.get_mut(i) {
                    entry.mentions.push(id);
                }
            }
            // Stable: ties keep first-appearance order.
            entries.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
            (mentions > 0).then(|| LabelGroup {
                label: label.as_str().to_owned(),
                mentions,
                entities: entries,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use entity_lens_engine::clean::Article;
    use entity_lens_engine::pipeline::{Analysis, Entity};
    use entity_lens_engine::span::OffsetMap;

    use super::*;

    fn doc(text: &str, paras: &[Range<usize>], ents: &[(Range<usize>, Label)]) -> Document {
        let map = OffsetMap::new(text);
        Document {
            encoding: "UTF-8",
            article: Article {
                title: Some("T".into()),
                text: text.to_owned(),
                paragraphs: paras.iter().map(|r| map.span(r.clone())).collect(),
                ..Article::default()
            },
            analysis: Analysis {
                ents: ents
                    .iter()
                    .map(|(r, label)| Entity {
                        span: map.span(r.clone()),
                        label: *label,
                    })
                    .collect(),
                ..Analysis::default()
            },
            mentions: Vec::new(),
        }
    }

    fn render(p: &Paragraph) -> String {
        p.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text { text } => text.clone(),
                Piece::Mention(m) => format!("[{}|{}#{}]", m.text, m.label, m.id),
            })
            .collect()
    }

    #[test]
    fn paragraphs_are_cut_at_entities_with_multibyte_text() {
        // chars:    0         1         2         3
        //           0123456789012345678901234567890123456
        let text = "Zoë Ba met € fans.\n\nZoë Ba left Paris.";
        let d = doc(
            text,
            &[0..18, 20..38],
            &[
                (0..6, Label::Person),
                (20..26, Label::Person),
                (32..37, Label::Gpe),
            ],
        );
        let v = ArticleView::from_document(&d);
        assert_eq!(v.paragraphs.len(), 2);
        assert_eq!(render(&v.paragraphs[0]), "[Zoë Ba|PERSON#0] met € fans.");
        assert_eq!(
            render(&v.paragraphs[1]),
            "[Zoë Ba|PERSON#1] left [Paris|GPE#2]."
        );
        assert_eq!(v.words, 9);
        assert_eq!(v.title.as_deref(), Some("T"));
        let labels: Vec<_> = v.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["PERSON", "GPE"]); // class order: PERSON before GPE
        assert_eq!(v.groups[0].mentions, 2);
        assert_eq!(v.groups[0].entities.len(), 1);
        assert_eq!(v.groups[0].entities[0].text, "Zoë Ba");
        assert_eq!(v.groups[0].entities[0].mentions, [0, 1]);
    }

    #[test]
    fn an_entity_across_paragraphs_is_clipped_and_bad_spans_are_dropped() {
        let text = "ab cd\nef gh";
        let mut d = doc(text, &[0..5, 6..11], &[(3..8, Label::Org)]);
        // An entity whose byte range is out of the text must not panic.
        d.analysis.ents.push(Entity {
            span: entity_lens_engine::Span {
                byte: 9..400,
                char: 9..400,
            },
            label: Label::Date,
        });
        let v = ArticleView::from_document(&d);
        assert_eq!(render(&v.paragraphs[0]), "ab [cd|ORG#0]");
        assert_eq!(render(&v.paragraphs[1]), "[ef|ORG#0] gh");
        assert_eq!(v.groups.len(), 1);
    }

    #[test]
    fn text_without_paragraphs_is_one_paragraph() {
        let d = doc("Hello there", &[], &[]);
        let v = ArticleView::from_document(&d);
        assert_eq!(v.paragraphs.len(), 1);
        assert_eq!(render(&v.paragraphs[0]), "Hello there");
        assert!(v.groups.is_empty());
    }
}
