//! Knowledge: names whose type is not in doubt ([`Gazetteer`](super::gazetteer::Gazetteer)).
//!
//! - A recognized name the gazetteer knows takes the gazetteer's label (`Niger` PERSON → GPE,
//!   `Moldova` ORG → GPE), except where the name has another reading that fits the model's
//!   label: an ambiguous entry (`Chad`, `Jordan`) never overrules PERSON, and a city named as
//!   an organization stays one (a team: `Cleveland beat Houston`).
//! - A name the model missed is added only if the gazetteer says it is unambiguous, it is
//!   capitalized as listed, and it is not part of a longer capitalized name (`England` in
//!   `England won`, not `New England Patriots`).

use super::gazetteer::{Entry, Kind};
use super::words::{is_all_caps, is_capitalized, is_name};
use super::{Candidate, Doc, Rule};
use crate::recognize::Label;

/// The longest name looked up, in tokens.
const MAX_TOKENS: usize = 5;

pub(super) fn run(doc: &Doc<'_>, cands: &mut Vec<Candidate>) {
    for c in cands.iter_mut() {
        if !is_name(c.label) || matches!(c.label, Label::WorkOfArt | Label::Law) {
            continue;
        }
        let Some(entry) = lookup(doc, c.start, c.end) else {
            continue;
        };
        if entry.label != c.label && overrules(&entry, c.label) {
            c.label = entry.label;
            c.rule = Some(Rule::Knowledge);
        }
    }
    add_missed(doc, cands);
}

/// The entry for tokens `start..end` as written, or ignoring case when written in capitals
/// (`BELGRADE`).
pub(super) fn lookup<'g>(doc: &Doc<'g>, start: usize, end: usize) -> Option<Entry<'g>> {
    let text = doc.slice(start, end);
    doc.gazetteer.lookup(text).or_else(|| {
        is_all_caps(text)
            .then(|| doc.gazetteer.lookup_ignore_case(text))
            .flatten()
    })
}

/// The gazetteer's label replaces the model's.
fn overrules(entry: &Entry<'_>, label: Label) -> bool {
    if entry.ambiguous && label == Label::Person {
        return false;
    }
    !(entry.kind == Kind::City && label == Label::Org)
}

/// Adds unambiguous gazetteer names the model missed.
fn add_missed(doc: &Doc<'_>, cands: &mut Vec<Candidate>) {
    add_names(doc, cands, Rule::Knowledge, |i, covered| {
        (1..=MAX_TOKENS).rev().find_map(|n| {
            let end = i + n;
            if end > doc.len() || covered[i..end].iter().any(|&c| c) {
                return None;
            }
            if !is_capitalized(doc.token(end - 1)) || inside_name(doc, end - 1, false) {
                return None;
            }
            let entry = lookup(doc, i, end)?;
            let addable = !entry.ambiguous
                && matches!(
                    entry.kind,
                    Kind::Country
                        | Kind::City
                        | Kind::Region
                        | Kind::Area
                        | Kind::Organization
                        | Kind::Agency
                        | Kind::Demonym
                );
            addable.then_some((end, entry.label))
        })
    });
}

/// Adds the names `find` sees, scanning left to right: at each token outside every candidate
/// that is capitalized and does not continue a name, `find(i, covered)` may return the end and
/// label of a name starting there (`covered` marks the tokens inside candidates). A name found
/// is added with `rule` and [`ADDED_CONFIDENCE`](super::ADDED_CONFIDENCE), and the scan goes on
/// after it.
pub(super) fn add_names(
    doc: &Doc<'_>,
    cands: &mut Vec<Candidate>,
    rule: Rule,
    mut find: impl FnMut(usize, &[bool]) -> Option<(usize, Label)>,
) {
    let mut covered = vec![false; doc.len()];
    for c in cands.iter() {
        for slot in covered.iter_mut().take(c.end).skip(c.start) {
            *slot = true;
        }
    }
    let mut added = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        let found = if covered[i] || !is_capitalized(doc.token(i)) || inside_name(doc, i, true) {
            None
        } else {
            find(i, &covered)
        };
        match found {
            Some((end, label)) => {
                added.push(Candidate {
                    start: i,
                    end,
                    label,
                    raw: None,
                    confidence: super::ADDED_CONFIDENCE,
                    rule: Some(rule),
                });
                i = end;
            }
            None => i += 1,
        }
    }
    if !added.is_empty() {
        cands.extend(added);
        cands.sort_by_key(|c| (c.start, c.end));
    }
}

/// Token `i` continues (`before`: the token before it) or is continued by (the token after it)
/// a capitalized word of the same sentence: then it is part of a longer name. (Two words in
/// capitals do not count: case says nothing there.)
pub(super) fn inside_name(doc: &Doc<'_>, i: usize, before: bool) -> bool {
    let j = if before {
        match i.checked_sub(1) {
            Some(j) if !doc.starts_sentence(i) => j,
            _ => return false,
        }
    } else {
        if doc.starts_sentence(i + 1) {
            return false;
        }
        i + 1
    };
    let word = doc.token(j);
    // Between words in capitals, case tells nothing: `JAPAN` in `JAPAN GET LUCKY WIN`.
    let shouted = is_all_caps(word) && is_all_caps(doc.token(i));
    is_capitalized(word) && word.chars().any(char::is_alphabetic) && !shouted
}
