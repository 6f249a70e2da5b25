//! Nexis Uni / Lexis Advance downloads (RTF, DOCX or PDF, saved or converted as text): a cover
//! page (`Date and Time:`, `Job Number:`, `Documents (N)`, the result list), then each article:
//! headline, publication, date (and edition), copyright line, fields (`Section:`, `Length:`,
//! `Byline:`, `Dateline:`, `Highlight:`), a line `Body`, the body, trailing fields (`Load-Date:`,
//! `Classification`, `Language:`, `Subject:` ...) and `End of Document`.
//!
//! Taken only when every article before an `End of Document` line has its `Body` line.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{body_lines, byline, has_text, is_copyright, regex, Layout, Part, Text};
use crate::intake::article::{self, Meta};
use crate::intake::Kind;

/// The layout.
pub struct NexisUni;

const HEADER: &[&str] = &[
    "section",
    "length",
    "byline",
    "dateline",
    "highlight",
    "edition",
    "series",
    "column",
    "type",
    "correction",
    "headline",
    "page",
];

const TRAILER: &[&str] = &[
    "load-date",
    "language",
    "publication-type",
    "pub-type",
    "subject",
    "geographic",
    "company",
    "organization",
    "person",
    "industry",
    "ticker",
    "correction-date",
    "url",
    "journal code",
    "document-type",
    "notes",
    "graphic",
];

fn field_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(&RE, r"^([A-Za-z][A-Za-z-]*(?: [A-Za-z]+)?):[\s\u{a0}]*")
}

fn field(line: &str, keys: &[&str]) -> Option<(String, usize)> {
    let caps = field_re()?.captures(line)?;
    let key = caps.get(1)?.as_str().to_lowercase();
    keys.contains(&key.as_str())
        .then(|| (key, caps.get(0).map_or(0, |m| m.end())))
}

fn is_end(line: &str) -> bool {
    line.eq_ignore_ascii_case("End of Document")
}

impl Layout for NexisUni {
    fn kind(&self) -> Kind {
        Kind::Nexis
    }

    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>> {
        let ends: Vec<usize> = (0..text.lines.len())
            .filter(|&i| is_end(text.line(i)))
            .collect();
        if ends.is_empty() {
            return None;
        }
        let mut parts = Vec::with_capacity(ends.len());
        let mut start = 0;
        for (n, &end) in ends.iter().enumerate() {
            let body = (start..end).find(|&i| text.line(i) == "Body")?;
            parts.push(part(text, start..end, body).ok_or(n + 1));
            start = end + 1;
        }
        Some(parts)
    }
}

fn part(text: &Text<'_>, lines: Range<usize>, body_marker: usize) -> Option<Part> {
    let mut meta = Meta::default();
    let first_field = (lines.start..body_marker)
        .find(|&i| field(text.line(i), HEADER).is_some())
        .unwrap_or(body_marker);
    // Above the fields: headline, publication, date (and edition), copyright. The copyright
    // line (or the fields) closes the block; the date is the last dated line before it.
    let head: Vec<usize> = (lines.start..first_field)
        .filter(|&i| !text.blank(i) && !text.line(i).starts_with("Document "))
        .collect();
    let copyright = head.iter().rposition(|&i| is_copyright(text.line(i)));
    let above = &head[..copyright.unwrap_or(head.len())];
    if let Some(d) = above
        .iter()
        .rposition(|&i| article::date(text.line(i)).is_some())
    {
        meta.date = article::date(text.line(above[d]));
        if d >= 1 {
            meta.source = article::squash(text.line(above[d - 1]));
        }
        if d >= 2 {
            meta.title = article::squash(text.line(above[d - 2]));
        }
    }
    let mut url = None;
    let mut i = first_field;
    while i < body_marker {
        if let Some((key, skip)) = field(text.line(i), HEADER) {
            let lead = text.raw(i).len() - text.raw(i).trim_start_matches(article::is_trim).len();
            let mut j = i + 1;
            while j < body_marker && !text.blank(j) && field(text.line(j), HEADER).is_none() {
                j += 1;
            }
            let value = text.value(i, lead + skip, i + 1..j);
            match key.as_str() {
                "byline" => meta.byline = byline(value),
                "section" => meta.tags.extend(value),
                "headline" if meta.title.is_none() => meta.title = value,
                _ => {}
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // The body: up to the first trailing field, `Classification` or `Graphic` after a blank line.
    let mut body_end = lines.end;
    let mut load_date = None;
    for j in body_marker + 1..lines.end {
        let line = text.line(j);
        let marker = matches!(line, "Classification" | "Graphic" | "Notes");
        let trailer = field(line, TRAILER);
        if (marker || trailer.is_some()) && text.blank(j.saturating_sub(1)) {
            body_end = body_end.min(j);
        }
        if j >= body_end {
            if let Some((key, skip)) = trailer {
                let lead =
                    text.raw(j).len() - text.raw(j).trim_start_matches(article::is_trim).len();
                let value = text.value(j, lead + skip, j + 1..j + 1);
                match key.as_str() {
                    "load-date" => load_date = value.as_deref().and_then(article::date),
                    "url" => url = value,
                    _ => {}
                }
            }
        }
    }
    if meta.date.is_none() {
        meta.date = load_date;
    }
    let body = body_lines(text, body_marker + 1..body_end);
    has_text(text, &body).then_some(Part {
        meta,
        body,
        id: None,
        url,
    })
}
