//! Manual merges and splits, kept by the caller with the workspace (serde) and applied on top
//! of the automatic grouping, in order. Edits name entities by id, so they keep applying when
//! articles are added; an edit that no longer applies is skipped and reported.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{base_id, displays_of, finish, mention_name, unique_id, Doc, Grouping, Named};

/// The user's edits of a grouping, applied in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    pub edits: Vec<Edit>,
}

/// One manual edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Edit {
    /// The entities become one, under the first one's id (and `name` if given). The label is
    /// the first one's.
    Merge {
        entities: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// The mentions of `entity` that `take` selects become a new entity, named `name` (or by
    /// their most frequent form), with the id `label:slug-of-the-name` (`-2` ... if taken).
    Split {
        entity: String,
        take: Vec<Take>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// The entity keeps its id and takes this name.
    Rename { entity: String, name: String },
}

/// Which mentions a split takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Take {
    /// Every mention written so (as in [`super::CorpusEntity::aliases`]).
    Alias { alias: String },
    /// Every mention in the document of this name ([`Doc::name`]).
    Document { doc: String },
    /// The mention starting at code point `start` of the document's text.
    Mention { doc: String, start: usize },
}

/// An edit that did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Its index in [`Overrides::edits`].
    pub edit: usize,
    pub reason: SkipReason,
}

/// Why an edit did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SkipReason {
    /// No entity has this id (any more).
    UnknownEntity { id: String },
    /// A merge of fewer than two existing entities.
    NothingToMerge,
    /// A split whose selection matched no mention of the entity, or all of them.
    NothingToSplit,
}

/// Applies `overrides` to `grouping` (the grouping of `docs`) and reports the edits skipped.
pub fn apply(grouping: &mut Grouping, docs: &[Doc<'_>], overrides: &Overrides) -> Vec<Skipped> {
    if overrides.edits.is_empty() {
        return Vec::new();
    }
    let mut named: Vec<Named> = grouping
        .entities
        .iter()
        .map(|e| Named {
            id: e.id.clone(),
            name: e.name.clone(),
            label: e.label,
        })
        .collect();
    let mut alive = vec![true; named.len()];
    let mut links = std::mem::take(&mut grouping.links);
    let mut skipped = Vec::new();
    let find = |named: &[Named], alive: &[bool], id: &str| {
        named.iter().zip(alive).position(|(n, &a)| a && n.id == id)
    };
    for (i, edit) in overrides.edits.iter().enumerate() {
        let mut skip = |reason| skipped.push(Skipped { edit: i, reason });
        match edit {
            Edit::Merge { entities, name } => {
                let mut found = Vec::new();
                for id in entities {
                    match find(&named, &alive, id) {
                        Some(e) if !found.contains(&e) => found.push(e),
                        Some(_) => {}
                        None => skip(SkipReason::UnknownEntity { id: id.clone() }),
                    }
                }
                let Some((&target, rest)) = found.split_first().filter(|(_, r)| !r.is_empty())
                else {
                    skip(SkipReason::NothingToMerge);
                    continue;
                };
                for doc_links in &mut links {
                    for link in doc_links.iter_mut() {
                        if link.is_some_and(|e| rest.contains(&e)) {
                            *link = Some(target);
                        }
                    }
                }
                for &e in rest {
                    alive[e] = false;
                }
                if let Some(name) = name {
                    named[target].name = name.clone();
                }
            }
            Edit::Split { entity, take, name } => {
                let Some(source) = find(&named, &alive, entity) else {
                    skip(SkipReason::UnknownEntity { id: entity.clone() });
                    continue;
                };
                let mut moved: Vec<(usize, usize)> = Vec::new();
                let mut total = 0;
                for (d, doc) in docs.iter().enumerate() {
                    let Some(doc_links) = links.get(d) else {
                        continue;
                    };
                    for (m, link) in doc_links.iter().enumerate() {
                        if *link != Some(source) {
                            continue;
                        }
                        total += 1;
                        if take.iter().any(|t| takes(t, doc, m)) {
                            moved.push((d, m));
                        }
                    }
                }
                if moved.is_empty() || moved.len() == total {
                    skip(SkipReason::NothingToSplit);
                    continue;
                }
                let name = name.clone().unwrap_or_else(|| {
                    let mut counts: Vec<(String, usize)> = Vec::new();
                    for &(d, m) in &moved {
                        let form = mention_name(&docs[d], m);
                        match counts.iter_mut().find(|(f, _)| *f == form) {
                            Some((_, c)) => *c += 1,
                            None => counts.push((form, 1)),
                        }
                    }
                    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    counts
                        .into_iter()
                        .next()
                        .map(|(f, _)| f)
                        .unwrap_or_default()
                });
                let label = named[source].label;
                let taken: FxHashSet<String> = named
                    .iter()
                    .zip(&alive)
                    .filter(|(_, &a)| a)
                    .map(|(n, _)| n.id.clone())
                    .collect();
                let id = unique_id(&base_id(label, &name), &taken);
                named.push(Named { id, name, label });
                alive.push(true);
                let new = named.len() - 1;
                for (d, m) in moved {
                    links[d][m] = Some(new);
                }
            }
            Edit::Rename { entity, name } => match find(&named, &alive, entity) {
                Some(e) => named[e].name = name.clone(),
                None => skip(SkipReason::UnknownEntity { id: entity.clone() }),
            },
        }
    }
    // Dead entities have no links left; `finish` drops them.
    *grouping = finish(docs, named, links, &displays_of(docs));
    skipped
}

fn takes(take: &Take, doc: &Doc<'_>, m: usize) -> bool {
    match take {
        Take::Alias { alias } => mention_name(doc, m) == *alias,
        Take::Document { doc: name } => doc.name == name,
        Take::Mention { doc: name, start } => {
            doc.name == name
                && doc
                    .document
                    .mentions
                    .get(m)
                    .is_some_and(|mention| mention.span.char.start == *start)
        }
    }
}
