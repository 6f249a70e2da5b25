//! News-database exports: one text file holding many articles, each with the database's own
//! fields. One [`Layout`] per export layout:
//!
//! | layout | module | how articles are marked |
//! | --- | --- | --- |
//! | LexisNexis (Academic, nexis.com) text | [`nexis`] | `1 of 25 DOCUMENTS`, `BYLINE:`, `LENGTH:`, `LOAD-DATE:` |
//! | Nexis Uni / Nexis Advance (RTF, DOCX or PDF saved as text) | [`nexis_uni`] | `Body`, `Length:`, `Load-Date:`, `End of Document` |
//! | Factiva with indexing | [`factiva`] | field codes `HD`, `BY`, `WC`, `PD`, `SN`, `LP`, `TD`, `AN` |
//! | Factiva article text | [`factiva`] | `1,234 words`, date, source, `(c)` line, `Document TIMEUK00...` |
//! | ProQuest full text | [`proquest`] | `Document 1 of 10` or a line of underscores, `Full text:`, `Publication title:` |
//!
//! A layout is only taken when every article it finds has the layout's fields, so an ordinary
//! article (even one quoting `Document 1 of 2` or `End of Document`) is never split.

pub mod factiva;
pub mod nexis;
pub mod nexis_uni;
pub mod proquest;

use std::ops::Range;

use regex::Regex;

use super::article::{self, Meta};
use super::Kind;

/// One article of an export, as byte ranges of the decoded file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Part {
    pub meta: Meta,
    /// Body lines (blank ones separate paragraphs).
    pub body: Vec<Range<usize>>,
    /// The database's document id (Factiva `AN`, ProQuest document ID).
    pub id: Option<String>,
    pub url: Option<String>,
}

/// The decoded export and its lines.
pub(crate) struct Text<'a> {
    pub text: &'a str,
    pub lines: &'a [Range<usize>],
}

impl<'a> Text<'a> {
    /// Line `i` as it is.
    pub fn raw(&self, i: usize) -> &'a str {
        self.lines
            .get(i)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or_default()
    }

    /// Line `i`, trimmed.
    pub fn line(&self, i: usize) -> &'a str {
        self.raw(i).trim_matches(article::is_trim)
    }

    pub fn range(&self, i: usize) -> Range<usize> {
        self.lines.get(i).cloned().unwrap_or(0..0)
    }

    pub fn blank(&self, i: usize) -> bool {
        self.line(i).is_empty()
    }

    /// The byte range of line `i` from byte `skip` of the line on.
    pub fn rest(&self, i: usize, skip: usize) -> Range<usize> {
        let r = self.range(i);
        (r.start + skip).min(r.end)..r.end
    }

    /// The value of a field: the rest of line `i` from byte `skip`, then the lines `more`,
    /// joined by spaces.
    pub fn value(&self, i: usize, skip: usize, more: Range<usize>) -> Option<String> {
        let mut s = self
            .text
            .get(self.rest(i, skip))
            .unwrap_or_default()
            .to_owned();
        for j in more {
            s.push(' ');
            s.push_str(self.line(j));
        }
        article::squash(&s)
    }
}

/// A way of marking articles in one file.
pub(crate) trait Layout: Sync {
    fn kind(&self) -> Kind;
    /// The articles, or `None` when the file is not in this layout. A part that has the
    /// layout's marks but no body is an `Err` with its 1-based number.
    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>>;
}

/// The layouts, most specific first.
pub(crate) const LAYOUTS: [&dyn Layout; 5] = [
    &factiva::Fields,
    &proquest::ProQuest,
    &nexis::Nexis,
    &nexis_uni::NexisUni,
    &factiva::Plain,
];

/// A regex built once (the patterns are constants: a failure is a bug, reported by tests as
/// "no layout found").
pub(crate) fn regex(
    cell: &'static std::sync::OnceLock<Option<Regex>>,
    pattern: &str,
) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// A copyright line (`Copyright 2010 ...`, `© 2010 ...`, `(c) 2010 ...`).
pub(crate) fn is_copyright(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.starts_with("copyright") || lower.starts_with('©') || lower.starts_with("(c)")
}

/// A byline without its leading `By`.
pub(crate) fn byline(value: Option<String>) -> Option<String> {
    value.map(|v| {
        let lower = v.to_lowercase();
        match v.get(3..) {
            Some(rest) if lower.starts_with("by ") => rest.trim().to_owned(),
            _ => v,
        }
    })
}

/// Lines `range` of the text as body lines.
pub(crate) fn body_lines(text: &Text<'_>, range: Range<usize>) -> Vec<Range<usize>> {
    range.map(|i| text.range(i)).collect()
}

/// Whether the body holds any text.
pub(crate) fn has_text(text: &Text<'_>, body: &[Range<usize>]) -> bool {
    body.iter().any(|r| {
        text.text
            .get(r.clone())
            .is_some_and(|s| !s.trim_matches(article::is_trim).is_empty())
    })
}
