//! A body found by intake (an export's article, a table's text cell) → an [`Article`], with the
//! metadata the source states. Cleanup is not run on it: the source already separated the
//! article from everything else.
//!
//! The body keeps its paragraphs (blank lines between them) and its lines (a hard-wrapped
//! paragraph keeps its line breaks, as cleanup keeps them); every line is trimmed. Each line is a
//! [`Segment`] whose `original` span points into the text the body was read from (the decoded
//! export file, or the table cell), so every character can be traced back.

use std::ops::Range;

use regex::Regex;
use std::sync::OnceLock;

use crate::clean::{sentences, Article, Segment};
use crate::span::Span;

/// Metadata stated by the source, as written (dates already ISO 8601).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub tags: Vec<String>,
}

/// Byte and code-point position in a text, advanced forwards only.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cursor {
    byte: usize,
    char: usize,
}

impl Cursor {
    /// The code-point offset of byte `at` (at or after the cursor; a char boundary).
    pub fn char_at(&mut self, text: &str, at: usize) -> usize {
        if at < self.byte {
            // Never happens for ordered input; recount from the start rather than be wrong.
            *self = Cursor::default();
        }
        let chars = text
            .get(self.byte..at)
            .map_or(0, |between| between.chars().count());
        self.char += chars;
        self.byte = at;
        self.char
    }
}

/// Splits `text` into line byte ranges (`\n`, `\r\n` or `\r` endings, not included).
pub(crate) fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(start..i);
                start = i + 1;
            }
            b'\r' => {
                out.push(start..i);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// Whitespace trimmed from lines (Unicode white space, the BOM, form feeds).
pub(crate) fn is_trim(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// `range` of `text` without surrounding whitespace.
pub(crate) fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (s.len() - s.trim_start_matches(is_trim).len());
    let end = range.start + s.trim_end_matches(is_trim).len();
    start..end.max(start)
}

/// Words of `s` joined by single spaces (`None` when empty).
pub(crate) fn squash(s: &str) -> Option<String> {
    let joined = s
        .split(is_trim)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Builds the article of `body`: byte ranges of `original`, one per line (blank ones separate
/// paragraphs), in order. `cursor` counts code points in `original` and must not be past the
/// first line.
pub(crate) fn build(
    original: &str,
    body: &[Range<usize>],
    meta: Meta,
    cursor: &mut Cursor,
) -> Article {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut segments = Vec::new();
    let mut paragraphs = Vec::new();
    let mut para: Option<(usize, usize)> = None;
    for range in body {
        let range = trimmed(original, range.clone());
        let line = original.get(range.clone()).unwrap_or_default();
        if line.is_empty() {
            if let Some((byte, char)) = para.take() {
                paragraphs.push(Span {
                    byte: byte..text.len(),
                    char: char..chars,
                });
            }
            continue;
        }
        match para {
            Some(_) => {
                text.push('\n');
                chars += 1;
            }
            None => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                    chars += 2;
                }
                para = Some((text.len(), chars));
            }
        }
        let start_char = cursor.char_at(original, range.start);
        let line_chars = line.chars().count();
        segments.push(Segment {
            text: Span {
                byte: text.len()..text.len() + line.len(),
                char: chars..chars + line_chars,
            },
            original: Span {
                byte: range.clone(),
                char: start_char..start_char + line_chars,
            },
        });
        text.push_str(line);
        chars += line_chars;
    }
    if let Some((byte, char)) = para {
        paragraphs.push(Span {
            byte: byte..text.len(),
            char: char..chars,
        });
    }
    let sentences = sentences::split(&text, &paragraphs);
    Article {
        title: meta.title,
        date: meta.date,
        source: meta.source,
        dateline: None,
        byline: meta.byline,
        tags: meta.tags,
        text,
        paragraphs,
        sentences,
        removed: Vec::new(),
        segments,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(name: &str) -> Option<i8> {
    let lower = name.to_lowercase();
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    full.iter()
        .position(|m| *m == lower)
        .or_else(|| {
            let short = lower.trim_end_matches('.');
            let short = if short == "sept" { "sep" } else { short };
            MONTHS.iter().position(|m| *m == short)
        })
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn iso(year: &str, month: i8, day: &str) -> Option<String> {
    let year: i16 = year.parse().ok()?;
    let day: i8 = day.parse().ok()?;
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    (1800..=2200)
        .contains(&year)
        .then(|| date.strftime("%Y-%m-%d").to_string())
}

/// The first date stated in `s` as ISO 8601 (`YYYY-MM-DD`): `2010-03-03`, `January 11, 2010`,
/// `Mar 3, 2010`, `3 March 2010`, `03 Mar 2010`, `Monday, 11 January 2010`. English month names;
/// `None` when there is no valid date.
pub(crate) fn date(s: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?x)
                \b(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?:T|\b)
              | \b(?P<mdm>[A-Za-z]{3,9})\.?\s+(?P<mdd>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<mdy>\d{4})\b
              | \b(?P<dmd>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<dmm>[A-Za-z]{3,9})\.?,?\s+(?P<dmy>\d{4})\b",
            )
            .ok()
        })
        .as_ref()?;
    for caps in re.captures_iter(s) {
        let found = if let (Some(y), Some(m), Some(d)) =
            (caps.name("iy"), caps.name("im"), caps.name("id"))
        {
            m.as_str()
                .parse::<i8>()
                .ok()
                .and_then(|m| iso(y.as_str(), m, d.as_str()))
        } else if let (Some(m), Some(d), Some(y)) =
            (caps.name("mdm"), caps.name("mdd"), caps.name("mdy"))
        {
            month(m.as_str()).and_then(|m| iso(y.as_str(), m, d.as_str()))
        } else if let (Some(d), Some(m), Some(y)) =
            (caps.name("dmd"), caps.name("dmm"), caps.name("dmy"))
        {
            month(m.as_str()).and_then(|m| iso(y.as_str(), m, d.as_str()))
        } else {
            None
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_exports_layouts() {
        for (s, want) in [
            ("January 11, 2010 Monday", Some("2010-01-11")),
            ("3 March 2010", Some("2010-03-03")),
            ("Publication date: Mar 3, 2010", Some("2010-03-03")),
            ("Sept. 9, 2021", Some("2021-09-09")),
            ("2019-03-04T10:00:00Z", Some("2019-03-04")),
            ("Monday, 11 January 2010", Some("2010-01-11")),
            ("February 30, 2010", None),
            ("Late Edition - Final", None),
            ("May 2010", None),
        ] {
            assert_eq!(date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn lines_keep_paragraphs_and_trace_back() {
        let original = "x\r\n  First line\u{a0}\n€ second line\n\n\nThird para\n";
        let body = lines(original);
        let mut cursor = Cursor::default();
        let article = build(original, &body[1..], Meta::default(), &mut cursor);
        assert_eq!(article.text, "First line\n€ second line\n\nThird para");
        assert_eq!(article.paragraphs.len(), 2);
        let chars: Vec<char> = original.chars().collect();
        for seg in &article.segments {
            assert_eq!(
                &article.text[seg.text.byte.clone()],
                &original[seg.original.byte.clone()]
            );
            let by_chars: String = chars[seg.original.char.clone()].iter().collect();
            assert_eq!(by_chars, &original[seg.original.byte.clone()]);
        }
    }
}
