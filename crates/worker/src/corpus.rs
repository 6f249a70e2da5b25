//! The worker's corpus: every analyzed document, the engine's grouping with the page's hand
//! corrections (the engine's `group::Overrides`), and the answers to the page's corpus
//! questions, each computed by the engine's `group` and `export` stages. Pure Rust (tested
//! natively); `lib.rs` is the wasm edge.

use std::collections::{BTreeMap, HashMap, HashSet};

use entity_lens_engine::export::{self, Format, Settings};
use entity_lens_engine::group::{self, Doc, Edit, Grouping, LayoutOptions, Resolution, Take};
use entity_lens_engine::pipeline::{token_spans, Document};
use entity_lens_engine::refine::gazetteer::Gazetteer;
use entity_lens_engine::tokenize::Tokenizer;
use entity_lens_protocol::{
    ArticleDate, ArticleEntities, ContextRow, ContextsQuery, ContextsView, CorpusView, DateCount,
    DateMention, DateRange, EdgeView, EntityCount, EntityRow, EntitySeries, ExportFormat, FileId,
    Label, NetworkQuery, NetworkView, NodeView, Overrides, QueryError, Scope, Seq, Span,
    TimelineQuery, TimelineView,
};

/// One analyzed file.
#[derive(Debug)]
struct Stored {
    id: FileId,
    /// Where it goes in the corpus: its file's id (the file it was split from, or its own),
    /// then its row or part there.
    order: (FileId, usize),
    name: String,
    doc: Document,
}

/// Every analyzed document, in the order they were analyzed.
#[derive(Debug, Default)]
pub struct Corpus {
    docs: Vec<Stored>,
    overrides: Overrides,
    gazetteer: Option<Gazetteer>,
    /// For the exports that list tokens (built at the first of them).
    tokenizer: Option<Tokenizer>,
    grouping: Option<Grouping>,
}

/// The page's corrections as the engine's edits, in the order they were made.
fn edits(overrides: &Overrides) -> group::Overrides {
    let merges = overrides.merges.iter().map(|m| Edit::Merge {
        entities: std::iter::once(m.into.clone())
            .chain(m.from.iter().cloned())
            .collect(),
        name: None,
    });
    let splits = overrides.splits.iter().map(|s| Edit::Split {
        entity: s.entity.clone(),
        take: vec![Take::Alias {
            alias: s.alias.clone(),
        }],
        name: None,
    });
    group::Overrides {
        edits: merges.chain(splits).collect(),
    }
}

fn scope(s: Scope) -> group::Scope {
    match s {
        Scope::Sentence => group::Scope::Sentence,
        Scope::Paragraph => group::Scope::Paragraph,
        Scope::Article => group::Scope::Article,
    }
}

impl Corpus {
    /// Keeps an analyzed document (replacing one of the same id), in the order of the ids: the
    /// page numbers files in the order they were added, and a pool of workers finishes them in
    /// any order, so the corpus (and its exports) follow the list, as the CLI follows its
    /// arguments.
    pub fn insert(&mut self, id: FileId, name: &str, doc: Document) {
        self.insert_in(id, None, name, doc);
    }

    /// [`Corpus::insert`] for an article of a file of several (`parent`, split by intake): the
    /// articles of a file stay together, in their order in the file, where the file was added
    /// (as the CLI lists them). The document is named by its provenance (`file#row3`) when it
    /// has one.
    ///
    /// The corpus keeps no tokens (16 bytes each, about 3 per 4 bytes of text): the exports
    /// that list them derive them again from the text ([`Corpus::export`]).
    pub fn insert_in(&mut self, id: FileId, parent: Option<FileId>, name: &str, mut doc: Document) {
        doc.analysis.tokens = Vec::new();
        self.docs.retain(|d| d.id != id);
        let p = &doc.provenance;
        let order = (parent.unwrap_or(id), p.row.or(p.part).unwrap_or(0));
        let name = if p.file.is_empty() {
            name.to_owned()
        } else {
            p.name()
        };
        let at = self.docs.partition_point(|d| (d.order, d.id) < (order, id));
        self.docs.insert(
            at,
            Stored {
                id,
                order,
                name,
                doc,
            },
        );
        self.grouping = None;
    }

    /// Drops files.
    pub fn forget(&mut self, ids: &[FileId]) {
        let ids: HashSet<FileId> = ids.iter().copied().collect();
        self.docs.retain(|d| !ids.contains(&d.id));
        self.grouping = None;
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
        self.grouping = None;
    }

    /// Groups (once per change) and hands the documents and grouping to `f`.
    fn with<T>(&mut self, f: impl FnOnce(&[Doc<'_>], &Grouping, &[FileId]) -> T) -> T {
        let docs: Vec<Doc<'_>> = self
            .docs
            .iter()
            .map(|d| Doc {
                name: &d.name,
                document: &d.doc,
            })
            .collect();
        let ids: Vec<FileId> = self.docs.iter().map(|d| d.id).collect();
        let gazetteer = self.gazetteer.get_or_insert_with(Gazetteer::bundled);
        let grouping = self
            .grouping
            .get_or_insert_with(|| group::group_with(&docs, gazetteer, &edits(&self.overrides)));
        f(&docs, grouping, &ids)
    }

    /// The entity table (most mentioned first) and each article's entity counts.
    pub fn view(&mut self, seq: Seq) -> CorpusView {
        self.with(|_, g, ids| {
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
                        label: e.label,
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
        })
    }

    /// The co-occurrence network: the engine's, filtered by weight and label, at most
    /// `max_nodes` (the most mentioned), laid out by the engine.
    pub fn network(&mut self, q: &NetworkQuery) -> NetworkView {
        self.with(|docs, g, _| {
            let net = group::network(docs, g, scope(q.scope));
            let labels: HashSet<Label> = q.labels.iter().copied().collect();
            let keep = |i: usize| {
                labels.is_empty() || g.entities.get(i).is_some_and(|e| labels.contains(&e.label))
            };
            let edges: Vec<&group::Edge> = net
                .edges
                .iter()
                .filter(|e| e.weight >= q.min_weight.max(1) && keep(e.source) && keep(e.target))
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
            let index: HashMap<usize, usize> =
                nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
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
            let weighted: Vec<(usize, usize, f64)> = edges
                .iter()
                .map(|e| (e.source, e.target, e.weight as f64))
                .collect();
            let options = LayoutOptions {
                iterations: if nodes.len() > 200 { 120 } else { 300 },
                ..LayoutOptions::default()
            };
            let points = group::layout_graph(nodes.len(), &weighted, None, &options);
            let nodes = nodes
                .iter()
                .zip(points)
                .filter_map(|(&i, p)| {
                    let e = g.entities.get(i)?;
                    Some(NodeView {
                        entity: e.id.clone(),
                        name: e.name.clone(),
                        label: e.label,
                        mentions: e.mentions,
                        x: p.x,
                        y: p.y,
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
        })
    }

    /// Every mention of one entity in context (the engine's keyword in context).
    pub fn contexts(&mut self, q: &ContextsQuery) -> Result<ContextsView, QueryError> {
        self.with(|docs, g, ids| {
            let entity = g.find(&q.entity).ok_or_else(|| QueryError::UnknownEntity {
                id: q.entity.clone(),
            })?;
            let rows = group::contexts(docs, g, entity, q.width)
                .into_iter()
                .filter_map(|c| {
                    Some(ContextRow {
                        file: *ids.get(c.doc)?,
                        mention: c.mention,
                        span: Span::from(&c.span),
                        left: c.left,
                        text: c.keyword,
                        right: c.right,
                    })
                })
                .collect();
            Ok(ContextsView {
                seq: q.seq,
                entity: q.entity.clone(),
                rows,
            })
        })
    }

    /// The engine's timeline (dates resolved against publication dates), and mentions of the
    /// chosen entities per publication date.
    pub fn timeline(&mut self, q: &TimelineQuery) -> TimelineView {
        self.with(|docs, g, ids| {
            let t = group::timeline(docs);
            let dates = t
                .dates
                .iter()
                .filter_map(|d| {
                    let doc = docs.get(d.doc)?;
                    let text = doc.document.article.text.as_str();
                    let sentence = d
                        .sentence
                        .as_ref()
                        .and_then(|s| text.get(s.byte.clone()))
                        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                        .unwrap_or_default();
                    let (resolved, unresolved) = match &d.resolution {
                        Resolution::Resolved(r) => (
                            Some(DateRange {
                                start: r.start.clone(),
                                end: r.end.clone(),
                            }),
                            None,
                        ),
                        Resolution::Unresolved { reason } => (
                            None,
                            serde_json::to_value(reason)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned)),
                        ),
                    };
                    Some(DateMention {
                        file: *ids.get(d.doc)?,
                        mention: d.mention,
                        text: d.text.clone(),
                        sentence,
                        resolved,
                        unresolved,
                    })
                })
                .collect();
            let articles = t
                .articles
                .iter()
                .filter_map(|a| {
                    let doc = docs.get(a.doc)?;
                    Some(ArticleDate {
                        file: *ids.get(a.doc)?,
                        title: doc
                            .document
                            .article
                            .title
                            .clone()
                            .unwrap_or_else(|| doc.name.to_owned()),
                        date: a.date.clone(),
                    })
                })
                .collect();
            let series = q
                .entities
                .iter()
                .filter_map(|id| {
                    let target = g.find(id)?;
                    let mut by_date: BTreeMap<String, usize> = BTreeMap::new();
                    for (d, doc) in docs.iter().enumerate() {
                        let Some(date) = doc.document.article.date.as_ref() else {
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
                .collect();
            TimelineView {
                seq: q.seq,
                dates,
                articles,
                series,
            }
        })
    }

    /// One export of the corpus (refined labels, spaCy's beside them, corrections applied),
    /// written by the engine's export stage: the same bytes as `entity-lens export`.
    pub fn export(&mut self, format: ExportFormat) -> Result<Vec<u8>, QueryError> {
        let engine_format =
            Format::from_name(format.as_str()).ok_or_else(|| QueryError::ExportUnavailable {
                message: format!("the engine has no {} writer", format.as_str()),
            })?;
        // spaCy's JSON lines and CoNLL list every token: derived from each text by the
        // engine's tokenizer (exactly the analysis's tokens), for this export only.
        let tokens = matches!(format, ExportFormat::SpacyJsonl | ExportFormat::Conll);
        if tokens {
            let tokenizer = self.tokenizer.get_or_insert_with(Tokenizer::new);
            for d in &mut self.docs {
                d.doc.analysis.tokens = token_spans(tokenizer, &d.doc.article.text);
            }
        }
        let bytes = self.with(|docs, grouping, _| {
            let corpus = export::Corpus { docs, grouping };
            export::to_vec(engine_format, &corpus, Settings::default()).map_err(|e| {
                QueryError::ExportUnavailable {
                    message: e.to_string(),
                }
            })
        });
        if tokens {
            for d in &mut self.docs {
                d.doc.analysis.tokens = Vec::new();
            }
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use entity_lens_engine::Engine;
    use entity_lens_protocol::{DocumentRecord, Merge, Split};

    use super::*;

    fn corpus() -> Corpus {
        let engine = Engine::new(entity_lens_protocol::bundled_model()).unwrap();
        let mut c = Corpus::default();
        let texts = [
            "Antony Blinken met Emmanuel Macron in Paris on Tuesday.\n\nBlinken said France and the United States agreed.\n",
            "Secretary of State Antony Blinken flew to Berlin.\n\nBlinken met Olaf Scholz there.\n",
        ];
        for (i, t) in texts.iter().enumerate() {
            let doc = engine.analyze_text(t, entity_lens_engine::Options::default());
            c.insert(i as u32 + 1, &format!("{i}.txt"), doc);
        }
        c
    }

    #[test]
    fn the_table_counts_mentions_and_articles_and_contexts_slice_the_text() {
        let mut c = corpus();
        let v = c.view(1);
        let blinken = v
            .entities
            .iter()
            .find(|e| e.name == "Antony Blinken")
            .expect("Blinken is an entity");
        assert_eq!((blinken.mentions, blinken.documents), (4, 2), "{blinken:?}");
        assert_eq!(v.articles.len(), 2);
        let ctx = c
            .contexts(&ContextsQuery {
                seq: 2,
                entity: blinken.id.clone(),
                width: 20,
            })
            .unwrap();
        assert_eq!(ctx.rows.len(), 4);
        assert!(ctx.rows.iter().all(|r| r.text.contains("Blinken")));
        assert!(matches!(
            c.contexts(&ContextsQuery {
                seq: 3,
                entity: "nobody".into(),
                width: 5
            }),
            Err(QueryError::UnknownEntity { .. })
        ));
    }

    #[test]
    fn corrections_merge_and_split_and_reach_the_exports() {
        let mut c = corpus();
        let v = c.view(1);
        let id = |name: &str| {
            v.entities
                .iter()
                .find(|e| e.name == name)
                .map(|e| e.id.clone())
                .unwrap()
        };
        let (blinken, macron) = (id("Antony Blinken"), id("Emmanuel Macron"));
        c.set_overrides(Overrides {
            merges: vec![Merge {
                into: blinken.clone(),
                from: vec![macron.clone()],
            }],
            splits: vec![],
        });
        let merged = c.view(2);
        assert!(merged.entities.iter().all(|e| e.id != macron));
        assert_eq!(
            merged
                .entities
                .iter()
                .find(|e| e.id == blinken)
                .unwrap()
                .mentions,
            5
        );
        let csv = String::from_utf8(c.export(ExportFormat::EntitiesCsv).unwrap()).unwrap();
        assert!(!csv.contains(&macron), "{csv}");

        c.set_overrides(Overrides {
            merges: vec![],
            splits: vec![Split {
                entity: blinken.clone(),
                alias: "Blinken".into(),
            }],
        });
        let split = c.view(3);
        let full = split.entities.iter().find(|e| e.id == blinken).unwrap();
        assert_eq!(full.mentions, 2);
        assert!(split
            .entities
            .iter()
            .any(|e| e.name == "Blinken" && e.mentions == 2));
    }

    #[test]
    fn the_network_is_filtered_and_laid_out_in_the_square() {
        let mut c = corpus();
        let n = c.network(&NetworkQuery {
            seq: 1,
            scope: Scope::Article,
            min_weight: 1,
            labels: vec![Label::Person],
            max_nodes: 500,
        });
        assert!(n.nodes.len() >= 2, "{n:?}");
        assert!(n.nodes.iter().all(|x| x.label == Label::Person));
        assert!(n
            .nodes
            .iter()
            .all(|x| (0.0..=1000.0).contains(&x.x) && (0.0..=1000.0).contains(&x.y)));
        assert!(n
            .edges
            .iter()
            .all(|e| e.source < n.nodes.len() && e.target < n.nodes.len()));
        let none = c.network(&NetworkQuery {
            seq: 2,
            scope: Scope::Sentence,
            min_weight: 99,
            labels: vec![],
            max_nodes: 500,
        });
        assert!(none.nodes.is_empty() && none.edges.is_empty());
    }

    #[test]
    fn records_rebuild_documents_whose_answers_and_exports_are_the_same() {
        // What the pool does: analysis workers send records, the corpus worker rebuilds the
        // documents from their JSON. Every answer must equal the one from the documents.
        let engine = Engine::new(entity_lens_protocol::bundled_model()).unwrap();
        let files: [(&str, &[u8]); 4] = [
            (
                "harbor-bridge.txt",
                include_bytes!("../../../tests/fixtures/harbor-bridge.txt"),
            ),
            (
                "museum-gift.txt",
                include_bytes!("../../../tests/fixtures/museum-gift.txt"),
            ),
            (
                "sahel-talks.txt",
                include_bytes!("../../../tests/fixtures/sahel-talks.txt"),
            ),
            (
                "zoë.txt",
                "Zoë Ba met € fans in Niamey.\n\n😀 Zoë Ba left Niger on Monday.\n".as_bytes(),
            ),
        ];
        let (mut direct, mut rebuilt) = (Corpus::default(), Corpus::default());
        // Inserted out of order, as a pool finishes them: the corpus follows the ids.
        for (id, (name, bytes)) in files.iter().enumerate().rev() {
            let doc = entity_lens_protocol::analyze(&engine, bytes, false).unwrap();
            let json = serde_json::to_string(&DocumentRecord::from_document(&doc)).unwrap();
            let record: DocumentRecord = serde_json::from_str(&json).unwrap();
            direct.insert(id as u32, name, doc);
            rebuilt.insert(id as u32, name, record.into_document());
        }
        assert_eq!(direct.view(1), rebuilt.view(1));
        assert_eq!(
            rebuilt
                .view(1)
                .articles
                .iter()
                .map(|a| a.file)
                .collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        for format in ExportFormat::ALL {
            assert_eq!(
                direct.export(format).unwrap(),
                rebuilt.export(format).unwrap(),
                "{format:?}"
            );
        }
        let q = TimelineQuery {
            seq: 1,
            entities: vec![],
        };
        assert_eq!(direct.timeline(&q), rebuilt.timeline(&q));
    }

    #[test]
    fn exports_listing_tokens_equal_the_engines_from_records_without_tokens() {
        // Records carry no tokens; spaCy JSON lines and CoNLL derive them from the text and
        // must write exactly what the engine's own documents (with their tokens) give.
        let engine = Engine::new(entity_lens_protocol::bundled_model()).unwrap();
        let texts: [(&str, &[u8]); 2] = [
            (
                "harbor-bridge.txt",
                include_bytes!("../../../tests/fixtures/harbor-bridge.txt"),
            ),
            (
                "zoë.txt",
                "Zoë Ba met € fans in Niamey.\r\n\r\n😀 Zoë Ba left Niger on Monday, e\u{301}.\n"
                    .as_bytes(),
            ),
        ];
        let docs: Vec<(&str, Document)> = texts
            .iter()
            .map(|(name, bytes)| {
                let doc = entity_lens_protocol::analyze(&engine, bytes, false).unwrap();
                (*name, doc)
            })
            .collect();
        let mut c = Corpus::default();
        for (id, (name, doc)) in docs.iter().enumerate() {
            assert!(!doc.analysis.tokens.is_empty());
            let json = serde_json::to_string(&DocumentRecord::from_document(doc)).unwrap();
            assert!(!json.contains("\"tokens\""), "{json}");
            let record: DocumentRecord = serde_json::from_str(&json).unwrap();
            c.insert(id as u32, name, record.into_document());
        }
        let views: Vec<Doc<'_>> = docs
            .iter()
            .map(|(name, document)| Doc { name, document })
            .collect();
        let grouping = group::group_with(&views, &Gazetteer::bundled(), &edits(&c.overrides));
        for format in [ExportFormat::SpacyJsonl, ExportFormat::Conll] {
            let want = export::to_vec(
                Format::from_name(format.as_str()).unwrap(),
                &export::Corpus {
                    docs: &views,
                    grouping: &grouping,
                },
                Settings::default(),
            )
            .unwrap();
            assert_eq!(c.export(format).unwrap(), want, "{format:?}");
        }
        // Tokens are dropped again after the export.
        assert!(c.docs.iter().all(|d| d.doc.analysis.tokens.is_empty()));
    }

    #[test]
    fn a_record_saved_with_its_tokens_still_loads() {
        let engine = Engine::new(entity_lens_protocol::bundled_model()).unwrap();
        let doc =
            entity_lens_protocol::analyze(&engine, b"Zoe Ba met Olaf Scholz in Berlin.\n", false)
                .unwrap();
        let mut record = DocumentRecord::from_document(&doc);
        record.tokens = doc
            .analysis
            .tokens
            .iter()
            .map(|t| [t.char().start, t.char().end])
            .collect();
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains("\"tokens\":[[0,3]"), "{json}");
        let back: DocumentRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_document().analysis.tokens, doc.analysis.tokens);
    }

    #[test]
    fn forgetting_files_drops_them() {
        let mut c = corpus();
        c.forget(&[1]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.view(1).articles[0].file, 2);
        let t = c.timeline(&TimelineQuery {
            seq: 1,
            entities: vec![],
        });
        assert_eq!(t.articles.len(), 1);
    }
}
