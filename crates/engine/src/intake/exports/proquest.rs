//! ProQuest full-text exports (plain text or RTF saved as text): articles separated by
//! `Document N of M` lines or by a line of underscores; each has its headline, `Author:`,
//! `Publication info:`, `Abstract:`, `Full text:` (the body, up to the next field), then the
//! indexing fields (`Subject:`, `Title:`, `Publication title:`, `Publication date:`,
//! `ProQuest document ID:`, `Document URL:` ...).
//!
//! Taken only when the file has such a separator and every article has `Full text:` or
//! `Abstract:` and `Publication title:` or `ProQuest document ID:`. Blocks without them (the
//! cover page, the closing bibliography and contact notes) are not articles.

use std::sync::OnceLock;

use regex::Regex;

use super::{byline, has_text, regex, Layout, Part, Text};
use crate::intake::article::{self, Meta};
use crate::intake::Kind;

/// The layout.
pub struct ProQuest;

fn separator_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(&RE, r"^(?:_{20,}|Document \d+ of \d+)$")
}

fn field_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^(title|author|authors|publication title|publication date|publication info|publication year|full text|abstract|translated abstract|subject|subject terms|location|people|company / organization|identifier / keyword|section|publisher|place of publication|country of publication|publication subject|issn|source type|language of publication|document type|document feature|proquest document id|document url|copyright|last updated|database|first page|pages|volume|issue|links|credit|illustration|caption|dateline|edition|column|classification|update|accession number|ethnicity|named person|business indexing term|naics|isbn|coden|doi|url|sponsor):[\s\u{a0}]*",
    )
}

fn field<'a>(text: &Text<'a>, i: usize) -> Option<(String, usize)> {
    let raw = text.raw(i);
    let lead = raw.len() - raw.trim_start_matches(article::is_trim).len();
    let caps = field_re()?.captures(raw.get(lead..)?)?;
    Some((
        caps.get(1)?.as_str().to_lowercase(),
        lead + caps.get(0)?.end(),
    ))
}

impl Layout for ProQuest {
    fn kind(&self) -> Kind {
        Kind::ProQuest
    }

    fn split(&self, text: &Text<'_>) -> Option<Vec<Result<Part, usize>>> {
        let sep = separator_re()?;
        let seps: Vec<usize> = (0..text.lines.len())
            .filter(|&i| sep.is_match(text.line(i)))
            .collect();
        if seps.is_empty() {
            return None;
        }
        let mut bounds = Vec::with_capacity(seps.len() + 1);
        bounds.push(0..seps[0]);
        for (k, &s) in seps.iter().enumerate() {
            let end = seps.get(k + 1).copied().unwrap_or(text.lines.len());
            bounds.push(s + 1..end);
        }
        let mut parts = Vec::new();
        for block in bounds {
            let keys: Vec<(usize, String, usize)> = block
                .clone()
                .filter_map(|i| field(text, i).map(|(k, skip)| (i, k, skip)))
                .collect();
            let has = |k: &str| keys.iter().any(|f| f.1 == k);
            let article = has("full text") || has("abstract");
            let indexed = has("publication title") || has("proquest document id");
            if !(article && indexed) {
                continue;
            }
            let n = parts.len() + 1;
            parts.push(part(text, block, &keys).ok_or(n));
        }
        (!parts.is_empty()).then_some(parts)
    }
}

fn part(
    text: &Text<'_>,
    block: std::ops::Range<usize>,
    keys: &[(usize, String, usize)],
) -> Option<Part> {
    let mut meta = Meta::default();
    let mut part = Part::default();
    let mut abstract_body = Vec::new();
    let mut full_body = Vec::new();
    let mut info_date = None;
    for (k, (i, key, skip)) in keys.iter().enumerate() {
        let i = *i;
        let end = keys.get(k + 1).map_or(block.end, |f| f.0);
        let value = || text.value(i, *skip, i + 1..end);
        match key.as_str() {
            "title" => meta.title = value(),
            "author" | "authors" => meta.byline = byline(value()),
            "publication title" => meta.source = value(),
            "publication date" => meta.date = value().as_deref().and_then(article::date),
            "publication info" => info_date = value().as_deref().and_then(article::date),
            "proquest document id" => part.id = value(),
            "document url" => part.url = value(),
            "section" => meta.tags.extend(value()),
            "full text" | "abstract" => {
                let mut lines = vec![text.rest(i, *skip)];
                lines.extend((i + 1..end).map(|j| text.range(j)));
                if key == "full text" {
                    full_body = lines;
                } else {
                    abstract_body = lines;
                }
            }
            _ => {}
        }
    }
    if meta.title.is_none() {
        // The headline opens the block.
        meta.title = block
            .clone()
            .find(|&i| !text.blank(i))
            .filter(|&i| field(text, i).is_none())
            .and_then(|i| article::squash(text.line(i)));
    }
    if meta.date.is_none() {
        meta.date = info_date;
    }
    part.meta = meta;
    let full = has_text(text, &full_body);
    let none_available = abstract_body.len() == 1
        && text
            .text
            .get(abstract_body[0].clone())
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("none available."));
    if none_available {
        abstract_body.clear();
    }
    part.body = if full { full_body } else { abstract_body };
    has_text(text, &part.body).then_some(part)
}
