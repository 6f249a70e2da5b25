//! The engine's `Document` → [`ArticleView`] (runs in the worker, and natively for parity checks).

use std::collections::HashMap;

use entity_lens_engine::decode::DecodeError;
use entity_lens_engine::pipeline::Document;
use entity_lens_engine::{Engine, Options};

use crate::article::{ArticleView, EntityEntry, LabelGroup, MentionView, Span};
use crate::label::{ByMode, EntityMode, Label};
use crate::FileError;

/// The model artifact the worker embeds (the engine's `bundled-model` feature).
pub fn bundled_model() -> &'static [u8] {
    entity_lens_engine::model::BUNDLED
}

/// Runs one file through the engine with refined entities (spaCy's labels kept beside them):
/// the one code path shared by the worker (wasm) and the native parity dump.
pub fn analyze(engine: &Engine, bytes: &[u8], raw: bool) -> Result<Document, FileError> {
    let options = Options {
        clean: !raw,
        entities: entity_lens_engine::EntityMode::Refined,
    };
    Ok(engine.analyze_file(bytes, options)?)
}

/// Runs one article read by intake through the engine, with refined entities; with `clean`,
/// cleanup runs on a raw body, as in the CLI (without it, as `entity-lens analyze --raw`).
pub fn analyze_item(
    engine: &Engine,
    item: entity_lens_engine::intake::Item,
    clean: bool,
) -> Document {
    let options = Options {
        clean,
        entities: entity_lens_engine::EntityMode::Refined,
    };
    engine.analyze_item(item, options)
}

/// [`analyze_item`], telling `progress` how far recognition is: `(done, total)` bytes of the
/// article's text (the engine's `pipeline::Progress`).
pub fn analyze_item_with_progress(
    engine: &Engine,
    item: entity_lens_engine::intake::Item,
    clean: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Document {
    let options = Options {
        clean,
        entities: entity_lens_engine::EntityMode::Refined,
    };
    engine.analyze_item_with_progress(item, options, progress)
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

impl From<&entity_lens_engine::Span> for Span {
    fn from(s: &entity_lens_engine::Span) -> Self {
        Span {
            byte: s.byte.clone(),
            char: s.char.clone(),
        }
    }
}

/// Index of the sentence of `sents` (sorted, disjoint) holding byte `start`.
pub fn mention_sentence(sents: &[entity_lens_engine::Span], start: usize) -> Option<usize> {
    let i = sents.partition_point(|s| s.byte.end <= start);
    sents
        .get(i)
        .filter(|s| s.byte.start <= start && start < s.byte.end)
        .map(|_| i)
}

impl ArticleView {
    /// Builds the view of an analyzed document. Mentions whose spans do not slice the text are
    /// left out rather than trusted.
    pub fn from_document(doc: &Document) -> Self {
        let article = &doc.article;
        let text = article.text.as_str();
        let mut mentions: Vec<MentionView> = Vec::with_capacity(doc.mentions.len());
        for (id, m) in doc.mentions.iter().enumerate() {
            if m.span.byte.is_empty() || text.get(m.span.byte.clone()).is_none() {
                continue;
            }
            mentions.push(MentionView {
                id,
                span: Span::from(&m.span),
                label: m.label,
                raw_label: m.raw_label,
                change: m.change,
                rule: m.rule,
                sentence: mention_sentence(&doc.analysis.sents, m.span.byte.start),
            });
        }
        let mut paragraphs: Vec<Span> = article
            .paragraphs
            .iter()
            .filter(|p| {
                text.get(p.byte.clone())
                    .is_some_and(|s| !s.trim().is_empty())
            })
            .map(Span::from)
            .collect();
        if paragraphs.is_empty() && !text.trim().is_empty() {
            paragraphs.push(Span {
                byte: 0..text.len(),
                char: 0..text.chars().count(),
            });
        }
        let groups = ByMode {
            refined: groups(text, &mentions, EntityMode::Refined),
            raw: groups(text, &mentions, EntityMode::Raw),
        };
        Self {
            provenance: doc.provenance.clone(),
            kind: doc.kind,
            encoding: doc.encoding.to_owned(),
            title: article.title.clone(),
            date: article.date.clone(),
            source: article.source.clone(),
            dateline: article.dateline.clone(),
            byline: article.byline.clone(),
            tags: article.tags.clone(),
            text: text.to_owned(),
            paragraphs,
            mentions,
            groups,
            words: text.split_whitespace().count(),
        }
    }
}

/// The mentions of `mode` grouped by label (class order), then by text. Every label of the
/// closed [`Label`] set is visited, so no mention is dropped.
fn groups(text: &str, mentions: &[MentionView], mode: EntityMode) -> Vec<LabelGroup> {
    Label::ALL
        .iter()
        .filter_map(|&label| {
            let mut entries: Vec<EntityEntry> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            let mut count = 0;
            for m in mentions.iter().filter(|m| m.label_in(mode) == Some(label)) {
                count += 1;
                let key = text.get(m.span.byte.clone()).unwrap_or_default().trim();
                let i = *index.entry(key).or_insert_with(|| {
                    entries.push(EntityEntry {
                        text: key.to_owned(),
                        mentions: Vec::new(),
                    });
                    entries.len() - 1
                });
                if let Some(entry) = entries.get_mut(i) {
                    entry.mentions.push(m.id);
                }
            }
            // Stable: ties keep first-appearance order.
            entries.sort_by_key(|e| std::cmp::Reverse(e.mentions.len()));
            (count > 0).then_some(LabelGroup {
                label,
                mentions: count,
                entities: entries,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use entity_lens_engine::clean::Article;
    use entity_lens_engine::pipeline::Analysis;
    use entity_lens_engine::refine::Mention;
    use entity_lens_engine::span::OffsetMap;

    use super::*;
    use crate::label::Change;

    type M = (Range<usize>, Option<Label>, Option<Label>);

    fn doc(text: &str, paras: &[Range<usize>], sents: &[Range<usize>], ms: &[M]) -> Document {
        let map = OffsetMap::new(text);
        Document {
            provenance: Default::default(),
            kind: entity_lens_engine::intake::Kind::Text,
            encoding: "UTF-8",
            article: Article {
                title: Some("T".into()),
                text: text.to_owned(),
                paragraphs: paras.iter().map(|r| map.span(r.clone())).collect(),
                ..Article::default()
            },
            analysis: Analysis {
                sents: sents.iter().map(|r| map.span(r.clone())).collect(),
                ..Analysis::default()
            },
            mentions: ms
                .iter()
                .map(|(r, label, raw)| Mention {
                    span: map.span(r.clone()),
                    label: *label,
                    raw_label: *raw,
                    change: match (label, raw) {
                        (Some(a), Some(b)) if a == b => Change::Kept,
                        (Some(_), Some(_)) => Change::Relabeled,
                        (Some(_), None) => Change::Added,
                        _ => Change::Removed,
                    },
                    rule: None,
                })
                .collect(),
        }
    }

    #[test]
    fn mentions_keep_both_labels_offsets_and_sentences_in_multibyte_text() {
        use Label as L;
        // chars:  0         1         2         3
        //         0123456789012345678901234567890123456
        let text = "Zoë Ba met € fans.\n\nZoë Ba left Niger.";
        let d = doc(
            text,
            &[0..18, 20..38],
            &[0..18, 20..38],
            &[
                (0..6, Some(L::Person), Some(L::Person)),
                (20..26, Some(L::Person), Some(L::Org)),
                (32..37, Some(L::Gpe), Some(L::Person)),
            ],
        );
        let v = ArticleView::from_document(&d);
        assert_eq!(v.paragraphs.len(), 2);
        assert_eq!(v.mentions.len(), 3);
        let m = &v.mentions[2];
        assert_eq!(&v.text[m.span.byte.clone()], "Niger");
        assert_eq!(m.span.char, 32..37);
        assert_eq!(
            (m.label, m.raw_label),
            (Some(Label::Gpe), Some(Label::Person))
        );
        assert_eq!(m.change, Change::Relabeled);
        assert_eq!(v.mentions[0].sentence, Some(0));
        assert_eq!(m.sentence, Some(1));
        let labels = |mode| -> Vec<(Label, usize)> {
            v.groups
                .get(mode)
                .iter()
                .map(|g| (g.label, g.mentions))
                .collect()
        };
        assert_eq!(
            labels(EntityMode::Refined),
            [(Label::Person, 2), (Label::Gpe, 1)]
        );
        assert_eq!(
            labels(EntityMode::Raw),
            [(Label::Org, 1), (Label::Person, 2)]
        );
        assert_eq!(v.groups.refined[0].entities[0].text, "Zoë Ba");
        assert_eq!(v.groups.refined[0].entities[0].mentions, [0, 1]);
    }

    #[test]
    fn bad_spans_are_dropped_and_text_without_paragraphs_is_one() {
        let mut d = doc("Hello there", &[], &[], &[]);
        d.mentions.push(Mention {
            span: entity_lens_engine::Span {
                byte: 9..400,
                char: 9..400,
            },
            label: Some(Label::Date),
            raw_label: Some(Label::Date),
            change: Change::Kept,
            rule: None,
        });
        let v = ArticleView::from_document(&d);
        assert!(v.mentions.is_empty());
        assert_eq!(v.paragraphs.len(), 1);
        assert!(v.groups.refined.is_empty() && v.groups.raw.is_empty());
    }
}
