//! The worker's corpus: every analyzed document (kept compactly), the engine's grouping with
//! the page's hand corrections applied, and the answers to the page's corpus questions.
//! Pure Rust (tested natively); `lib.rs` is the wasm edge.

use std::collections::{BTreeMap, HashMap, HashSet};

use entity_lens_engine::group::{self, CorpusEntity, Doc, Grouping};
use entity_lens_engine::pipeline::Document;
use entity_lens_engine::recognize;
use entity_lens_protocol::{
    ArticleDate, ArticleEntities, ContextRow, ContextsQuery, ContextsView, CorpusView, DateCount,
    DateMention, EdgeView, EntityCount, EntityRow, EntitySeries, FileId, Label, NetworkQuery,
    NetworkView, NodeView, Overrides, QueryError, Scope, Seq, Span, TimelineQuery, TimelineView,
};

use crate::layout;

/// One analyzed file.
#[derive(Debug)]
struct Stored {
    id: FileId,
    name: String,
    doc: Document,
}

/// The grouping with overrides applied.
#[derive(Debug, Default)]
struct Grouped {
    entities: Vec<CorpusEntity>,
    /// `links[d][m]`, as the engine's [`Grouping::links`].
    links: Vec<Vec<Option<usize>>>,
}

/// Every analyzed document, in the order they were analyzed.
#[derive(Debug, Default)]
pub struct Corpus {
    docs: Vec<Stored>,
    overrides: Overrides,
    grouped: Option<Grouped>,
}

impl Corpus {
    /// Keeps an analyzed document. Its tokens are dropped (the largest part of a `Document`;
    /// exports that need them tokenize the text again, which gives the same tokens).
    pub fn insert(&mut self, id: FileId, name: &str, mut doc: Document) {
        doc.analysis.tokens = Vec::new();
        self.docs.retain(|d| d.id != id);
        self.docs.push(Stored {
            id,
            name: name.to_owned(),
            doc,
        });
        self.grouped = None;
    }

    /// Drops files.
    pub fn forget(&mut self, ids: &[FileId]) {
        let ids: HashSet<FileId> = ids.iter().copied().collect();
        self.docs.retain(|d| !ids.contains(&d.id));
        self.grouped = None;
    }

    /// Number of documents kept.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// No document kept.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Replaces the hand corrections.
    pub fn set_overrides(&mut self, overrides: Overrides) {
        self.overrides = overrides;
        self.grouped = None;
    }

    /// The documents as the engine's corpus.
    pub fn engine_docs(&self) -> Vec<Doc<'_>> {
        self.docs
            .iter()
            .map(|d| Doc {
                name: &d.name,
                document: &d.doc,
            })
            .collect()
    }

    /// The engine's grouping with the overrides applied.
    pub fn grouping(&mut self) -> Grouping {
        let g = self.grouped();
        Grouping {
            entities: g.entities.clone(),
            links: g.links.clone(),
        }
    }

    fn grouped(&mut self) -> &Grouped {
        if self.grouped.is_none() {
            let grouping = group::group(&self.engine_docs());
            let grouped = apply_overrides(&self.docs, grouping, &self.overrides);
            self.grouped = Some(grouped);
        }
        self.grouped.get_or_insert_with(Grouped::default)
    }

    /// The entity table and each article's entity counts.
    pub fn view(&mut self, seq: Seq) -> CorpusView {
        let ids: Vec<FileId> = self.docs.iter().map(|d| d.id).collect();
        let g = self.grouped();
        let mut order: Vec<usize> = (0..g.entities.len()).collect();
        order.sort_by_key(|&i| {
            let e = &g.entities[i];
            (std::cmp::Reverse(e.mentions), e.name.to_lowercase())
        });
        let mut position = vec![0; g.entities.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        let entities = order
            .iter()
            .map(|&i| {
                let e = &g.entities[i];
                EntityRow {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    label: e.label.into(),
                    aliases: e.aliases.clone(),
                    mentions: e.mentions,
                    documents: e.documents,
                }
            })
            .collect();
        let articles = ids
            .iter()
            .enumerate()
            .map(|(d, &file)| {
                let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
                for e in g.links.get(d).into_iter().flatten().flatten() {
                    if let Some(&pos) = position.get(*e) {
                        *counts.entry(pos).or_default() += 1;
                    }
                }
                ArticleEntities {
                    file,
                    counts: counts
                        .into_iter()
                        .map(|(entity, mentions)| EntityCount { entity, mentions })
                        .collect(),
                }
            })
            .collect();
        CorpusView {
            seq,
            entities,
            articles,
        }
    }

    /// The co-occurrence network, filtered and laid out.
    pub fn network(&mut self, q: &NetworkQuery) -> NetworkView {
        let scope = match q.scope {
            Scope::Sentence => group::Scope::Sentence,
            Scope::Paragraph => group::Scope::Paragraph,
            Scope::Article => group::Scope::Article,
        };
        self.grouped();
        let Some(g) = self.grouped.as_ref() else {
            return NetworkView::default();
        };
        let grouping = Grouping {
            entities: g.entities.clone(),
            links: g.links.clone(),
        };
        let docs: Vec<Doc<'_>> = self
            .docs
            .iter()
            .map(|d| Doc {
                name: &d.name,
                document: &d.doc,
            })
            .collect();
        let net = group::network(&docs, &grouping, scope);
        let labels: HashSet<Label> = q.labels.iter().copied().collect();
        let keep_label = |i: usize| {
            labels.is_empty()
                || g.entities
                    .get(i)
                    .is_some_and(|e| labels.contains(&Label::from(e.label)))
        };
        let edges: Vec<&group::Edge> = net
            .edges
            .iter()
            .filter(|e| e.weight >= q.min_weight.max(1))
            .filter(|e| keep_label(e.source) && keep_label(e.target))
            .collect();
        let mut nodes: Vec<usize> = edges
            .iter()
            .flat_map(|e| [e.source, e.target])
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        nodes.sort_by_key(|&i| {
            (
                std::cmp::Reverse(g.entities.get(i).map_or(0, |e| e.mentions)),
                i,
            )
        });
        nodes.truncate(q.max_nodes);
        let index: HashMap<usize, usize> = nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let edges: Vec<EdgeView> = edges
            .into_iter()
            .filter_map(|e| {
                Some(EdgeView {
                    source: *index.get(&e.source)?,
                    target: *index.get(&e.target)?,
                    weight: e.weight,
                })
            })
            .collect();
        let positions = layout::layout(nodes.len(), &edges);
        let nodes = nodes
            .iter()
            .zip(positions)
            .filter_map(|(&i, (x, y))| {
                let e = g.entities.get(i)?;
                Some(NodeView {
                    entity: e.id.clone(),
                    name: e.name.clone(),
                    label: e.label.into(),
                    mentions: e.mentions,
                    x,
                    y,
                })
            })
            .collect();
        NetworkView {
            seq: q.seq,
            scope: q.scope,
            nodes,
            edges,
            total_edges: net.edges.len(),
        }
    }

    /// Every mention of one entity with its context.
    pub fn contexts(&mut self, q: &ContextsQuery) -> Result<ContextsView, QueryError> {
        self.grouped();
        let Some(g) = self.grouped.as_ref() else {
            return Ok(ContextsView::default());
        };
        let Some(target) = g.entities.iter().position(|e| e.id == q.entity) else {
            return Err(QueryError::UnknownEntity {
                id: q.entity.clone(),
            });
        };
        let mut rows = Vec::new();
        for (d, stored) in self.docs.iter().enumerate() {
            let text = stored.doc.article.text.as_str();
            let Some(links) = g.links.get(d) else {
                continue;
            };
            for (m, mention) in stored.doc.mentions.iter().enumerate() {
                if links.get(m).copied().flatten() != Some(target) {
                    continue;
                }
                let span = &mention.span.byte;
                let (Some(left), Some(hit), Some(right)) = (
                    text.get(..span.start),
                    text.get(span.clone()),
                    text.get(span.end..),
                ) else {
                    continue;
                };
                rows.push(ContextRow {
                    file: stored.id,
                    mention: m,
                    span: Span::from(&mention.span),
                    left: tail(left, q.width),
                    text: flatten(hit),
                    right: head(right, q.width),
                });
            }
        }
        Ok(ContextsView {
            seq: q.seq,
            entity: q.entity.clone(),
            rows,
        })
    }

    /// DATE mentions, publication dates and entity counts over time.
    pub fn timeline(&mut self, q: &TimelineQuery) -> TimelineView {
        let mut dates = Vec::new();
        let mut articles = Vec::new();
        for stored in &self.docs {
            let doc = &stored.doc;
            let text = doc.article.text.as_str();
            articles.push(ArticleDate {
                file: stored.id,
                title: doc
                    .article
                    .title
                    .clone()
                    .unwrap_or_else(|| stored.name.clone()),
                date: doc.article.date.clone(),
            });
            for (m, mention) in doc.mentions.iter().enumerate() {
                if mention.label != Some(recognize::Label::Date) {
                    continue;
                }
                let sentence = entity_lens_protocol::mention_sentence(
                    &doc.analysis.sents,
                    mention.span.byte.start,
                )
                .and_then(|s| doc.analysis.sents.get(s))
                .and_then(|s| text.get(s.byte.clone()))
                .map(flatten)
                .unwrap_or_default();
                dates.push(DateMention {
                    file: stored.id,
                    mention: m,
                    text: flatten(text.get(mention.span.byte.clone()).unwrap_or_default()),
                    sentence,
                    // The engine's date resolution (group stage) fills this in; until then
                    // every date is listed as unresolved, never guessed.
                    resolved: None,
                });
            }
        }
        let series = self.series(&q.entities);
        TimelineView {
            seq: q.seq,
            dates,
            articles,
            series,
        }
    }

    /// Mentions of each of `entities` per publication date (articles without a date left out).
    fn series(&mut self, entities: &[String]) -> Vec<EntitySeries> {
        self.grouped();
        let Some(g) = self.grouped.as_ref() else {
            return Vec::new();
        };
        entities
            .iter()
            .filter_map(|id| {
                let target = g.entities.iter().position(|e| &e.id == id)?;
                let mut by_date: BTreeMap<String, usize> = BTreeMap::new();
                for (d, stored) in self.docs.iter().enumerate() {
                    let Some(date) = stored.doc.article.date.as_ref() else {
                        continue;
                    };
                    let n = g
                        .links
                        .get(d)
                        .into_iter()
                        .flatten()
                        .filter(|l| **l == Some(target))
                        .count();
                    if n > 0 {
                        *by_date.entry(date.clone()).or_default() += n;
                    }
                }
                Some(EntitySeries {
                    entity: id.clone(),
                    name: g.entities[target].name.clone(),
                    points: by_date
                        .into_iter()
                        .map(|(date, mentions)| DateCount { date, mentions })
                        .collect(),
                })
            })
            .collect()
    }
}

/// Whitespace runs (line breaks included) as one space.
fn flatten(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace runs as one space, edges kept (contexts read `left` + `text` + `right`).
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// The last `width` code points of `s`, squashed.
fn tail(s: &str, width: usize) -> String {
    let start = s
        .char_indices()
        .rev()
        .nth(width.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    squash(s.get(start..).unwrap_or_default())
}

/// The first `width` code points of `s`, squashed.
fn head(s: &str, width: usize) -> String {
    let end = s.char_indices().nth(width).map_or(s.len(), |(i, _)| i);
    squash(s.get(..end).unwrap_or_default())
}

/// Applies merges and splits to the engine's grouping, then recounts mentions, documents and
/// aliases from the links (so the counts always agree with the links).
fn apply_overrides(docs: &[Stored], grouping: Grouping, overrides: &Overrides) -> Grouped {
    let Grouping {
        mut entities,
        mut links,
    } = grouping;
    let find = |entities: &[CorpusEntity], id: &str| entities.iter().position(|e| e.id == id);
    for merge in &overrides.merges {
        let Some(into) = find(&entities, &merge.into) else {
            continue;
        };
        let from: HashSet<usize> = merge
            .from
            .iter()
            .filter_map(|id| find(&entities, id))
            .filter(|&i| i != into)
            .collect();
        for link in links.iter_mut().flatten().flatten() {
            if from.contains(link) {
                *link = into;
            }
        }
    }
    for split in &overrides.splits {
        let Some(source) = find(&entities, &split.entity) else {
            continue;
        };
        let new_id = format!("{}~{}", split.entity, split.alias);
        let target = match find(&entities, &new_id) {
            Some(i) => i,
            None => {
                let label = entities[source].label;
                entities.push(CorpusEntity {
                    id: new_id,
                    name: split.alias.clone(),
                    label,
                    aliases: Vec::new(),
                    mentions: 0,
                    documents: 0,
                });
                entities.len() - 1
            }
        };
        for (d, stored) in docs.iter().enumerate() {
            let text = stored.doc.article.text.as_str();
            let Some(row) = links.get_mut(d) else {
                continue;
            };
            for (m, link) in row.iter_mut().enumerate() {
                let written = stored
                    .doc
                    .mentions
                    .get(m)
                    .and_then(|x| text.get(x.span.byte.clone()))
                    .map(str::trim);
                if *link == Some(source) && written == Some(split.alias.as_str()) {
                    *link = Some(target);
                }
            }
        }
    }
    recount(docs, entities, links)
}

/// Counts, aliases and the entity list rebuilt from the links; entities left without a
/// mention are dropped and the links renumbered.
fn recount(
    docs: &[Stored],
    mut entities: Vec<CorpusEntity>,
    mut links: Vec<Vec<Option<usize>>>,
) -> Grouped {
    let n = entities.len();
    let mut mentions = vec![0usize; n];
    let mut documents = vec![0usize; n];
    let mut aliases: Vec<Vec<String>> = vec![Vec::new(); n];
    for (d, row) in links.iter().enumerate() {
        let mut seen = HashSet::new();
        let stored = docs.get(d);
        for (m, link) in row.iter().enumerate() {
            let Some(e) = *link else { continue };
            if e >= n {
                continue;
            }
            mentions[e] += 1;
            if seen.insert(e) {
                documents[e] += 1;
            }
            if let Some(form) = stored.and_then(|s| {
                let x = s.doc.mentions.get(m)?;
                s.doc.article.text.get(x.span.byte.clone())
            }) {
                let form = form.trim();
                if !aliases[e].iter().any(|a| a == form) {
                    aliases[e].push(form.to_owned());
                }
            }
        }
    }
    let mut renumber = vec![None; n];
    let mut kept = Vec::new();
    for (i, mut e) in entities.drain(..).enumerate() {
        if mentions[i] == 0 {
            continue;
        }
        e.mentions = mentions[i];
        e.documents = documents[i];
        let mut forms = std::mem::take(&mut aliases[i]);
        forms.sort();
        forms.retain(|a| a != &e.name);
        forms.insert(0, e.name.clone());
        e.aliases = forms;
        renumber[i] = Some(kept.len());
        kept.push(e);
    }
    for link in links.iter_mut().flatten() {
        *link = link.and_then(|e| renumber.get(e).copied().flatten());
    }
    Grouped {
        entities: kept,
        links,
    }
}

#[cfg(test)]
mod tests {
    use entity_lens_engine::clean::Article;
    use entity_lens_engine::pipeline::Analysis;
    use entity_lens_engine::recognize::Label as L;
    use entity_lens_engine::refine::{Change, Mention};
    use entity_lens_engine::span::OffsetMap;
    use entity_lens_protocol::{Merge, Split};

    use super::*;

    /// A document whose mentions are the given substrings (first occurrence after the last).
    fn doc(text: &str, names: &[(&str, L)]) -> Document {
        let map = OffsetMap::new(text);
        let mut from = 0;
        let mut mentions = Vec::new();
        for (name, label) in names {
            let at = text[from..].find(name).map(|i| i + from).unwrap();
            let start = text[..at].chars().count();
            let end = start + name.chars().count();
            mentions.push(Mention {
                span: map.span(start..end),
                label: Some(*label),
                raw_label: Some(*label),
                change: Change::Kept,
                rule: None,
            });
            from = at + name.len();
        }
        Document {
            encoding: "UTF-8",
            article: Article {
                text: text.to_owned(),
                paragraphs: vec![map.span(0..map.char_len())],
                ..Article::default()
            },
            analysis: Analysis {
                sents: vec![map.span(0..map.char_len())],
                ..Analysis::default()
            },
            mentions,
        }
    }

    fn entity(id: &str, name: &str, label: L) -> CorpusEntity {
        CorpusEntity {
            id: id.into(),
            name: name.into(),
            label,
            aliases: vec![name.into()],
            mentions: 0,
            documents: 0,
        }
    }

    fn stored() -> Vec<Stored> {
        vec![
            Stored {
                id: 1,
                name: "a.txt".into(),
                doc: doc(
                    "Antony Blinken met Zoë Ba. Blinken left.",
                    &[("Antony Blinken", L::Person), ("Zoë Ba", L::Person), ("Blinken", L::Person)],
                ),
            },
            Stored {
                id: 2,
                name: "b.txt".into(),
                doc: doc("Mr Blinken spoke.", &[("Blinken", L::Person)]),
            },
        ]
    }

    fn grouping() -> Grouping {
        Grouping {
            entities: vec![
                entity("blinken", "Antony Blinken", L::Person),
                entity("ba", "Zoë Ba", L::Person),
                entity("blinken-2", "Blinken", L::Person),
            ],
            links: vec![vec![Some(0), Some(1), Some(0)], vec![Some(2)]],
        }
    }

    #[test]
    fn counts_and_aliases_come_from_the_links() {
        let g = apply_overrides(&stored(), grouping(), &Overrides::default());
        let e = &g.entities[0];
        assert_eq!((e.mentions, e.documents), (2, 1));
        assert_eq!(e.aliases, ["Antony Blinken", "Blinken"]);
        assert_eq!(g.entities[2].mentions, 1);
    }

    #[test]
    fn a_merge_joins_entities_across_articles_and_a_split_takes_an_alias_out() {
        let merged = Overrides {
            merges: vec![Merge {
                into: "blinken".into(),
                from: vec!["blinken-2".into(), "missing".into()],
            }],
            splits: vec![],
        };
        let g = apply_overrides(&stored(), grouping(), &merged);
        assert_eq!(g.entities.len(), 2, "the merged-away entity is gone");
        assert_eq!((g.entities[0].mentions, g.entities[0].documents), (3, 2));
        assert_eq!(g.links, vec![vec![Some(0), Some(1), Some(0)], vec![Some(0)]]);

        let split = Overrides {
            splits: vec![Split {
                entity: "blinken".into(),
                alias: "Blinken".into(),
            }],
            ..merged
        };
        let g = apply_overrides(&stored(), grouping(), &split);
        let names: Vec<(&str, usize)> = g
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.mentions))
            .collect();
        assert_eq!(names, [("Antony Blinken", 1), ("Zoë Ba", 1), ("Blinken", 2)]);
        assert_eq!(g.entities[2].id, "blinken~Blinken");
        assert_eq!(g.entities[2].documents, 2);
    }

    #[test]
    fn contexts_give_left_and_right_text_and_unknown_ids_are_errors() {
        let mut c = Corpus::default();
        for s in stored() {
            c.insert(s.id, &s.name, s.doc);
        }
        // The engine's grouping may still be a stub: put ours in place.
        c.grouped = Some(apply_overrides(&c.docs, grouping(), &Overrides::default()));
        let v = c
            .contexts(&ContextsQuery {
                seq: 4,
                entity: "ba".into(),
                width: 8,
            })
            .unwrap();
        assert_eq!(v.rows.len(), 1);
        let r = &v.rows[0];
        assert_eq!((r.left.as_str(), r.text.as_str(), r.right.as_str()), ("ken met ", "Zoë Ba", ". Blinke"));
        assert_eq!(r.span.char, 19..25);
        assert!(matches!(
            c.contexts(&ContextsQuery {
                seq: 5,
                entity: "nobody".into(),
                width: 8
            }),
            Err(QueryError::UnknownEntity { .. })
        ));
        let view = c.view(9);
        assert_eq!(view.entities[0].name, "Antony Blinken");
        assert_eq!(view.articles.len(), 2);
        assert_eq!(view.articles[1].counts, [EntityCount { entity: view.entities.iter().position(|e| e.id == "blinken-2").unwrap(), mentions: 1 }]);
    }

    #[test]
    fn forgetting_files_drops_them() {
        let mut c = Corpus::default();
        for s in stored() {
            c.insert(s.id, &s.name, s.doc);
        }
        assert_eq!(c.len(), 2);
        c.forget(&[1]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.view(1).articles[0].file, 2);
    }
}
