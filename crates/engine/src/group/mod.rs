//! refine → **group**: mentions become entities and the articles a corpus.
//!
//! One name per entity within and across articles (surnames join full names, spelling and
//! transliteration variants, acronyms defined in the text, `US` / `the United States`), with a
//! stable id, canonical name, label, aliases and counts; then the corpus views built on them:
//! co-occurrence [`network()`] with a deterministic force [`layout()`], [`timeline()`] (dates resolved
//! against the publication date), [`contexts()`] (keyword in context).
//!
//! How mentions join ([`group`]), always within one label (`France` GPE and `French` NORP stay
//! two entities), in two steps:
//!
//! 1. **In one article**: mentions whose [`names::key_tokens`] agree are one name
//!    (`Nagorno-Karabakh`, `Nagorno Karabakh`, `Nagorny Karabakh`; `U.S.`, `US`, `the United
//!    States`); an acronym defined in the text (`Organization for Security and Co-operation in
//!    Europe (OSCE)`) joins its expansion; a person's partial name (`Le Drian`, `Blinken`, a
//!    given name) joins the one longer name of the article it ends (or starts) — two candidates,
//!    and it stays apart.
//! 2. **Across the corpus**: the article-level entities whose full names agree are one; an
//!    article that only says `Blinken` joins `Antony Blinken` when exactly one entity of the
//!    corpus has a full name ending so, and an acronym used without its expansion joins the
//!    expansion when the corpus defines it one way only. Otherwise they stay apart.
//!
//! Manual merges and splits ([`Overrides`]) are applied on top and kept by the caller with the
//! workspace.

pub mod contexts;
pub mod layout;
pub mod names;
pub mod network;
pub mod overrides;
pub mod timeline;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::pipeline::Document;
use crate::recognize::Label;
use crate::refine::gazetteer::Gazetteer;

pub use contexts::{contexts, sort_contexts, Context, Side};
pub use layout::{layout, layout_graph, LayoutOptions, Point};
pub use network::{network, Edge, Network, Scope};
pub use overrides::{Edit, Overrides, Skipped, Take};
pub use timeline::{resolve, timeline, Resolution, Timeline};

/// One article of the corpus: its name (file path or id) and the engine's result.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub name: &'a str,
    pub document: &'a Document,
}

/// An entity of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorpusEntity {
    /// Stable id, `label:slug-of-the-name` (`person:antony-blinken`, `gpe:united-states`), with
    /// `-2`, `-3` ... when two entities would share one: the same corpus gives the same ids, and
    /// adding an unrelated article does not change the others'.
    pub id: String,
    /// Canonical name.
    pub name: String,
    pub label: Label,
    /// Every distinct surface form, canonical name first.
    pub aliases: Vec<String>,
    /// Mentions in the corpus.
    pub mentions: usize,
    /// Articles mentioning it.
    pub documents: usize,
}

/// Mentions grouped into entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grouping {
    /// Sorted by id.
    pub entities: Vec<CorpusEntity>,
    /// `links[d][m]`: the index in `entities` of mention `m` of document `d`; `None` for a
    /// mention without a refined label.
    pub links: Vec<Vec<Option<usize>>>,
}

impl Grouping {
    /// The index of the entity with id `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.entities
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
    }

    /// Every mention of entity `entity`, as `(document, mention)` indices, in corpus order.
    pub fn mentions_of(&self, entity: usize) -> Vec<(usize, usize)> {
        self.links
            .iter()
            .enumerate()
            .flat_map(|(d, links)| {
                links
                    .iter()
                    .enumerate()
                    .filter(move |(_, l)| **l == Some(entity))
                    .map(move |(m, _)| (d, m))
            })
            .collect()
    }
}

/// Groups the refined mentions of `docs`, with the engine's gazetteer for aliases.
pub fn group(docs: &[Doc<'_>]) -> Grouping {
    // The shared gazetteer: parsing the bundled one again on every call was most of the
    // grouping time of a 2,000-article corpus.
    group_with(docs, Gazetteer::shared(), &Overrides::default())
}

/// Groups the refined mentions of `docs` with `gazetteer` for aliases (`U.S.` →
/// `United States`), then applies the manual `overrides` (edits that no longer apply are
/// skipped: see [`overrides::apply`] to learn which).
pub fn group_with(docs: &[Doc<'_>], gazetteer: &Gazetteer, overrides: &Overrides) -> Grouping {
    let mut grouping = automatic(docs, gazetteer);
    overrides::apply(&mut grouping, docs, overrides);
    grouping
}

/// The text of mention `m` of `doc` as a name ([`names::display`]); empty when out of range.
pub fn mention_name(doc: &Doc<'_>, m: usize) -> String {
    doc.document
        .mentions
        .get(m)
        .and_then(|mention| doc.document.article.text.get(mention.span.byte.clone()))
        .map(names::display)
        .unwrap_or_default()
}

/// Aliases every corpus needs even before the gazetteer knows them, as (label, form, canonical).
const ALIASES: [(Label, &str, &str); 8] = [
    (Label::Gpe, "US", "United States"),
    (Label::Gpe, "USA", "United States"),
    (Label::Gpe, "United States of America", "United States"),
    (Label::Gpe, "UK", "United Kingdom"),
    (
        Label::Gpe,
        "United Kingdom of Great Britain and Northern Ireland",
        "United Kingdom",
    ),
    (Label::Org, "UN", "United Nations"),
    (Label::Org, "EU", "European Union"),
    (Label::Gpe, "EU", "European Union"),
];

/// A distinct name of one label: its key and what is known of it.
#[derive(Debug)]
struct Form {
    label: Label,
    tokens: Vec<String>,
    /// Written as an acronym (`OSCE`, `U.S.`).
    acronym: bool,
    /// The canonical name an alias table gives (`United States` for `U.S.`).
    canonical: Option<String>,
}

/// Interns forms by (label, key).
#[derive(Debug, Default)]
struct Forms {
    ids: FxHashMap<(Label, String), usize>,
    forms: Vec<Form>,
    /// Alias table keys: (label, key) → canonical name.
    aliases: FxHashMap<(Label, String), String>,
    /// Each label's displays already interned → their form (a display always gives the same
    /// form, so a repeated one skips the normalization and the gazetteer).
    seen: FxHashMap<Label, FxHashMap<String, usize>>,
}

impl Forms {
    fn new() -> Self {
        let mut forms = Self::default();
        for (label, form, canonical) in ALIASES {
            let key = names::key_tokens(label, form).join(" ");
            forms.aliases.insert((label, key), canonical.to_owned());
        }
        forms
    }

    /// The form of a mention displayed as `display`.
    fn intern(&mut self, gazetteer: &Gazetteer, label: Label, display: &str) -> usize {
        if let Some(&id) = self.seen.get(&label).and_then(|s| s.get(display)) {
            return id;
        }
        let id = self.intern_new(gazetteer, label, display);
        self.seen
            .entry(label)
            .or_default()
            .insert(display.to_owned(), id);
        id
    }

    /// [`Forms::intern`] for a display not seen before.
    fn intern_new(&mut self, gazetteer: &Gazetteer, label: Label, display: &str) -> usize {
        let own_tokens = names::key_tokens(label, display);
        let canonical = gazetteer
            .lookup(display)
            .filter(|entry| entry.label == label)
            .map(|entry| entry.canonical.to_owned())
            .or_else(|| {
                let own_key = own_tokens.join(" ");
                self.aliases.get(&(label, own_key)).cloned()
            });
        let tokens = match &canonical {
            Some(c) => names::key_tokens(label, c),
            None => own_tokens,
        };
        let mut key = tokens.join(" ");
        if key.is_empty() {
            // Nothing left of the name (punctuation only): compare it as written.
            key = display.to_lowercase();
        }
        let acronym = names::acronym_letters(display).is_some();
        if let Some(&id) = self.ids.get(&(label, key.clone())) {
            let form = &mut self.forms[id];
            form.acronym &= acronym;
            if form.canonical.is_none() {
                form.canonical = canonical;
            }
            return id;
        }
        let id = self.forms.len();
        self.forms.push(Form {
            label,
            tokens,
            acronym,
            canonical,
        });
        self.ids.insert((label, key), id);
        id
    }
}

/// A small union-find over indices.
#[derive(Debug)]
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root stays root (deterministic).
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo;
        }
    }
}

/// The entity of one article, before the corpus step.
#[derive(Debug)]
struct Local {
    label: Label,
    /// Forms naming it in full (not a partial name, not an acronym defined here).
    heads: Vec<usize>,
    /// Acronyms the article defines for it.
    defines: Vec<usize>,
    /// (document, mention, form).
    mentions: Vec<(usize, usize, usize)>,
    /// A partial name of it could mean two people of its own article: the corpus step must
    /// not decide for it.
    ambiguous: bool,
}

/// The grouping rules without overrides.
fn automatic(docs: &[Doc<'_>], gazetteer: &Gazetteer) -> Grouping {
    let mut forms = Forms::new();
    let mut displays: Vec<Vec<String>> = Vec::with_capacity(docs.len());
    let mut locals: Vec<Local> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let (names, doc_locals) = locals_of(d, doc, gazetteer, &mut forms);
        displays.push(names);
        locals.extend(doc_locals);
    }
    let mut sets = Sets::new(locals.len());
    join_full_names(&locals, &mut sets);
    join_acronyms(&locals, &forms, &mut sets);
    join_partial_people(&locals, &forms, &mut sets);
    build(docs, &locals, &forms, &displays, &mut sets)
}

/// The article-level entities of document `d`, and the display form of each of its mentions.
fn locals_of(
    d: usize,
    doc: &Doc<'_>,
    gazetteer: &Gazetteer,
    forms: &mut Forms,
) -> (Vec<String>, Vec<Local>) {
    let text = &doc.document.article.text;
    let mentions = &doc.document.mentions;
    let mut displays = vec![String::new(); mentions.len()];
    // Forms of the article, in order of appearance, and each mention's local form index.
    let mut local_forms: Vec<usize> = Vec::new();
    let mut local_of: FxHashMap<usize, usize> = FxHashMap::default();
    let mut mention_local: Vec<Option<usize>> = vec![None; mentions.len()];
    let mut add = |form: usize, local_forms: &mut Vec<usize>| -> usize {
        *local_of.entry(form).or_insert_with(|| {
            local_forms.push(form);
            local_forms.len() - 1
        })
    };
    for (m, mention) in mentions.iter().enumerate() {
        let Some(label) = mention.label else { continue };
        let raw = text.get(mention.span.byte.clone()).unwrap_or_default();
        let display = names::display(raw);
        let form = forms.intern(gazetteer, label, &display);
        mention_local[m] = Some(add(form, &mut local_forms));
        displays[m] = display;
    }
    // Joins (local form a, local form b) and marks forms that are not heads.
    let mut joins: Vec<(usize, usize)> = Vec::new();
    let mut secondary: FxHashSet<usize> = FxHashSet::default();
    let mut defined: Vec<(usize, usize)> = Vec::new(); // (acronym local, expansion local)

    // Acronyms defined in the text: `Expansion (ACR)` or `ACR (Expansion)`.
    for (m, mention) in mentions.iter().enumerate() {
        let (Some(label), Some(local)) = (mention.label, mention_local[m]) else {
            continue;
        };
        let after = text.get(mention.span.byte.end..).unwrap_or_default();
        let Some((inside, inside_start)) = parenthesized(after) else {
            continue;
        };
        let inside_byte = mention.span.byte.end + inside_start;
        if let Some(letters) = names::acronym_letters(inside) {
            // `Expansion (ACR)`.
            if names::acronym_letters(&displays[m]).is_none()
                && names::abbreviates(&letters, &displays[m])
            {
                let acronym = forms.intern(gazetteer, label, inside);
                let a = add(acronym, &mut local_forms);
                if a != local {
                    defined.push((a, local));
                }
            }
        } else if let Some(letters) = names::acronym_letters(&displays[m]) {
            // `ACR (Expansion)`: the expansion is the next mention, filling the brackets.
            let next = mentions.iter().enumerate().skip(m + 1).find(|(_, n)| {
                n.span.byte.start == inside_byte && n.span.byte.end == inside_byte + inside.len()
            });
            if let Some((n, next)) = next {
                if next.label == Some(label) && names::abbreviates(&letters, &displays[n]) {
                    if let Some(expansion) = mention_local[n] {
                        if expansion != local {
                            defined.push((local, expansion));
                        }
                    }
                }
            }
        }
    }
    for &(a, e) in &defined {
        joins.push((a, e));
        secondary.insert(a);
    }

    // A person's partial name joins the one longer name of the article it ends or starts.
    let mut people: Vec<usize> = (0..local_forms.len())
        .filter(|&l| forms.forms[local_forms[l]].label == Label::Person)
        .collect();
    people.sort_by_key(|&l| std::cmp::Reverse(forms.forms[local_forms[l]].tokens.len()));
    let mut ambiguous: FxHashSet<usize> = FxHashSet::default();
    let mut sets = Sets::new(local_forms.len());
    for &(a, b) in &joins {
        sets.union(a, b);
    }
    for (i, &p) in people.iter().enumerate() {
        let tokens = &forms.forms[local_forms[p]].tokens;
        if tokens.is_empty() {
            continue;
        }
        let mut roots: Vec<usize> = people[..i]
            .iter()
            .filter(|&&q| {
                let longer = &forms.forms[local_forms[q]].tokens;
                longer.len() > tokens.len()
                    && (longer.ends_with(tokens) || longer.starts_with(tokens))
            })
            .map(|&q| sets.find(q))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        match roots[..] {
            [root] => {
                sets.union(p, root);
                secondary.insert(p);
            }
            [] => {}
            _ => {
                ambiguous.insert(p);
            }
        }
    }

    // One local entity per set.
    let mut index_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    let mut locals: Vec<Local> = Vec::new();
    for (l, &form) in local_forms.iter().enumerate() {
        let root = sets.find(l);
        let i = *index_of_root.entry(root).or_insert_with(|| {
            locals.push(Local {
                label: forms.forms[form].label,
                heads: Vec::new(),
                defines: Vec::new(),
                mentions: Vec::new(),
                ambiguous: false,
            });
            locals.len() - 1
        });
        locals[i].ambiguous |= ambiguous.contains(&l);
        if !secondary.contains(&l) {
            locals[i].heads.push(form);
        }
    }
    for &(a, _) in &defined {
        let i = index_of_root[&sets.find(a)];
        locals[i].defines.push(local_forms[a]);
    }
    for (m, local) in mention_local.iter().enumerate() {
        if let Some(l) = *local {
            let i = index_of_root[&sets.find(l)];
            locals[i].mentions.push((d, m, local_forms[l]));
        }
    }
    for local in &mut locals {
        if local.heads.is_empty() {
            // Only partial forms (cannot happen with the rules above, but never lose a name).
            local.heads = local.mentions.iter().map(|&(_, _, f)| f).collect();
            local.heads.sort_unstable();
            local.heads.dedup();
        }
    }
    (displays, locals)
}

/// `( inside )` at the start of `text` (after spaces): the inside, trimmed, and its byte
/// offset in `text`. Only short insides without spaces (an acronym) or without brackets.
fn parenthesized(text: &str) -> Option<(&str, usize)> {
    let open = text.len() - text.trim_start().len();
    let rest = text[open..].strip_prefix('(')?;
    let close = rest.find(')')?;
    let raw = &rest[..close];
    if raw.contains('(') || raw.contains('\n') || raw.len() > 200 {
        return None;
    }
    let lead = raw.len() - raw.trim_start().len();
    let inside = raw.trim();
    (!inside.is_empty()).then_some((inside, open + 1 + lead))
}

/// Article entities naming the same full name are one entity.
fn join_full_names(locals: &[Local], sets: &mut Sets) {
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, local) in locals.iter().enumerate() {
        for &head in &local.heads {
            match first.get(&head) {
                Some(&j) => sets.union(i, j),
                None => {
                    first.insert(head, i);
                }
            }
        }
    }
}

/// The heads of each current set, by root.
fn heads_by_root(locals: &[Local], sets: &mut Sets) -> FxHashMap<usize, Vec<usize>> {
    let mut heads: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, local) in locals.iter().enumerate() {
        heads
            .entry(sets.find(i))
            .or_default()
            .extend(local.heads.iter().copied());
    }
    for h in heads.values_mut() {
        h.sort_unstable();
        h.dedup();
    }
    heads
}

/// An entity only ever written as an acronym joins the entity the corpus defines that acronym
/// for, when it defines it for one entity only.
fn join_acronyms(locals: &[Local], forms: &Forms, sets: &mut Sets) {
    let mut definers: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, local) in locals.iter().enumerate() {
        for &a in &local.defines {
            definers.entry(a).or_default().push(i);
        }
    }
    if definers.is_empty() {
        return;
    }
    let heads = heads_by_root(locals, sets);
    let mut roots: Vec<usize> = heads.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        let hs = &heads[&root];
        if !hs.iter().all(|&h| forms.forms[h].acronym) {
            continue;
        }
        let me = sets.find(root);
        let mut targets: Vec<usize> = hs
            .iter()
            .flat_map(|h| definers.get(h).into_iter().flatten().copied())
            .map(|i| sets.find(i))
            .filter(|&r| r != me)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        if let [target] = targets[..] {
            sets.union(root, target);
        }
    }
}

/// A person named only partly (`Blinken`, `Le Drian`) in an article joins the one entity of
/// the corpus whose full name ends so; never when two could be meant.
fn join_partial_people(locals: &[Local], forms: &Forms, sets: &mut Sets) {
    let heads = heads_by_root(locals, sets);
    // Proper suffixes of every person's full name → the roots owning that name.
    let mut owners: FxHashMap<&[String], Vec<usize>> = FxHashMap::default();
    for (&root, hs) in &heads {
        for &h in hs {
            let form = &forms.forms[h];
            if form.label != Label::Person {
                continue;
            }
            for k in 1..form.tokens.len() {
                owners
                    .entry(&form.tokens[form.tokens.len() - k..])
                    .or_default()
                    .push(root);
            }
        }
    }
    if owners.is_empty() {
        return;
    }
    let blocked: FxHashSet<usize> = locals
        .iter()
        .enumerate()
        .filter(|(_, l)| l.ambiguous)
        .map(|(i, _)| sets.find(i))
        .collect();
    // Longest names first, so `Le Drian` joins `Jean-Yves Le Drian` before `Drian` looks.
    let mut roots: Vec<(usize, usize)> = heads
        .iter()
        .filter(|(_, hs)| hs.iter().all(|&h| forms.forms[h].label == Label::Person))
        .map(|(&root, hs)| {
            let longest = hs.iter().map(|&h| forms.forms[h].tokens.len()).max();
            (longest.unwrap_or(0), root)
        })
        .collect();
    roots.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, root) in roots {
        if blocked.contains(&root) {
            continue;
        }
        let mut targets: Vec<usize> = Vec::new();
        let mut every_head_fits = true;
        for &h in &heads[&root] {
            let tokens = forms.forms[h].tokens.as_slice();
            match owners.get(tokens) {
                Some(list) => targets.extend(list.iter().copied()),
                None => every_head_fits = false,
            }
        }
        if !every_head_fits {
            continue;
        }
        let me = sets.find(root);
        let mut targets: Vec<usize> = targets
            .into_iter()
            .map(|r| sets.find(r))
            .filter(|&r| r != me)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        if let [target] = targets[..] {
            sets.union(root, target);
        }
    }
}

/// An entity before its statistics: what overrides and the rules decide.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub id: String,
    pub name: String,
    pub label: Label,
}

/// Entities and links from the final sets.
fn build(
    docs: &[Doc<'_>],
    locals: &[Local],
    forms: &Forms,
    displays: &[Vec<String>],
    sets: &mut Sets,
) -> Grouping {
    let mut index_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    // Per entity: label, head key of its most mentioned head, name counts.
    struct Draft<'a> {
        label: Label,
        head_names: FxHashMap<&'a str, usize>,
        canonical: FxHashMap<&'a str, usize>,
        head_counts: FxHashMap<usize, usize>,
    }
    let mut drafts: Vec<Draft<'_>> = Vec::new();
    let mut links: Vec<Vec<Option<usize>>> = docs
        .iter()
        .map(|doc| vec![None; doc.document.mentions.len()])
        .collect();
    // Entities with a name that is not an acronym are named by it (`OSCE` used alone in ten
    // articles still names the entity by its expansion).
    let mut spelled_out: FxHashSet<usize> = FxHashSet::default();
    for (i, local) in locals.iter().enumerate() {
        if local.heads.iter().any(|&h| !forms.forms[h].acronym) {
            spelled_out.insert(sets.find(i));
        }
    }
    for (i, local) in locals.iter().enumerate() {
        let root = sets.find(i);
        let e = *index_of_root.entry(root).or_insert_with(|| {
            drafts.push(Draft {
                label: local.label,
                head_names: FxHashMap::default(),
                canonical: FxHashMap::default(),
                head_counts: FxHashMap::default(),
            });
            drafts.len() - 1
        });
        for &(d, m, form) in &local.mentions {
            links[d][m] = Some(e);
            let acronym_only = forms.forms[form].acronym && spelled_out.contains(&root);
            if local.heads.contains(&form) && !acronym_only {
                let draft = &mut drafts[e];
                *draft.head_names.entry(displays[d][m].as_str()).or_default() += 1;
                *draft.head_counts.entry(form).or_default() += 1;
                if let Some(c) = &forms.forms[form].canonical {
                    *draft.canonical.entry(c.as_str()).or_default() += 1;
                }
            }
        }
    }
    let named: Vec<(Named, String)> = drafts
        .iter()
        .map(|draft| {
            let pool = if draft.canonical.is_empty() {
                &draft.head_names
            } else {
                &draft.canonical
            };
            let name = most_common(pool).unwrap_or_default().to_owned();
            // Collisions are ordered by the key of the most mentioned head form.
            let head = draft
                .head_counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&f, _)| forms.forms[f].tokens.join(" "))
                .unwrap_or_default();
            (
                Named {
                    id: base_id(draft.label, &name),
                    name,
                    label: draft.label,
                },
                head,
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by(|&a, &b| {
        named[a]
            .0
            .id
            .cmp(&named[b].0.id)
            .then(named[a].1.cmp(&named[b].1))
    });
    let mut entities: Vec<Named> = named.into_iter().map(|(n, _)| n).collect();
    let mut taken: FxHashSet<String> = FxHashSet::default();
    for &e in &order {
        let id = unique_id(&entities[e].id, &taken);
        taken.insert(id.clone());
        entities[e].id = id;
    }
    finish(docs, entities, links, displays)
}

/// The most frequent of `counts`; ties go to the longer, then the smaller string.
fn most_common<'a>(counts: &FxHashMap<&'a str, usize>) -> Option<&'a str> {
    counts
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.chars().count().cmp(&b.0.chars().count()))
                .then(b.0.cmp(a.0))
        })
        .map(|(s, _)| *s)
}

/// `label:slug`.
pub(crate) fn base_id(label: Label, name: &str) -> String {
    let slug = names::slug(name);
    let slug = if slug.is_empty() {
        "x".to_owned()
    } else {
        slug
    };
    format!("{}:{}", label.as_str().to_lowercase(), slug)
}

/// `base`, or `base-2`, `base-3` ... the first not in `taken`.
pub(crate) fn unique_id(base: &str, taken: &FxHashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_else(|| base.to_owned())
}

/// Each mention's name ([`mention_name`]), by document.
pub(crate) fn displays_of(docs: &[Doc<'_>]) -> Vec<Vec<String>> {
    docs.iter()
        .map(|doc| {
            (0..doc.document.mentions.len())
                .map(|m| mention_name(doc, m))
                .collect()
        })
        .collect()
}

/// The grouping of `named` entities and `links`: counts and aliases computed, entities without
/// mentions dropped, the rest sorted by id and the links renumbered. `displays` holds the name
/// of every linked mention ([`mention_name`]), by document.
pub(crate) fn finish(
    docs: &[Doc<'_>],
    named: Vec<Named>,
    mut links: Vec<Vec<Option<usize>>>,
    displays: &[Vec<String>],
) -> Grouping {
    debug_assert_eq!(docs.len(), links.len());
    let n = named.len();
    let mut mentions = vec![0usize; n];
    let mut documents = vec![0usize; n];
    let mut last_doc = vec![usize::MAX; n];
    let mut aliases: Vec<FxHashMap<&str, usize>> = vec![FxHashMap::default(); n];
    for (d, doc_links) in links.iter().enumerate() {
        for (m, link) in doc_links.iter().enumerate() {
            let Some(e) = *link else { continue };
            if e >= n {
                continue;
            }
            mentions[e] += 1;
            if last_doc[e] != d {
                last_doc[e] = d;
                documents[e] += 1;
            }
            let name = displays.get(d).and_then(|ds| ds.get(m));
            *aliases[e]
                .entry(name.map_or("", String::as_str))
                .or_default() += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&e| mentions[e] > 0).collect();
    order.sort_by(|&a, &b| named[a].id.cmp(&named[b].id));
    let mut new_index = vec![None; n];
    for (i, &e) in order.iter().enumerate() {
        new_index[e] = Some(i);
    }
    for doc_links in &mut links {
        for link in doc_links.iter_mut() {
            *link = link.and_then(|e| new_index.get(e).copied().flatten());
        }
    }
    let entities = order
        .into_iter()
        .map(|e| {
            let entity = &named[e];
            let mut forms: Vec<(&str, usize)> = aliases[e]
                .drain()
                .filter(|(form, _)| *form != entity.name)
                .collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let mut list = vec![entity.name.clone()];
            list.extend(forms.into_iter().map(|(form, _)| form.to_owned()));
            CorpusEntity {
                id: entity.id.clone(),
                name: entity.name.clone(),
                label: entity.label,
                aliases: list,
                mentions: mentions[e],
                documents: documents[e],
            }
        })
        .collect();
    Grouping { entities, links }
}
