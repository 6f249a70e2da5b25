//! Article metadata found in text form: dates, date lines, relative timestamps, datelines
//! (`PLACE (Agency - date) ...`), bylines, source attributions, tag lines, and near-duplicate
//! comparison for repeated headlines and repeated leads.
//!
//! All patterns use the `regex` crate (finite automata, linear time) and are applied to short
//! pieces of text only (a line of at most a few hundred characters, or a paragraph's head).

use std::hash::Hasher;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::classify::is_chrome;

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

pub(crate) fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, checked by the unit tests; an invalid one is a
    // programming error, and the fallback (a regex that never matches) keeps the engine alive.
    Regex::new(pattern).unwrap_or_else(|_| never())
}

fn never() -> Regex {
    #[allow(clippy::unwrap_used)]
    Regex::new(r"[^\s\S]").unwrap()
}

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH}\.?,?\s+(\d{{4}})(?-u:\b)"
    ))
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b){MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)"
    ))
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?:(?-u:\b)|T)"));
static YMD_SLASH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(\d{4})/(\d{1,2})/(\d{1,2})(?-u:\b)"));
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?-u:\b)"));

/// A calendar date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Byte range of the date's words in the searched text.
    pub byte: Range<usize>,
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let m = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn make_iso(y: &str, m: u32, d: &str) -> Option<String> {
    let y: u32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d == 0 || d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The first full calendar date (day, month and year) stated in `text`. Numeric dates are
/// taken only when unambiguous (`2020-11-28`, `28/11/2020`; never `03/04/2020`).
pub(crate) fn find_date(text: &str) -> Option<FoundDate> {
    let mut best: Option<FoundDate> = None;
    let mut offer = |iso: Option<String>, byte: Range<usize>| {
        if let Some(iso) = iso {
            if best.as_ref().is_none_or(|b| byte.start < b.byte.start) {
                best = Some(FoundDate { iso, byte });
            }
        }
    };
    if let Some(c) = DMY.captures(text) {
        let m = c.get(2).and_then(|m| month_number(m.as_str()));
        let iso = m.and_then(|m| make_iso(&c[3], m, &c[1]));
        offer(iso, c.get(0).map_or(0..0, |m| m.range()));
    }
    if let Some(c) = MDY.captures(text) {
        let m = c.get(1).and_then(|m| month_number(m.as_str()));
        let iso = m.and_then(|m| make_iso(&c[3], m, &c[2]));
        offer(iso, c.get(0).map_or(0..0, |m| m.range()));
    }
    if let Some(c) = ISO.captures(text) {
        let iso = c[2].parse().ok().and_then(|m| make_iso(&c[1], m, &c[3]));
        offer(iso, c.get(0).map_or(0..0, |m| m.start()..m.start() + 10));
    }
    if let Some(c) = YMD_SLASH.captures(text) {
        let iso = c[2].parse().ok().and_then(|m| make_iso(&c[1], m, &c[3]));
        offer(iso, c.get(0).map_or(0..0, |m| m.range()));
    }
    if let Some(c) = NUMERIC.captures(text) {
        let a: u32 = c[1].parse().unwrap_or(0);
        let b: u32 = c[2].parse().unwrap_or(0);
        let iso = if a > 12 && b <= 12 {
            make_iso(&c[3], b, &c[1])
        } else if (b > 12 && a <= 12) || a == b {
            make_iso(&c[3], a, &c[2])
        } else {
            None
        };
        offer(iso, c.get(0).map_or(0..0, |m| m.range()));
    }
    best
}

/// What a short line says about the article, if it is a metadata line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A line that is mostly a date (with time, weekday, labels, counters around it).
    Date {
        iso: String,
        /// `Published`, `Posted`, `Date:` ...: the line says the date is the publication date.
        published: bool,
        /// `Updated`, `Modified`: the date is not the publication date.
        updated: bool,
        /// `today` or similar: the page's own date.
        today: bool,
        /// A dateline on a line of its own (`WHISTLER, British Columbia 1996-12-06`): the
        /// place; its date is the story's.
        place: Option<String>,
    },
    /// "42 minutes ago", "Updated 3 hours ago": a timestamp without a date.
    RelativeTime,
    /// "By Jane Doe", "Written by ...".
    Byline(String),
    /// "Source: Reuters", "Via AFP".
    Source(String),
    /// "Tags: a, b", "More about: #x #y", a line of hashtags.
    Tags(Vec<String>),
}

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:published|posted|dated|date|released|issued|first\s+published)(?-u:\b)")
});
static UPDATED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:updated|modified|edited|last\s+updated)(?-u:\b)"));
static TODAY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)(?:today|now)(?-u:\b)"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:updated|posted|published|last\s+updated)\s*:?\s*)?(?:about\s+)?(?:\d+|an?|one|few)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?)\s+ago(?-u:\b)|^(?:just\s+now|yesterday)$",
    )
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\(?(?:by|written\s+by|words\s+by|story\s+by|reporting\s+by|posted\s+by|author\s*:|reporter\s*:|correspondent\s*:)\s+(.+)$",
    )
});
static STAFF_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\p{Lu}[\p{L}.&'’\- ]{1,60}\s(?i:staff(?:\s+writer)?|desk|news\s+desk|correspondent|reporter|bureau|staff\s+reporter)$",
    )
});

static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:source|sources|via|courtesy(?:\s+of)?|agency)\s*:?\s+(.{2,80})$")
});
static TAGS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:tags?|tagged|topics?|keywords?|more\s+about|more\s+on|related\s+topics|filed\s+under|categor(?:y|ies)|subjects?)\s*:\s*(.*)$",
    )
});

/// Words that go with a date on a date line without making it a sentence.
#[rustfmt::skip]
const DATE_NOISE: &[&str] = &[
    "published", "posted", "updated", "last", "first", "modified", "date", "dated", "on", "at",
    "am", "pm", "a", "m", "p", "gmt", "utc", "bst", "est", "edt", "cet", "cest", "ist", "msk",
    "pst", "pdt", "read", "reads", "views", "view", "by", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "h", "hrs", "today", "time", "st", "nd", "rd", "th",
];

#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "the", "a", "an", "this", "that", "then", "now",
];

/// The person's name at the head of a byline remainder: capitalized words (and connectors),
/// up to a separator or a non-name word.
fn byline_name(rest: &str) -> Option<String> {
    let rest = rest.trim_end_matches(')');
    let head = rest
        .split(['|', ',', '–', '—', '·', '•', '/', ';', '(', '\t'])
        .next()
        .unwrap_or_default()
        .split(" - ")
        .next()
        .unwrap_or_default()
        .trim();
    let mut name: Vec<&str> = Vec::new();
    for w in head.split_whitespace() {
        let first = w.chars().next().unwrap_or(' ');
        let connector = matches!(
            w,
            "and" | "&" | "de" | "da" | "van" | "von" | "der" | "al" | "bin" | "el" | "la" | "le"
        );
        let capitalized =
            first.is_uppercase() && w.chars().all(|c| c.is_alphabetic() || "'’.-".contains(c));
        if capitalized || (connector && !name.is_empty()) {
            name.push(w);
        } else {
            break;
        }
    }
    while name
        .last()
        .is_some_and(|w| matches!(*w, "and" | "&" | "de" | "van" | "von" | "al"))
    {
        name.pop();
    }
    let first = name.first()?.to_lowercase();
    if name.len() > 6 || NOT_NAMES.contains(&first.as_str()) || is_chrome(&first) {
        return None;
    }
    Some(name.join(" "))
}

fn split_tags(rest: &str) -> Vec<String> {
    let items: Vec<String> = if rest.contains('#') {
        rest.split('#')
            .map(|t| t.trim_matches(|c: char| c.is_whitespace() || ",;|·•".contains(c)))
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    } else {
        rest.split([',', '|', ';', '·', '•'])
            .flat_map(|t| t.split("  "))
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    items
        .into_iter()
        .filter(|t| t.chars().count() <= 60)
        .collect()
}

/// Classifies a short line as metadata; `None` for anything else (and for long lines).
pub(crate) fn line_kind(text: &str, words: usize, ends_sentence: bool) -> Option<LineKind> {
    if text.len() > 300 || words > 20 {
        return None;
    }
    if let Some(c) = TAGS_LINE.captures(text) {
        return Some(LineKind::Tags(split_tags(
            c.get(1).map_or("", |m| m.as_str()),
        )));
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| t.starts_with('#') || t.chars().all(|c| !c.is_alphanumeric()))
        && tokens.iter().any(|t| t.len() > 1 && t.starts_with('#'))
    {
        return Some(LineKind::Tags(split_tags(text)));
    }
    if words <= 8 && RELATIVE.is_match(text) {
        return Some(LineKind::RelativeTime);
    }
    if words <= 14 && !(ends_sentence && text.ends_with('.') && !text.ends_with(".)")) {
        if let Some((name, _)) = byline_parts(text) {
            return Some(LineKind::Byline(name));
        }
    }
    if words <= 8 && STAFF_LINE.is_match(text) {
        return Some(LineKind::Byline(text.to_owned()));
    }
    if let Some(c) = SOURCE_LINE.captures(text) {
        if words <= 8 {
            let src = c
                .get(1)
                .map_or("", |m| m.as_str())
                .trim()
                .trim_end_matches('.');
            if src.chars().next().is_some_and(char::is_uppercase) {
                return Some(LineKind::Source(src.to_owned()));
            }
        }
    }
    if words <= 16 {
        if let Some(date) = find_date(text) {
            let rest = format!(
                "{} {}",
                text.get(..date.byte.start).unwrap_or_default(),
                text.get(date.byte.end..).unwrap_or_default()
            );
            let residual = rest
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| {
                    !w.is_empty()
                        && !w.chars().all(|c| c.is_numeric())
                        && !DATE_NOISE.contains(&w.to_lowercase().as_str())
                })
                .count();
            if residual <= 3 || (!ends_sentence && residual <= 6) {
                let before = text.get(..date.byte.start).unwrap_or_default();
                let after = text.get(date.byte.end..).unwrap_or_default();
                return Some(LineKind::Date {
                    iso: date.iso,
                    published: PUBLISHED.is_match(before),
                    updated: UPDATED.is_match(before),
                    today: TODAY.is_match(text),
                    place: dateline_place(before, after),
                });
            }
        }
    }
    None
}

/// `PLACE[, Region]` in capitals before a date (and nothing after it but punctuation): a
/// dateline on its own line.
static PLACE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<place>\p{Lu}[\p{Lu}'’.\-]+(?: \p{Lu}[\p{Lu}'’.\-]*){0,3}(?:, \p{Lu}[\p{L}.\-]+(?: \p{Lu}[\p{L}.\-]+){0,2})?)[,\s\u{a0}]*$",
    )
});

fn dateline_place(before: &str, after: &str) -> Option<String> {
    if !after
        .trim_matches(|c: char| c.is_whitespace() || ".,:-–—)".contains(c))
        .is_empty()
    {
        return None;
    }
    let place = PLACE_LINE.captures(before.trim())?.name("place")?.as_str();
    let head = place.split(',').next().unwrap_or_default().to_lowercase();
    if NOT_PLACES.contains(&head.as_str()) || DATE_NOISE.contains(&head.as_str()) {
        return None;
    }
    Some(place.to_owned())
}

/// News agencies a byline may name after the author ("By JANE DOE Associated Press").
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "Associated Press", "The Associated Press", "AP", "Reuters", "Thomson Reuters", "AFP",
    "Agence France-Presse", "Agence France Presse", "Bloomberg", "Bloomberg News", "UPI",
    "United Press International", "Press Association", "PA", "PA Media", "dpa", "Xinhua",
    "Kyodo", "Kyodo News", "ANSA", "EFE", "Tass", "TASS", "Interfax", "Yonhap", "Anadolu",
    "Anadolu Agency", "CNN", "BBC", "BBC News", "Sputnik", "IANS", "PTI", "ANI",
];

/// A byline's author and agency: the name alone (`Jane Doe` of "By Jane Doe, Senior
/// Correspondent"; `JANE DOE` of "By JANE DOE Associated Press"), and the agency it names.
pub(crate) fn byline_parts(line: &str) -> Option<(String, Option<String>)> {
    let c = BYLINE.captures(line)?;
    let rest = c.get(1)?.as_str();
    let name = byline_name(rest)?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut agency: Option<String> = None;
    let mut keep = words.len();
    // A trailing agency, written after the name without a separator.
    for n in (1..=3).rev() {
        if words.len() > n {
            let tail = words[words.len() - n..].join(" ");
            if let Some(a) = AGENCIES.iter().find(|a| a.eq_ignore_ascii_case(&tail)) {
                agency = Some((*a).to_owned());
                keep = words.len() - n;
                break;
            }
        }
    }
    // A name in capitals followed by title-case words: the words are not the name.
    let caps = |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    if words
        .first()
        .is_some_and(|w| caps(w) && w.chars().count() > 1)
    {
        if let Some(p) = words[..keep]
            .iter()
            .position(|w| !caps(w) && !matches!(*w, "and" | "&"))
        {
            if agency.is_none() {
                agency = Some(words[p..keep].join(" "));
            }
            keep = p;
        }
    }
    // The agency after a separator ("By Jane Doe, Associated Press", "By Jane Doe | Reuters").
    if agency.is_none() {
        agency = rest
            .split([',', '|', '–', '—', '/', ';'])
            .skip(1)
            .map(str::trim)
            .find_map(|part| AGENCIES.iter().find(|a| a.eq_ignore_ascii_case(part)))
            .map(|a| (*a).to_owned());
    }
    let name = words[..keep.max(1)].join(" ");
    Some((name, agency))
}

/// Whether every word of `text` is a weekday, a month, a number or date noise ("Friday, 25
/// February", "Mon 3 Mar 10:32 GMT"): a date without a year is still not a headline.
pub(crate) fn only_date_words(text: &str) -> bool {
    let mut any = false;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        any = true;
        let lower = w.to_lowercase();
        let ok = w.chars().all(|c| c.is_numeric())
            || DATE_NOISE.contains(&lower.as_str())
            || month_number(&lower).is_some()
                && lower.len() >= 3
                && MONTH_NAMES.iter().any(|m| m.starts_with(&lower));
        if !ok {
            return false;
        }
    }
    any
}

const MONTH_NAMES: &[&str] = &[
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
    "sept",
];

/// A dateline at the head of a body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The place, as written (`YEREVAN`, `WASHINGTON`).
    pub place: String,
    /// The agency or publisher in parentheses, without the date.
    pub source: Option<String>,
    /// The date in the dateline, when it has day, month and year.
    pub date: Option<String>,
    /// Byte length of the dateline prefix (including the separator and following spaces).
    pub len: usize,
}

const DATELINE_PLACE: &str = r"^(?P<place>\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3})";
const DATELINE_REGION: &str = r"(?P<region>, \p{Lu}[\p{L}.]+(?: \p{Lu}[\p{L}.]+){0,2})?";
const DATELINE_TAIL: &str = r"(?:, (?P<when>\p{Lu}\p{Ll}{2,8}\.? \d{1,2}(?:, \d{4})?|\d{1,2} \p{Lu}\p{Ll}{2,8}\.?(?: \d{4})?))?[ \u{a0}]*(?:\((?P<paren>[^()\n]{2,80})\))?[ \u{a0}]*(?P<sep>--|[-–—:])?[ \u{a0}]*";

/// `PLACE[, Date] [(Agency)] [-]`; tried first, so that `LONDON, March 4 (Reuters) -` does
/// not take "March" for a region.
static DATELINE_SIMPLE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("{DATELINE_PLACE}{DATELINE_TAIL}")));
/// `PLACE, Region[, Date] [(Agency)] [-]`.
static DATELINE_REGION_RE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("{DATELINE_PLACE}{DATELINE_REGION}{DATELINE_TAIL}")));

#[rustfmt::skip]
const NOT_PLACES: &[&str] = &[
    "breaking", "update", "updated", "exclusive", "watch", "live", "opinion", "analysis",
    "editorial", "comment", "note", "editor", "warning", "photo", "video", "advertisement", "read",
    "more", "related", "source", "by", "q", "a", "faq", "tags", "summary", "correction",
];

/// Parses a dateline at the start of `para`: `YEREVAN (UrduPoint News / Sputnik - 28th November,
/// 2020) Paris ...`, `WASHINGTON: ...`, `LONDON (Reuters) - ...`, `PARIS, Nov 28 (AFP) – ...`.
pub(crate) fn dateline(para: &str) -> Option<Dateline> {
    let mut cut = para.len().min(240);
    while !para.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = para.get(..cut)?;
    [&*DATELINE_SIMPLE, &*DATELINE_REGION_RE]
        .into_iter()
        .find_map(|rx| dateline_with(rx, para, head))
}

fn dateline_with(rx: &Regex, para: &str, head: &str) -> Option<Dateline> {
    let c = rx.captures(head)?;
    let place = c.name("place")?.as_str().trim_end_matches(['-', '.']);
    let place_caps = place.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !place.chars().any(char::is_lowercase);
    let paren = c.name("paren").map(|m| m.as_str().trim());
    let sep = c.name("sep").is_some();
    let paren_date = paren.and_then(find_date);
    let lower = place.to_lowercase();
    if NOT_PLACES.contains(&lower.as_str()) || is_chrome(&lower) {
        return None;
    }
    let ok = if place_caps {
        sep || paren_date.is_some()
    } else {
        paren.is_some() && sep && paren.is_some_and(|p| p.split_whitespace().count() <= 6)
    };
    if !ok {
        return None;
    }
    let len = c.get(0)?.end();
    let rest = para.get(len..)?;
    let starts_ok = rest
        .chars()
        .next()
        .is_some_and(|ch| ch.is_uppercase() || ch.is_numeric() || "\"'“‘«".contains(ch));
    if !starts_ok {
        return None;
    }
    // A lone all-caps word with a colon may be a label ("UPDATE:", "NOTE:"); a place has at
    // least three letters.
    if place.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mut date = paren_date.as_ref().map(|d| d.iso.clone());
    if date.is_none() {
        if let Some(when) = c.name("when") {
            date = find_date(when.as_str()).map(|d| d.iso);
        }
    }
    let source = paren.and_then(|p| {
        let s = match &paren_date {
            Some(d) => {
                let (a, b) = (p.get(..d.byte.start)?, p.get(d.byte.end..)?);
                format!("{a} {b}")
            }
            None => p.to_owned(),
        };
        let s = s.trim_matches(|c: char| c.is_whitespace() || "-–—,/;:".contains(c));
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (s.chars().any(char::is_alphabetic) && find_date(&s).is_none()).then_some(s)
    });
    let mut place = place.to_owned();
    if let Some(region) = c.name("region") {
        place.push_str(region.as_str());
    }
    Some(Dateline {
        place,
        source,
        date,
        len,
    })
}

static COMMENTS_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)^(?:(?:\d+|no|one|two|three)\s+(?:comments?|thoughts?|responses?|replies|reactions?)(?:\s+(?:on|to)\s.*)?|(?:reader\s+)?comments?\s*(?:\(\d+\))?:?|discussion|join\s+the\s+(?:discussion|conversation)|leave\s+a\s+(?:reply|comment).*|post\s+a\s+comment|add\s+a\s+comment|(?:show|view|load|see|read)\s+(?:all\s+)?\d*\s*comments?|\S+(?:\s\S+){0,3}\s+says:)$"#,
    )
});

/// Whether a short line opens a comment section ("12 thoughts on ...", "Comments (4)",
/// "Leave a Reply", "John says:").
pub(crate) fn comments_header(text: &str, words: usize) -> bool {
    words <= 14 && text.len() <= 200 && COMMENTS_HEADER.is_match(text)
}

static REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r",\s+(?P<src>\p{Lu}[\w.&'’\-]*(?:\s+\p{Lu}[\w.&'’\-]*){0,3})(?:\s+news\s+agency|\s+agency)?\s+(?:reports|reported|informs|informed|writes|wrote)(?:\s+citing(?-u:\b)|\s*[.,;]|\s*$)",
    )
});

/// "..., AzVision.az reports citing ...": the publication a paragraph attributes itself to.
pub(crate) fn reports_source(para: &str) -> Option<String> {
    let mut cut = para.len().min(1200);
    while !para.is_char_boundary(cut) {
        cut -= 1;
    }
    let c = REPORTS.captures(para.get(..cut)?)?;
    Some(c.name("src")?.as_str().to_owned())
}

/// A word compared for repeats: a 64-bit hash of its lower-cased characters, not the word
/// itself (a text of many articles holds millions of words, one `String` each was 6 bytes of
/// memory per byte of text). Two different words share a hash with odds of about 2^-64.
pub(crate) type Word = u64;

/// Lower-cased alphanumeric words, at most `limit` of them.
pub(crate) fn norm_tokens(text: &str, limit: usize) -> Vec<Word> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(limit)
        .map(|w| {
            // SipHash with fixed keys: the same hash on every machine and in wasm.
            let mut hash = std::hash::DefaultHasher::new();
            for c in w.chars().flat_map(char::to_lowercase) {
                hash.write_u32(u32::from(c));
            }
            hash.finish()
        })
        .collect()
}

/// Whether two token lists are the same text up to case, punctuation and a few words.
pub(crate) fn near_same(a: &[Word], b: &[Word]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 3 || short.len() * 10 < long.len() * 7 {
        return false;
    }
    let set: std::collections::HashSet<&Word> = long.iter().collect();
    let shared = short.iter().filter(|w| set.contains(w)).count();
    shared * 10 >= long.len() * 8
}

/// Whether `a` (at least 6 tokens) reappears within the first tokens of `b` (a lead repeated
/// under a dateline, a teaser repeated as the first paragraph): at least 90% of its tokens
/// match position by position at some offset up to 24 tokens in.
pub(crate) fn repeated_in(a: &[Word], b: &[Word]) -> bool {
    if a.len() < 6 || b.len() < a.len() {
        return false;
    }
    let max_offset = (b.len() - a.len()).min(24);
    (0..=max_offset).any(|k| {
        let same = a
            .iter()
            .zip(b.iter().skip(k))
            .filter(|(x, y)| x == y)
            .count();
        same * 10 >= a.len() * 9
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = |t: &str| find_date(t).map(|d| d.iso);
        assert_eq!(d("15 July 2021"), Some("2021-07-15".into()));
        assert_eq!(d("Friday, July 19, 2024"), Some("2024-07-19".into()));
        assert_eq!(d("28th November, 2020"), Some("2020-11-28".into()));
        assert_eq!(d("Nov. 10, 2020"), Some("2020-11-10".into()));
        assert_eq!(d("2020-11-28T10:00"), Some("2020-11-28".into()));
        assert_eq!(d("28/11/2020"), Some("2020-11-28".into()));
        assert_eq!(d("03/04/2020"), None);
        assert_eq!(d("31 February 2020"), None);
        assert_eq!(d("in May"), None);
    }

    #[test]
    fn datelines() {
        let d = dateline("YEREVAN (UrduPoint News / Sputnik - 28th November, 2020) Paris supports")
            .unwrap();
        assert_eq!(d.place, "YEREVAN");
        assert_eq!(d.source.as_deref(), Some("UrduPoint News / Sputnik"));
        assert_eq!(d.date.as_deref(), Some("2020-11-28"));
        let d = dateline("WASHINGTON: US Defense Secretary said").unwrap();
        assert_eq!(
            (d.place.as_str(), d.source, d.len),
            ("WASHINGTON", None, 12)
        );
        let d = dateline("LONDON (Reuters) - Oil prices rose").unwrap();
        assert_eq!(d.source.as_deref(), Some("Reuters"));
        let d = dateline("LONDON, March 4 (Reuters) - Oil prices rose").unwrap();
        assert_eq!(
            (d.place.as_str(), d.source.as_deref(), d.date),
            ("LONDON", Some("Reuters"), None)
        );
        let d = dateline("SPRINGFIELD, Ill., March 4, 2025 (AP) — The governor said").unwrap();
        assert_eq!(
            (d.place.as_str(), d.source.as_deref(), d.date.as_deref()),
            ("SPRINGFIELD, Ill.", Some("AP"), Some("2025-03-04"))
        );
        assert!(dateline("NATO (North Atlantic Treaty Organization) officials met").is_none());
        assert!(dateline("BREAKING: Something happened").is_none());
        assert!(dateline("The minister said").is_none());
    }

    #[test]
    fn comment_headers() {
        for t in [
            "12 thoughts on \"Why turnout matters\"",
            "Comments (4)",
            "Leave a Reply Cancel reply",
            "John says:",
            "3 comments",
            "View all 25 comments",
        ] {
            assert!(comments_header(t, t.split_whitespace().count()), "{t}");
        }
        for t in [
            "Three comments were made by the minister on Monday.",
            "Comment is free",
        ] {
            assert!(!comments_header(t, t.split_whitespace().count()), "{t}");
        }
    }

    #[test]
    fn reports() {
        assert_eq!(
            reports_source("Le Drian and Blinken talked, AzVision.az reports citing French MFA.")
                .as_deref(),
            Some("AzVision.az")
        );
        assert_eq!(reports_source("The company reported a loss."), None);
    }
}
