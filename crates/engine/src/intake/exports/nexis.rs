//! LexisNexis text exports (LexisNexis Academic, nexis.com): each article opens with a centred
//! `N of M DOCUMENTS` line (`Dokument N von M`, `Document N de M` in German and French
//! exports), then centred lines (copyright, publication, date, edition), the headline, header
//! fields (`BYLINE:`, `SECTION:`, `LENGTH:`, `DATELINE:` ...), the body, and trailing fields
//! (`LOAD-DATE:`, `LANGUAGE:`, `PUBLICATION-TYPE:` ...) and copyright lines.
//!
//! Taken only when every numbered part has at least one of the export's fields.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{body_lines, byline, has_text, is_copyright, regex, Layout, Part, Text};
use crate::intake::article::{self, Meta};
use crate::intake::Kind;

/// The layout.
pub struct Nexis;

/// Fields between the headline and the body.
const HEADER: &[&str] = &[
    "BYLINE",
    "SECTION",
    "LENGTH",
    "DATELINE",
    "HIGHLIGHT",
    "HEADLINE",
    "EDITION",
    "SOURCE",
    "DISTRIBUTION",
    "SERIES",
    "COLUMN",
    "CORRECTION-DATE",
    "CORRECTION",
    "AUTOR",
    "RUBRIK",
    "LÄNGE",
    "LONGUEUR",
    "RUBRIQUE",
    "AUTEUR",
];

/// Fields after the body.
const TRAILER: &[&str] = &[
    "LOAD-DATE",
    "LANGUAGE",
    "PUBLICATION-TYPE",
    "PUB-TYPE",
    "TYPE",
    "GRAPHIC",
    "JOURNAL-CODE",
    "URL",
    "SUBJECT",
    "ORGANIZATION",
    "GEOGRAPHIC",
    "PERSON",
    "INDUSTRY",
    "COMPANY",
    "TICKER",
    "NOTES",
    "DOCUMENT-TYPE",
    "UPDATE",
    "SPRACHE",
    "LANGUE",
    "GRAFIK",
    "DATE-CHARGEMENT",
];

fn start_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r"^\s*(?:FOCUS - )?(\d+) (?:of (\d+) DOCUMENTS?|Dokument \d+ von \d+|Document \d+ de \d+)\s*$|^\s*(?:Dokument|Document) (\d+) (?:von|de) (\d+)\s*$",
    )
}

fn field_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(&RE, r"^([A-ZÄÖÜÉ][A-ZÄÖÜÉ-]+): ?")
}

/// The field opening `line` (trimmed), if it is one of `keys`: (key, byte length of `KEY: `).
fn field<'a>(line: &'a str, keys: &[&str]) -> Option<(&'a str, usize)> {
    let caps = field_re()?.captures(line)?;
    let key = caps.get(1)?.as_str();
    keys.contains(&key)
        .then(|| (key, caps.get(0).map_or(0, |m| m.end())))
}

/// The leading whitespace of the raw line (centred lines are indented).
fn indented(raw: &str) -> bool {
    raw.len() - raw.trim_start_matches(article::is_trim).len() >= 2
}

/// A field's value: line `i` after the key, and its continuation lines up to a blank line.
fn value_block(text: &Text<'_>, i: usize, skip: usize, end: usize) -> (Option<String>, usize) {
    let mut j = i + 1;
    while j < end && !text.blank(j) {
        j += 1;
    }
    let lead = text.raw(i).len() - text.raw(i).trim_start_matches(article::is_trim).len();
    (text.value(i, lead + skip, i + 1..j), j)
}

impl Layout for Nexis {
    fn kind(&self) -> Kind {
        Kind::Nexis
    }

    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>> {
        let re = start_re()?;
        let starts: Vec<usize> = (0..text.lines.len())
            .filter(|&i| re.is_match(text.raw(i)))
            .collect();
        if starts.is_empty() {
            return None;
        }
        let mut parts = Vec::with_capacity(starts.len());
        for (n, &s) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(text.lines.len());
            let lines = s + 1..end;
            // Every part has the export's fields, or this is not an export.
            let any_field = lines.clone().any(|i| {
                field(text.line(i), HEADER).is_some() || field(text.line(i), TRAILER).is_some()
            });
            if !any_field {
                return None;
            }
            parts.push(part(text, lines).ok_or(n + 1));
        }
        Some(parts)
    }
}

fn part(text: &Text<'_>, lines: Range<usize>) -> Option<Part> {
    let end = lines.end;
    let first_field = lines.clone().find(|&i| {
        field(text.line(i), HEADER).is_some() || field(text.line(i), TRAILER).is_some()
    })?;
    let mut meta = Meta::default();
    // Above the fields: centred publication, date, edition and copyright; the headline is not
    // centred.
    let mut title = Vec::new();
    for i in lines.start..first_field {
        let line = text.line(i);
        if line.is_empty() || is_copyright(line) || line == "All Rights Reserved" {
            continue;
        }
        if indented(text.raw(i)) && title.is_empty() {
            if meta.date.is_none() {
                if let Some(date) = article::date(line) {
                    meta.date = Some(date);
                    continue;
                }
                if meta.source.is_none() {
                    meta.source = article::squash(line);
                }
            }
            // Edition lines under the date.
            continue;
        }
        title.push(line);
    }
    meta.title = article::squash(&title.join(" "));
    // Header fields, then the body up to the trailing fields or the closing copyright.
    let mut i = first_field;
    let mut url = None;
    let mut load_date = None;
    while i < end {
        if text.blank(i) {
            i += 1;
            continue;
        }
        match field(text.line(i), HEADER) {
            Some((key, skip)) => {
                let (value, next) = value_block(text, i, skip, end);
                match key {
                    "BYLINE" | "AUTOR" | "AUTEUR" => meta.byline = byline(value),
                    "HEADLINE" if meta.title.is_none() => meta.title = value,
                    "SECTION" | "RUBRIK" | "RUBRIQUE" => meta
                        .tags
                        .extend(value.map(|v| v.trim_end_matches(';').to_owned())),
                    _ => {}
                }
                i = next;
            }
            None => break,
        }
    }
    let body_start = i;
    let mut body_end = end;
    let mut j = body_start;
    while j < end {
        let line = text.line(j);
        let after_blank = j == body_start || text.blank(j - 1);
        if after_blank
            && (field(line, TRAILER).is_some() || (is_copyright(line) && indented(text.raw(j))))
        {
            body_end = body_end.min(j);
            if let Some((key, skip)) = field(line, TRAILER) {
                let (value, _) = value_block(text, j, skip, end);
                match key {
                    "LOAD-DATE" | "DATE-CHARGEMENT" => {
                        load_date = value.as_deref().and_then(article::date)
                    }
                    "URL" => url = value,
                    _ => {}
                }
            }
        }
        j += 1;
    }
    if meta.date.is_none() {
        meta.date = load_date;
    }
    let body = body_lines(text, body_start..body_end);
    has_text(text, &body).then_some(Part {
        meta,
        body,
        id: None,
        url,
    })
}
