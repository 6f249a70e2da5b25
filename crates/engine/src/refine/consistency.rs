//! Document consistency: a name and its partial forms take one label per article, decided by
//! the article's own evidence.
//!
//! A name is grouped with its short form: the surname of a full name (`Jean-Baptiste Lemoyne`
//! and `Lemoyne`) when either is recognized as a person. (The leading `the` and the possessive
//! are already cut by [`repair`](super::repair).) Each mention votes for its label; a full
//! name counts more than a fragment and a label the gazetteer confirmed more than a guess.
//! The winner is applied only when it clearly outweighs the other labels (a strong minority
//! is not overruled by a weak majority). Then repetitions of a person's name that the model
//! missed are added.

use std::collections::{HashMap, HashSet};

use super::knowledge::{add_names, inside_name, lookup};
use super::words::is_capitalized;
use super::{Candidate, Doc, Rule};
use crate::recognize::Label;

/// How much more the winner must weigh than the runner-up.
const MARGIN: f32 = 1.5;

/// In a name also used shortened, a person reading this close to the strongest one wins (and a
/// weaker one blocks any change).
const PERSON_SHARE: f32 = 2.0;

/// A mention's vote is its confidence (the recognizer's margin), capped so that one very sure
/// mention does not outvote the rest of the article.
const MAX_CONFIDENCE: f32 = 5.0;

/// Labels that consistency may unify.
fn unified(label: Label) -> bool {
    matches!(
        label,
        Label::Person | Label::Org | Label::Gpe | Label::Loc | Label::Norp | Label::Fac
    )
}

pub(super) fn run(doc: &Doc<'_>, cands: &mut Vec<Candidate>) {
    let keys: Vec<Option<String>> = cands
        .iter()
        .map(|c| unified(c.label).then(|| doc.slice(c.start, c.end).to_owned()))
        .collect();
    // Short forms: the trailing words of a full name (`Le Drian`, `Drian` of `Jean-Yves Le
    // Drian`) → the full name.
    let mut surname_of: HashMap<&str, &str> = HashMap::new();
    for (c, key) in cands.iter().zip(&keys) {
        let Some(key) = key else { continue };
        for short in short_forms(doc, c) {
            surname_of.entry(short).or_insert(key);
        }
    }
    // A group per name: the full name's text, or the name's own. (Sets, not scans: an
    // article may be a whole year of news, with a million mentions.)
    let mut with_person: HashSet<&str> = HashSet::new();
    for (c, key) in cands.iter().zip(&keys) {
        if let (Label::Person, Some(key)) = (c.label, key.as_deref()) {
            with_person.insert(key);
            with_person.extend(surname_of.get(key));
        }
    }
    let has_person = |group: &str| with_person.contains(group);
    let group_of: Vec<Option<String>> = keys
        .iter()
        .map(|key| {
            let key = key.as_deref()?;
            match surname_of.get(key) {
                Some(&full) if has_person(full) => Some(full.to_owned()),
                _ => Some(key.to_owned()),
            }
        })
        .collect();
    // A name also used by its trailing words alone (a surname) is a person's, if the model
    // saw a person in it at all: organizations and places are not shortened that way.
    let shortened: HashSet<&str> = keys
        .iter()
        .zip(&group_of)
        .filter_map(|(k, g)| (k.as_deref()? != g.as_deref()?).then_some(g.as_deref()?))
        .collect();
    let shortened_any = |group: &str| shortened.contains(group);
    // Votes.
    let mut votes: HashMap<&str, Vec<(Label, f32)>> = HashMap::new();
    for (c, group) in cands.iter().zip(&group_of) {
        let Some(group) = group else { continue };
        let mut weight = c.confidence.clamp(0.0, MAX_CONFIDENCE);
        if c.end - c.start > 1 {
            weight *= 2.0;
        } else if c.label == Label::Person && !shortened_any(group) {
            // A lone word read as a person (`Sahel`, `Azerbaijani`) is the model's commonest
            // slip: it counts half unless it is the surname of a full name here.
            weight *= 0.5;
        }
        if c.rule == Some(Rule::Knowledge) {
            weight *= 3.0;
        }
        let tally = votes.entry(group).or_default();
        match tally.iter_mut().find(|(l, _)| *l == c.label) {
            Some((_, w)) => *w += weight,
            None => tally.push((c.label, weight)),
        }
    }
    // Full names the model itself read as a person at least once.
    let full_persons: HashSet<&str> = cands
        .iter()
        .zip(&keys)
        .filter(|(c, k)| c.label == Label::Person && k.is_some())
        .filter_map(|(_, k)| k.as_deref())
        .filter(|k| shortened.contains(*k))
        .collect();
    let winners: HashMap<&str, Label> = votes
        .into_iter()
        .filter_map(|(group, mut tally)| {
            tally.sort_by(|a, b| b.1.total_cmp(&a.1));
            // A name also used shortened, as a surname is: a person reading close to the
            // strongest wins, and a weaker one is left alone rather than overruled.
            // When the model never read the full name itself as a person, the evidence
            // conflicts (`Mozilla Firefox` ORG, `Firefox` PERSON): nothing changes.
            let person = tally.iter().find(|(l, _)| *l == Label::Person).map(|t| t.1);
            if let (true, Some(p)) = (shortened.contains(group), person) {
                let strongest = tally.first().map_or(0.0, |t| t.1);
                let full_person = full_persons.contains(group);
                return (full_person && p * PERSON_SHARE >= strongest)
                    .then_some((group, Label::Person));
            }
            let (label, best) = *tally.first()?;
            let second = tally.get(1).map_or(0.0, |t| t.1);
            (best >= MARGIN * second).then_some((group, label))
        })
        .collect();
    for (c, group) in cands.iter_mut().zip(&group_of) {
        let Some(&label) = group.as_deref().and_then(|g| winners.get(g)) else {
            continue;
        };
        if c.label != label && c.rule != Some(Rule::Knowledge) {
            c.label = label;
            c.rule = Some(Rule::Consistency);
        }
    }
    add_repetitions(doc, cands);
}

/// The short forms of a multi-word name made of capitalized words: its trailing words from
/// each word boundary on (`Le Drian` and `Drian` of `Jean-Yves Le Drian`; not `Karabakh` of
/// `Nagorno-Karabakh`), except places the gazetteer knows for sure.
fn short_forms<'a>(doc: &Doc<'a>, c: &Candidate) -> Vec<&'a str> {
    let n = c.end - c.start;
    let name_like = (c.start..c.end).all(|i| {
        let w = doc.token(i);
        is_capitalized(w) || w == "-" || w == "."
    });
    if !(2..=5).contains(&n) || !name_like {
        return Vec::new();
    }
    let last = doc.token(c.end - 1);
    if last.chars().count() < 2 || !last.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    (c.start + 1..c.end)
        .filter(|&k| doc.space_after(k - 1) && is_capitalized(doc.token(k)))
        .filter(|&k| lookup(doc, k, c.end).is_none_or(|e| e.ambiguous))
        .map(|k| doc.slice(k, c.end))
        .collect()
}

/// The last word of a person's multi-word name (`Lemoyne`), as its short form.
fn surname<'a>(doc: &Doc<'a>, c: &Candidate) -> Option<&'a str> {
    short_forms(doc, c).into_iter().last()
}

/// Adds missed repetitions of person names (full and surname).
fn add_repetitions<'a>(doc: &Doc<'a>, cands: &mut Vec<Candidate>) {
    // Names to look for, by first token: (tokens, label).
    let mut names: HashMap<&'a str, Vec<(Vec<&'a str>, Label)>> = HashMap::new();
    let mut seen: HashSet<Vec<&'a str>> = HashSet::new();
    let mut add_name = |tokens: Vec<&'a str>, label: Label| {
        let Some(&first) = tokens.first() else { return };
        if seen.insert(tokens.clone()) {
            names.entry(first).or_default().push((tokens, label));
        }
    };
    for c in cands.iter() {
        if c.label != Label::Person {
            continue;
        }
        add_name((c.start..c.end).map(|i| doc.token(i)).collect(), c.label);
        if c.label == Label::Person {
            if let Some(last) = surname(doc, c) {
                if !last.contains(' ') {
                    add_name(vec![last], c.label);
                }
            }
        }
    }
    if names.is_empty() {
        return;
    }
    // A name used with two labels is not repeated.
    for list in names.values_mut() {
        let conflicting: Vec<Vec<&str>> = list
            .iter()
            .filter(|(t, l)| list.iter().any(|(t2, l2)| t2 == t && l2 != l))
            .map(|(t, _)| t.clone())
            .collect();
        list.retain(|(t, _)| !conflicting.contains(t));
        list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
    }
    add_names(doc, cands, Rule::Consistency, |i, covered| {
        names.get(doc.token(i)).and_then(|list| {
            list.iter().find_map(|(tokens, label)| {
                let end = i + tokens.len();
                let matches = end <= doc.len()
                    && (i..end).zip(tokens).all(|(j, t)| doc.token(j) == *t)
                    && !covered[i..end].iter().any(|&c| c)
                    && !inside_name(doc, end - 1, false);
                matches.then_some((end, *label))
            })
        })
    });
}
