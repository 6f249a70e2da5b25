//! Factiva exports, in its two text layouts.
//!
//! * [`Fields`] ("Full Article/Report plus Indexing"): every field opens with its code, on its
//!   own line or followed by a tab or several spaces: `HD` headline, `BY` byline, `WC` word
//!   count, `PD` date, `SN` source name, `SC` source code, `LA` language, `CY` copyright, `LP`
//!   lead paragraphs, `TD` the rest of the text, `CO`/`IN`/`NS`/`RE`/`IPD` indexing, `AN` the
//!   accession number (`Document TIMEUK0020100303e6330001v`). An article runs from `HD` to `AN`.
//! * [`Plain`] ("Full Article/Report"): headline (after an optional section line), optional
//!   byline, `1,234 words`, the date, the source name, its code, optional edition and page
//!   lines, the language, the copyright line, the body, and `Document TIMEUK00...` on its own
//!   line closing the article.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{byline, has_text, is_copyright, regex, Layout, Part, Text};
use crate::intake::article::{self, Meta};
use crate::intake::Kind;

/// Factiva with field codes.
pub struct Fields;

/// Factiva's article text without codes.
pub struct Plain;

fn code_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    // A code is alone on its line or followed by a tab or two spaces: body text such as
    // "IN 2019, ..." (one space) is not a code.
    regex(
        &RE,
        r"^[ \t]*(HD|CLM|SE|BY|CR|WC|PD|ET|SN|SC|ED|PG|VOL|LA|CY|LP|TD|CT|RF|ART|CO|IN|NS|RE|IPC|IPD|PUB|AN)(?:\t[ \t]*|  +|[ \t]*$)",
    )
}

fn accession_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(&RE, r"^Document ([A-Za-z0-9]{16,})$")
}

fn code<'a>(text: &Text<'a>, i: usize) -> Option<(&'a str, usize)> {
    let raw = text.raw(i);
    let caps = code_re()?.captures(raw)?;
    Some((caps.get(1)?.as_str(), caps.get(0)?.end()))
}

impl Layout for Fields {
    fn kind(&self) -> Kind {
        Kind::Factiva
    }

    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>> {
        let codes: Vec<(usize, &str, usize)> = (0..text.lines.len())
            .filter_map(|i| code(text, i).map(|(c, skip)| (i, c, skip)))
            .collect();
        let starts: Vec<usize> = codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.1 == "HD")
            .map(|(k, _)| k)
            .collect();
        if starts.is_empty() {
            return None;
        }
        let mut parts = Vec::with_capacity(starts.len());
        for (n, &k) in starts.iter().enumerate() {
            let next = starts.get(n + 1).copied().unwrap_or(codes.len());
            let fields = &codes[k..next];
            // An article has its accession number and its date or word count.
            let has = |c: &str| fields.iter().any(|f| f.1 == c);
            if !has("AN") || !(has("PD") || has("WC")) {
                return None;
            }
            let last_line = codes.get(next).map_or(text.lines.len(), |c| c.0);
            parts.push(fields_part(text, fields, last_line).ok_or(n + 1));
        }
        Some(parts)
    }
}

fn fields_part(text: &Text<'_>, fields: &[(usize, &str, usize)], last_line: usize) -> Option<Part> {
    let mut meta = Meta::default();
    let mut part = Part::default();
    let mut body = Vec::new();
    for (k, &(i, code, skip)) in fields.iter().enumerate() {
        let end = fields.get(k + 1).map_or(last_line, |f| f.0);
        // The AN field is one line; what follows it (a blank line, a search summary) is not
        // part of the article.
        let end = if code == "AN" { i + 1 } else { end };
        let value = || text.value(i, skip, i + 1..end);
        match code {
            "HD" => meta.title = value(),
            "BY" => meta.byline = byline(value()),
            "PD" => meta.date = value().as_deref().and_then(article::date),
            "SN" => meta.source = value(),
            "SE" => meta.tags.extend(value()),
            "AN" => part.id = value().map(|v| v.trim_start_matches("Document ").trim().to_owned()),
            "LP" | "TD" => {
                if !body.is_empty() {
                    body.push(0..0);
                }
                body.push(text.rest(i, skip));
                body.extend((i + 1..end).map(|j| text.range(j)));
            }
            _ => {}
        }
    }
    part.meta = meta;
    part.body = body;
    has_text(text, &part.body).then_some(part)
}

fn words_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r"^[\d,.\u{a0} ]+ (?:words|Wörter|mots|palabras|parole|woorden)$",
    )
}

impl Layout for Plain {
    fn kind(&self) -> Kind {
        Kind::Factiva
    }

    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>> {
        let accession = accession_re()?;
        let ends: Vec<usize> = (0..text.lines.len())
            .filter(|&i| accession.is_match(text.line(i)))
            .collect();
        if ends.is_empty() {
            return None;
        }
        let words = words_re()?;
        let mut parts = Vec::with_capacity(ends.len());
        let mut start = 0;
        for (n, &end) in ends.iter().enumerate() {
            // The word-count line, followed by a dated line: this is Factiva's header.
            let wc = (start..end).find(|&i| {
                words.is_match(text.line(i))
                    && (i + 1..end)
                        .find(|&j| !text.blank(j))
                        .is_some_and(|j| article::date(text.line(j)).is_some())
            })?;
            parts.push(plain_part(text, start..end, wc).ok_or(n + 1));
            start = end + 1;
        }
        Some(parts)
    }
}

fn plain_part(text: &Text<'_>, lines: Range<usize>, wc: usize) -> Option<Part> {
    let mut meta = Meta::default();
    // Above the word count: the headline block (and a byline right above the count).
    let mut above: Vec<usize> = Vec::new();
    let mut i = wc;
    while i > lines.start {
        i -= 1;
        if text.blank(i) {
            if above.is_empty() {
                continue;
            }
            break;
        }
        above.push(i);
    }
    above.reverse();
    if let Some(&last) = above.last() {
        if above.len() > 1 && text.line(last).to_lowercase().starts_with("by ") {
            meta.byline = byline(article::squash(text.line(last)));
            above.pop();
        }
    }
    // A short first line over a longer headline is the section (`Business`, `World News`).
    if above.len() > 1 && text.line(above[0]).split_whitespace().count() <= 3 {
        meta.tags.extend(article::squash(text.line(above[0])));
        above.remove(0);
    }
    let title: Vec<&str> = above.iter().map(|&i| text.line(i)).collect();
    meta.title = article::squash(&title.join(" "));
    // Below: date, source name, then codes; the copyright line closes the header.
    let below: Vec<usize> = (wc + 1..lines.end)
        .filter(|&i| !text.blank(i))
        .take(8)
        .collect();
    if let Some(&d) = below.first() {
        meta.date = article::date(text.line(d));
    }
    if let Some(&s) = below.get(1) {
        meta.source = article::squash(text.line(s));
    }
    let body_start = match below.iter().find(|&&i| is_copyright(text.line(i))) {
        Some(&c) => c + 1,
        // No copyright line: the body starts after the first blank line below the header.
        None => (wc + 1..lines.end)
            .find(|&i| text.blank(i))
            .unwrap_or(lines.end),
    };
    let body: Vec<Range<usize>> = (body_start..lines.end).map(|i| text.range(i)).collect();
    let id = accession_re()
        .and_then(|re| re.captures(text.line(lines.end)))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned());
    has_text(text, &body).then_some(Part {
        meta,
        body,
        id,
        url: None,
    })
}
