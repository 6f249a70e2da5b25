//! Span repair: a name's span trimmed to the name, as OntoNotes (which the model was trained
//! on) and the usual gold standards draw it.
//!
//! - a leading determiner: `the West Bank` → `West Bank` (a capitalized `The` mid-sentence is
//!   part of the name: `The Hague`, `The New York Times`);
//! - leading and trailing punctuation: `" Red Shirts` → `Red Shirts`, `Enron /` → `Enron`;
//! - a trailing possessive: `Ronald Reagan 's` → `Ronald Reagan`;
//! - a trailing score or count glued to a name: `Durham 114`, `Mexico 2-0` (a small integer
//!   stays on an organization or product: `Channel 4`);
//! - trailing lowercase words: `Interfax news agency` → `Interfax`, `Jiangsu province`.
//!
//! A span changed here replaces spaCy's (the old one is removed, the new one added).

use super::words::{
    is_capitalized, is_lower_word, is_name, is_number, is_possessive, is_punctuation,
    is_small_integer, is_the,
};
use super::{Candidate, Doc, Rule};
use crate::recognize::Label;

pub(super) fn run(doc: &Doc<'_>, cands: &mut Vec<Candidate>, removed: &mut [Option<Rule>]) {
    cands.retain_mut(|c| {
        if !is_name(c.label) {
            return true;
        }
        let (start, end) = trimmed(doc, c);
        if (start, end) == (c.start, c.end) {
            return true;
        }
        if let Some(slot) = c.raw.and_then(|i| removed.get_mut(i)) {
            *slot = Some(Rule::Span);
        }
        c.start = start;
        c.end = end;
        c.raw = None;
        c.rule = Some(Rule::Span);
        start < end
    });
}

/// The candidate's span with what is not part of the name cut off.
fn trimmed(doc: &Doc<'_>, c: &Candidate) -> (usize, usize) {
    let (mut start, mut end) = (c.start, c.end);
    let whole = doc.slice(start, end);
    // A span written all in lowercase (chat, e-mail) is left as it is.
    if !whole.chars().any(char::is_uppercase) {
        return (start, end);
    }
    // Titles keep everything: "The Knot", "Gone with the Wind".
    let title = c.label == Label::WorkOfArt;
    loop {
        let changed_start = start;
        while end - start > 1 && is_punctuation(doc.token(start)) && !opens_bracket(doc, start, end)
        {
            start += 1;
        }
        if end - start > 1 && !title && leading_determiner(doc, start, c.label) {
            start += 1;
        }
        if start == changed_start {
            break;
        }
    }
    loop {
        let last = doc.token(end - 1);
        // A word joined to the one before it (`Co-operation`) is part of it.
        let separate = end - start > 1 && doc.space_after(end - 2);
        let cut = end - start > 1
            && (is_possessive(last)
                || (is_punctuation(last) && !closes_bracket(doc, start, end, separate))
                || (!title && separate && trailing_number(c.label, last))
                || (!title && separate && is_lower_word(last) && c.label != Label::Law));
        if !cut {
            break;
        }
        end -= 1;
    }
    (start, end)
}

/// `the` before a name: lowercase always; `The` only at a sentence start before a place,
/// people or organization (`The United States`, `The Commerce Department`).
fn leading_determiner(doc: &Doc<'_>, i: usize, label: Label) -> bool {
    let word = doc.token(i);
    if !is_the(word) || !is_capitalized(doc.token(i + 1)) {
        return false;
    }
    if word == "the" {
        return true;
    }
    doc.starts_sentence(i)
        && matches!(
            label,
            Label::Gpe | Label::Loc | Label::Norp | Label::Org | Label::Event
        )
}

/// A number at the end of a name of this label is a score or a count, not part of the name.
fn trailing_number(label: Label, word: &str) -> bool {
    if !is_number(word) {
        return false;
    }
    match label {
        Label::Person | Label::Gpe | Label::Loc | Label::Norp => true,
        Label::Org => !is_small_integer(word),
        _ => false,
    }
}

/// The last token belongs to the name: it closes a bracket or quote opened inside the span
/// (`Mladost ( BJ )`), or it is a `.` or `!` written against the name (`Yahoo!`).
fn closes_bracket(doc: &Doc<'_>, start: usize, end: usize, separate: bool) -> bool {
    let open = match doc.token(end - 1) {
        ")" => "(",
        "]" => "[",
        "\"" => "\"",
        "!" | "." => return !separate,
        _ => return false,
    };
    (start..end - 1).any(|i| doc.token(i) == open)
}

/// The first token opens a bracket or quote closed inside the span.
fn opens_bracket(doc: &Doc<'_>, start: usize, end: usize) -> bool {
    let close = match doc.token(start) {
        "(" => ")",
        "[" => "]",
        "\"" => "\"",
        _ => return false,
    };
    (start + 1..end).any(|i| doc.token(i) == close)
}
