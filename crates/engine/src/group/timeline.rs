//! DATE mentions on the calendar: each resolved to a range of days against the article's
//! publication date (`November 9` in an article of 28 November 2020 → 2020-11-09; `on
//! Tuesday` → the Tuesday on or before publication; `last year`, `1994`, `the end of
//! September`, `mid-2019`, `the 1990s`, `next week` ...). What cannot be placed is reported as
//! unresolved with the reason, never guessed: without a publication date, relative and partial
//! forms stay unresolved; `9/11/2020` (day or month first?) is ambiguous; `two years` is a
//! length, not a date.
//!
//! Calendar arithmetic is [`jiff`]'s (civil dates only: no clock, no time zone).

use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use jiff::Span as Length;
use regex::{Captures, Regex};
use serde::Serialize;

use super::Doc;
use crate::recognize::Label;
use crate::span::Span;

/// How finely a resolved date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A part of the named period (`early`, `mid`, `the end of` ...), already applied to the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The first third (`early`, `the beginning of`).
    Early,
    /// The middle third (`mid-`, `the middle of`).
    Mid,
    /// The last third (`late`, `the end of`).
    Late,
    FirstHalf,
    SecondHalf,
    /// From the period's start to publication (`earlier this year`).
    Earlier,
    /// From publication to the period's end (`later this month`).
    Later,
}

/// A date mention placed on the calendar: `start..=end` (both included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD`, the last day included.
    pub end: String,
    /// Days since 1970-01-01 of `start` and `end`, for an axis.
    pub start_day: i32,
    pub end_day: i32,
    pub precision: Precision,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// Placed with the publication date (a relative form, or a year left out).
    pub relative: bool,
}

/// Why a date mention was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unresolved {
    /// Relative or partial (`on Tuesday`, `November 9`) and the article has no publication date.
    NoPublicationDate,
    /// A length or a frequency (`two years`, `annual`), not a point in time.
    Duration,
    /// Too vague to place (`recent years`, `a few days ago`, `the past`).
    Vague,
    /// More than one reading (`9/11/2020`, `winter 2019`).
    Ambiguous,
    /// Not a calendar date (`February 30`).
    Invalid,
    /// Not a form the resolver knows.
    Unrecognized,
}

/// The outcome for one date mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Resolution {
    Resolved(Resolved),
    Unresolved { reason: Unresolved },
}

/// A DATE mention of the corpus and where it falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Index of the mention in the document's `mentions`.
    pub mention: usize,
    pub span: Span,
    /// The mention as written.
    pub text: String,
    /// The sentence (of `analysis.sents`) the mention starts in.
    pub sentence: Option<Span>,
    pub resolution: Resolution,
}

/// An article's publication date on the same axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleDate {
    pub doc: usize,
    /// `YYYY-MM-DD` when the article states a valid one.
    pub date: Option<String>,
    /// Days since 1970-01-01.
    pub day: Option<i32>,
}

/// Every DATE mention (refined label) of the corpus, resolved, and the articles' dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub dates: Vec<DateMention>,
    pub articles: Vec<ArticleDate>,
}

/// The timeline of `docs`.
pub fn timeline(docs: &[Doc<'_>]) -> Timeline {
    let mut out = Timeline::default();
    for (d, doc) in docs.iter().enumerate() {
        let article = &doc.document.article;
        let published = article.date.as_deref().and_then(parse_iso);
        out.articles.push(ArticleDate {
            doc: d,
            date: published.map(|p| p.to_string()),
            day: published.map(epoch_day),
        });
        let sents = &doc.document.analysis.sents;
        for (m, mention) in doc.document.mentions.iter().enumerate() {
            if mention.label != Some(Label::Date) {
                continue;
            }
            let text = article
                .text
                .get(mention.span.byte.clone())
                .unwrap_or_default();
            let i = sents.partition_point(|s| s.char.end <= mention.span.char.start);
            let sentence = sents
                .get(i)
                .filter(|s| s.char.start <= mention.span.char.start)
                .cloned();
            out.dates.push(DateMention {
                doc: d,
                mention: m,
                span: mention.span.clone(),
                text: text.to_owned(),
                sentence,
                resolution: resolve_from(text, published),
            });
        }
    }
    out
}

/// Resolves the date expression `text` against the publication date `published`
/// (`YYYY-MM-DD`; `None` or invalid: only absolute forms resolve).
pub fn resolve(text: &str, published: Option<&str>) -> Resolution {
    resolve_from(text, published.and_then(parse_iso))
}

/// `YYYY-MM-DD` as a date.
pub fn parse_iso(text: &str) -> Option<Date> {
    let c = PATTERNS.iso.captures(text.trim())?;
    date(num(&c, "y")?, num(&c, "m")?, num(&c, "d")?).ok()
}

fn resolve_from(text: &str, published: Option<Date>) -> Resolution {
    match interpret(&normalize(text), published) {
        Ok(found) => Resolution::Resolved(Resolved {
            start: found.start.to_string(),
            end: found.end.to_string(),
            start_day: epoch_day(found.start),
            end_day: epoch_day(found.end),
            precision: found.precision,
            part: found.part,
            relative: found.relative,
        }),
        Err(reason) => Resolution::Unresolved { reason },
    }
}

fn epoch_day(d: Date) -> i32 {
    (d - Date::constant(1970, 1, 1)).get_days()
}

/// A resolved range before formatting.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: Date,
    end: Date,
    precision: Precision,
    part: Option<Part>,
    relative: bool,
}

impl Found {
    fn new(start: Date, end: Date, precision: Precision) -> Self {
        Self {
            start,
            end,
            precision,
            part: None,
            relative: false,
        }
    }

    fn day(d: Date) -> Self {
        Self::new(d, d, Precision::Day)
    }

    fn relative(mut self) -> Self {
        self.relative = true;
        self
    }
}

type Outcome = Result<Found, Unresolved>;

/// Lowercase, typographic quotes and dashes plain, whitespace collapsed, a possessive and
/// trailing punctuation dropped, leading prepositions and `the` dropped.
fn normalize(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '–' | '—' | '‐' | '‑' | '−' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    loop {
        let before = s.len();
        s = s
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"'])
            .trim_start_matches(['(', '"'])
            .trim()
            .to_owned();
        if let Some(rest) = s.strip_suffix("'s") {
            s = rest.to_owned();
        }
        for filler in FILLERS {
            if let Some(rest) = s.strip_prefix(filler).and_then(|r| r.strip_prefix(' ')) {
                s = rest.to_owned();
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Words before a date that do not change which date it is.
const FILLERS: [&str; 20] = [
    "the",
    "on",
    "in",
    "at",
    "of",
    "during",
    "around",
    "about",
    "approximately",
    "circa",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "as of",
    "from",
    "between",
    "some",
];

const MON: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const WD: &str =
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?";
const PART: &str = r"(?:early|mid|late|end of|beginning of|start of|middle of|first half of|second half of|earlier|later)";
const ORD: &str = r"(?:st|nd|rd|th)?";

struct Patterns {
    iso: Regex,
    numeric: Regex,
    day_month: Regex,
    month_day: Regex,
    day_range_md: Regex,
    day_range_dm: Regex,
    month: Regex,
    month_range: Regex,
    year: Regex,
    year_range: Regex,
    decade: Regex,
    short_decade: Regex,
    century: Regex,
    season: Regex,
    quarter: Regex,
    quarter_short: Regex,
    holiday: Regex,
    weekday: Regex,
    relative_unit: Regex,
    ago: Regex,
    span_around: Regex,
    duration: Regex,
    vague: Regex,
}

fn re(pattern: &str) -> Regex {
    let pattern = pattern
        .replace("{MON}", MON)
        .replace("{WD}", WD)
        .replace("{PART}", PART)
        .replace("{ORD}", ORD);
    // The patterns are constants of this file; a unit test compiles every one.
    Regex::new(&format!("^(?:{pattern})$")).expect("timeline pattern compiles")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    iso: re(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    numeric: re(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})"),
    day_month: re(
        r"(?:(?P<wd>{WD}),? )?(?:the )?(?P<d>\d{1,2}){ORD}(?: of)? (?P<m>{MON}),?(?: (?P<y>\d{4}))?",
    ),
    month_day: re(
        r"(?:(?P<wd>{WD}),? )?(?P<m>{MON}) (?:the )?(?P<d>\d{1,2}){ORD}(?:,? (?P<y>\d{4}))?",
    ),
    day_range_md: re(
        r"(?P<m>{MON}) (?P<d1>\d{1,2}){ORD} ?(?:-|to|and|until|through) ?(?P<d2>\d{1,2}){ORD}(?:,? (?P<y>\d{4}))?",
    ),
    day_range_dm: re(
        r"(?P<d1>\d{1,2}){ORD} ?(?:-|to|and|until) ?(?P<d2>\d{1,2}){ORD}(?: of)? (?P<m>{MON}),?(?: (?P<y>\d{4}))?",
    ),
    month: re(r"(?:(?P<part>{PART})[ -]?)?(?P<m>{MON}),?(?: (?:of )?(?P<y>\d{4}))?"),
    month_range: re(
        r"(?P<m1>{MON}) ?(?:-|to|and|until|through) ?(?P<m2>{MON}),?(?: (?P<y>\d{4}))?",
    ),
    year: re(r"(?:(?P<part>{PART})[ -]?)?(?:the )?(?:year )?(?P<y>\d{4})"),
    year_range: re(r"(?P<y1>\d{4}) ?(?:-|/|to|and|until|through) ?(?P<y2>\d{4}|\d{2})"),
    decade: re(r"(?:(?P<part>early|mid|late)[ -]?)?(?:the )?(?P<y>\d{3}0)'?s"),
    short_decade: re(r"(?:(?P<part>early|mid|late)[ -]?)?(?:the )?'?(?P<y>\d0)'?s"),
    century: re(
        r"(?:(?P<part>early|mid|late)[ -]?)?(?:the )?(?P<c>\d{1,2}(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first) century",
    ),
    season: re(
        r"(?:(?P<part>{PART})[ -]?)?(?:(?P<rel>this|last|next|this past|this coming|past|coming) )?(?:the )?(?P<s>spring|summer|autumn|fall|winter)(?: (?:of )?(?P<y>\d{4})(?:[-/](?P<y2>\d{2}|\d{4}))?)?",
    ),
    quarter: re(
        r"(?:(?P<rel>this|last|next|previous|current) quarter)|(?:(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th) (?:fiscal )?quarter(?: (?:of )?(?:fiscal )?(?P<y>\d{4}))?)",
    ),
    quarter_short: re(r"(?:q(?P<q1>[1-4])(?: (?P<y1>\d{4}))?)|(?:(?P<y2>\d{4}) q(?P<q2>[1-4]))"),
    holiday: re(
        r"(?P<h>christmas eve|christmas day|christmas|boxing day|new year's eve|new year's day|new year|valentine's day|halloween)(?: (?P<y>\d{4}))?",
    ),
    weekday: re(r"(?:(?P<rel>this|last|next|this past|this coming|coming|past) )?(?P<wd>{WD})"),
    relative_unit: re(
        r"(?:(?P<part>{PART})[ -]?)?(?:the )?(?:(?P<rel>this|last|next|past|previous|coming|current|this past|this coming) )?(?P<unit>day|week|weekend|month|year|decade|century)|today|tonight|yesterday|tomorrow|(?P<bef>the day before yesterday|day before yesterday)|(?P<aft>the day after tomorrow|day after tomorrow)",
    ),
    ago: re(
        r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|a few|few|several|many|some|a couple of|couple of) (?P<unit>day|week|month|year|decade|centur(?:y|ie))s? ago",
    ),
    span_around: re(
        r"(?P<rel>past|last|previous|next|coming|recent|following|first) (?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|few|several|many|couple of) (?P<unit>day|week|month|year|decade|centur(?:y|ie))s",
    ),
    duration: re(
        r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|hundreds of|a few|few|several|many|some|a couple of|couple of|half a|a half|one and a half)?[ -]?(?:full |whole |calendar |fiscal |financial )?(?:day|week|month|year|decade|centur(?:y|ie)|hour|minute|weekend|season|term|quarter)s?(?:[ -](?:old|long|later|earlier|before|after|on|running|period|in a row))?|annual|annually|daily|weekly|monthly|yearly|quarterly|biannual|each year|every year|a year|per year|this time|all year",
    ),
    vague: re(
        r"(?:recent|past|coming|future|later|earlier|previous|following) (?:days|weeks|months|years|decades)|(?:the )?(?:past|present|future|recently|now|nowadays|currently|then|once|the time|that time|later|earlier|soon|lately|modern times|time|times|the day|the week|the month|the year|the season|the period|the same day|the same year|the following day|the next day|the previous day|the day before|the following year|the previous year|the year before|the next year|the following week|the previous week|the following month|the previous month|years ago|months ago|decades ago|days ago|weeks ago|so far this year|to date|year to date|year-to-date|record|all-time|end|the end|the beginning|the start|beginning)",
    ),
});

fn num(c: &Captures<'_>, name: &str) -> Option<i64> {
    c.name(name)?.as_str().parse().ok()
}

fn date(y: i64, m: i64, d: i64) -> Result<Date, Unresolved> {
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
        return Err(Unresolved::Invalid);
    };
    Date::new(y, m, d).map_err(|_| Unresolved::Invalid)
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as i64 + 1)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    Some(match name.get(..2)? {
        "mo" => Weekday::Monday,
        "tu" => Weekday::Tuesday,
        "we" => Weekday::Wednesday,
        "th" => Weekday::Thursday,
        "fr" => Weekday::Friday,
        "sa" => Weekday::Saturday,
        "su" => Weekday::Sunday,
        _ => return None,
    })
}

fn word_number(word: &str) -> Option<i64> {
    Some(match word {
        "a" | "an" | "one" => 1,
        "two" | "a couple of" | "couple of" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "a hundred" => 100,
        // Larger counts are no date a text means (and would overflow the arithmetic).
        w => return w.parse().ok().filter(|n| *n <= 100_000),
    })
}

fn part_of(text: Option<&str>) -> Option<Part> {
    Some(match text? {
        "early" | "beginning of" | "start of" => Part::Early,
        "mid" | "middle of" => Part::Mid,
        "late" | "end of" => Part::Late,
        "first half of" => Part::FirstHalf,
        "second half of" => Part::SecondHalf,
        "earlier" => Part::Earlier,
        "later" => Part::Later,
        _ => return None,
    })
}

fn add(d: Date, length: Result<Length, jiff::Error>) -> Result<Date, Unresolved> {
    let length = length.map_err(|_| Unresolved::Invalid)?;
    d.checked_add(length).map_err(|_| Unresolved::Invalid)
}

fn days(d: Date, n: i64) -> Result<Date, Unresolved> {
    add(d, Length::new().try_days(n))
}

fn month_range(y: i64, m: i64) -> Outcome {
    let first = date(y, m, 1)?;
    Ok(Found::new(first, first.last_of_month(), Precision::Month))
}

fn year_range(y: i64) -> Outcome {
    let first = date(y, 1, 1)?;
    Ok(Found::new(first, first.last_of_year(), Precision::Year))
}

/// Monday to Sunday of the week of `d`.
fn week_of(d: Date) -> Outcome {
    let monday = days(d, -i64::from(d.weekday().to_monday_zero_offset()))?;
    Ok(Found::new(monday, days(monday, 6)?, Precision::Week))
}

/// The period `found` narrowed to `part` (with the publication date for earlier/later).
fn narrow(found: Found, part: Option<Part>, published: Option<Date>) -> Outcome {
    let Some(part) = part else { return Ok(found) };
    let (s, e) = (found.start, found.end);
    let (start, end) = match part {
        Part::Earlier | Part::Later => {
            let p = published.ok_or(Unresolved::NoPublicationDate)?;
            if p < s || p > e {
                return Err(Unresolved::Invalid);
            }
            if part == Part::Earlier {
                (s, p)
            } else {
                (p, e)
            }
        }
        _ => {
            // Thirds and halves of the period's days; months in whole tens of days, years in
            // whole months, decades and centuries in whole years.
            let (lo, hi) = match part {
                Part::Early => (0, 1),
                Part::Mid => (1, 2),
                Part::Late => (2, 3),
                Part::FirstHalf => (0, 1),
                _ => (1, 2),
            };
            let halves = matches!(part, Part::FirstHalf | Part::SecondHalf);
            let n = if halves { 2 } else { 3 };
            match found.precision {
                Precision::Month if !halves => {
                    let first = i64::from(s.day());
                    let start = date(i64::from(s.year()), i64::from(s.month()), first + 10 * lo)?;
                    let end = if hi == 3 {
                        e
                    } else {
                        date(i64::from(s.year()), i64::from(s.month()), 10 * hi)?
                    };
                    (start, end)
                }
                Precision::Year => {
                    let months = 12 / n;
                    let start = date(i64::from(s.year()), 1 + months * lo, 1)?;
                    let end = date(i64::from(s.year()), months * hi, 1)?.last_of_month();
                    (start, end)
                }
                Precision::Decade | Precision::Century => {
                    let years = i64::from(e.year()) - i64::from(s.year()) + 1;
                    let first = i64::from(s.year());
                    let cut = |k: i64| first + (years * k + n / 2) / n;
                    let start = date(cut(lo), 1, 1)?;
                    let end = date(cut(hi) - 1, 12, 31)?;
                    (start, end)
                }
                _ => {
                    let total = i64::from((e - s).get_days()) + 1;
                    let start = days(s, total * lo / n)?;
                    let end = days(s, total * hi / n - 1)?;
                    (start, end.max(start))
                }
            }
        }
    };
    Ok(Found {
        start,
        end,
        part: Some(part),
        ..found
    })
}

/// The one of `make(year)` for the years around publication that is nearest to it (a date
/// written without its year means the nearest such date); without a publication date, none.
fn nearest(published: Option<Date>, make: impl Fn(i64) -> Outcome) -> Outcome {
    let p = published.ok_or(Unresolved::NoPublicationDate)?;
    let y = i64::from(p.year());
    let mut best: Option<(i32, Found)> = None;
    let mut error = Unresolved::Invalid;
    for year in [y - 1, y, y + 1] {
        match make(year) {
            Ok(found) => {
                let distance = if p < found.start {
                    (found.start - p).get_days()
                } else if p > found.end {
                    (p - found.end).get_days()
                } else {
                    0
                };
                if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                    best = Some((distance, found));
                }
            }
            Err(e) => error = e,
        }
    }
    best.map(|(_, f)| f.relative()).ok_or(error)
}

/// The date a normalized expression names.
fn interpret(s: &str, published: Option<Date>) -> Outcome {
    let p = &*PATTERNS;
    let need = || published.ok_or(Unresolved::NoPublicationDate);
    if s.is_empty() {
        return Err(Unresolved::Unrecognized);
    }
    if let Some(c) = p.iso.captures(s) {
        return Ok(Found::day(date(
            num(&c, "y").unwrap_or(0),
            num(&c, "m").unwrap_or(0),
            num(&c, "d").unwrap_or(0),
        )?));
    }
    if let Some(c) = p.numeric.captures(s) {
        let (a, b, y) = (
            num(&c, "a").unwrap_or(0),
            num(&c, "b").unwrap_or(0),
            num(&c, "y").unwrap_or(0),
        );
        return match (a > 12, b > 12) {
            (true, false) => Ok(Found::day(date(y, b, a)?)),
            (false, true) => Ok(Found::day(date(y, a, b)?)),
            (false, false) if a == b => Ok(Found::day(date(y, a, b)?)),
            (false, false) => Err(Unresolved::Ambiguous),
            (true, true) => Err(Unresolved::Invalid),
        };
    }
    for re in [&p.day_month, &p.month_day] {
        if let Some(c) = re.captures(s) {
            let m = c.name("m").and_then(|m| month_number(m.as_str()));
            let (Some(m), Some(d)) = (m, num(&c, "d")) else {
                return Err(Unresolved::Unrecognized);
            };
            return match num(&c, "y") {
                Some(y) => Ok(Found::day(date(y, m, d)?)),
                None => nearest(published, |y| Ok(Found::day(date(y, m, d)?))),
            };
        }
    }
    for re in [&p.day_range_md, &p.day_range_dm] {
        if let Some(c) = re.captures(s) {
            let m = c.name("m").and_then(|m| month_number(m.as_str()));
            let (Some(m), Some(d1), Some(d2)) = (m, num(&c, "d1"), num(&c, "d2")) else {
                return Err(Unresolved::Unrecognized);
            };
            if d2 < d1 {
                return Err(Unresolved::Invalid);
            }
            let make = |y| Ok(Found::new(date(y, m, d1)?, date(y, m, d2)?, Precision::Day));
            return match num(&c, "y") {
                Some(y) => make(y),
                None => nearest(published, make),
            };
        }
    }
    if let Some(c) = p.month.captures(s) {
        let Some(m) = c.name("m").and_then(|m| month_number(m.as_str())) else {
            return Err(Unresolved::Unrecognized);
        };
        let part = part_of(c.name("part").map(|m| m.as_str()));
        return match num(&c, "y") {
            Some(y) => narrow(month_range(y, m)?, part, published),
            None => {
                let found = nearest(published, |y| month_range(y, m))?;
                narrow(found, part, published)
            }
        };
    }
    if let Some(c) = p.month_range.captures(s) {
        let m1 = c.name("m1").and_then(|m| month_number(m.as_str()));
        let m2 = c.name("m2").and_then(|m| month_number(m.as_str()));
        let (Some(m1), Some(m2)) = (m1, m2) else {
            return Err(Unresolved::Unrecognized);
        };
        let make = |y: i64| {
            let end_year = if m2 < m1 { y + 1 } else { y };
            Ok(Found::new(
                month_range(y, m1)?.start,
                month_range(end_year, m2)?.end,
                Precision::Month,
            ))
        };
        return match num(&c, "y") {
            Some(y) if m2 >= m1 => make(y),
            Some(_) => Err(Unresolved::Ambiguous),
            None => nearest(published, make),
        };
    }
    if let Some(c) = p.year.captures(s) {
        let y = num(&c, "y").unwrap_or(0);
        let part = part_of(c.name("part").map(|m| m.as_str()));
        return narrow(year_range(y)?, part, published);
    }
    if let Some(c) = p.year_range.captures(s) {
        let y1 = num(&c, "y1").unwrap_or(0);
        let raw2 = c.name("y2").map_or("", |m| m.as_str());
        let mut y2 = raw2.parse::<i64>().unwrap_or(0);
        if raw2.len() == 2 {
            // `2004-05`, `1999-00`; `2020-11` could be a month: say so.
            y2 += y1 / 100 * 100;
            if y2 < y1 && y2 % 100 == 0 && y1 % 100 == 99 {
                y2 += 100;
            } else if y2 < y1 {
                return Err(Unresolved::Ambiguous);
            }
        }
        if y2 < y1 {
            return Err(Unresolved::Invalid);
        }
        return Ok(Found::new(
            year_range(y1)?.start,
            year_range(y2)?.end,
            Precision::Year,
        ));
    }
    if let Some(c) = p.decade.captures(s) {
        let y = num(&c, "y").unwrap_or(0);
        let found = Found::new(date(y, 1, 1)?, date(y + 9, 12, 31)?, Precision::Decade);
        return narrow(
            found,
            part_of(c.name("part").map(|m| m.as_str())),
            published,
        );
    }
    if let Some(c) = p.short_decade.captures(s) {
        let pub_date = need()?;
        let dd = num(&c, "y").unwrap_or(0);
        // The latest such decade that has begun by publication.
        let py = i64::from(pub_date.year());
        let mut y = py / 100 * 100 + dd;
        if y > py {
            y -= 100;
        }
        let found = Found::new(date(y, 1, 1)?, date(y + 9, 12, 31)?, Precision::Decade);
        return narrow(
            found,
            part_of(c.name("part").map(|m| m.as_str())),
            published,
        )
        .map(Found::relative);
    }
    if let Some(c) = p.century.captures(s) {
        let raw = c.name("c").map_or("", |m| m.as_str());
        let n = match raw {
            "nineteenth" => 19,
            "twentieth" => 20,
            "twenty-first" => 21,
            _ => raw
                .trim_end_matches(char::is_alphabetic)
                .parse()
                .unwrap_or(0),
        };
        if n < 1 {
            return Err(Unresolved::Invalid);
        }
        // The common reading: the 20th century is 1900–1999.
        let first = (n - 1) * 100;
        let found = Found::new(
            date(first, 1, 1)?,
            date(first + 99, 12, 31)?,
            Precision::Century,
        );
        return narrow(
            found,
            part_of(c.name("part").map(|m| m.as_str())),
            published,
        );
    }
    if let Some(c) = p.season.captures(s) {
        return season(&c, published);
    }
    if let Some(c) = p.quarter.captures(s) {
        return quarter(&c, published);
    }
    if let Some(c) = p.quarter_short.captures(s) {
        let q = num(&c, "q1").or_else(|| num(&c, "q2")).unwrap_or(0);
        return match num(&c, "y1").or_else(|| num(&c, "y2")) {
            Some(y) => quarter_range(y, q),
            None => latest_quarter(need()?, q),
        };
    }
    if let Some(c) = p.holiday.captures(s) {
        let (m, d) = match c.name("h").map_or("", |m| m.as_str()) {
            "christmas eve" => (12, 24),
            "christmas day" | "christmas" => (12, 25),
            "boxing day" => (12, 26),
            "new year's eve" => (12, 31),
            "valentine's day" => (2, 14),
            "halloween" => (10, 31),
            _ => (1, 1),
        };
        return match num(&c, "y") {
            Some(y) => Ok(Found::day(date(y, m, d)?)),
            None => nearest(published, |y| Ok(Found::day(date(y, m, d)?))),
        };
    }
    if let Some(c) = p.weekday.captures(s) {
        let Some(wd) = c.name("wd").and_then(|m| weekday_of(m.as_str())) else {
            return Err(Unresolved::Unrecognized);
        };
        let pub_date = need()?;
        let back = i64::from(pub_date.weekday().since(wd));
        let forward = i64::from(wd.since(pub_date.weekday()));
        let day = match c.name("rel").map(|m| m.as_str()) {
            // Past tense dominates news: the latest such day on or before publication.
            None => days(pub_date, -back)?,
            Some("last" | "this past" | "past") => {
                days(pub_date, -(if back == 0 { 7 } else { back }))?
            }
            Some("next" | "this coming" | "coming") => {
                days(pub_date, if forward == 0 { 7 } else { forward })?
            }
            // `this Tuesday`: the Tuesday of publication's week.
            _ => days(
                week_of(pub_date)?.start,
                i64::from(wd.to_monday_zero_offset()),
            )?,
        };
        return Ok(Found::day(day).relative());
    }
    if let Some(c) = p.relative_unit.captures(s) {
        return relative_unit(s, &c, published);
    }
    if let Some(c) = p.ago.captures(s) {
        let pub_date = need()?;
        let Some(n) = c.name("n").and_then(|m| word_number(m.as_str())) else {
            return Err(Unresolved::Vague);
        };
        let unit = c.name("unit").map_or("", |m| m.as_str());
        let found = match unit {
            "day" => Found::day(days(pub_date, -n)?),
            "week" => week_of(days(pub_date, -7 * n)?)?,
            "month" => {
                let d = add(pub_date, Length::new().try_months(-n))?;
                month_range(i64::from(d.year()), i64::from(d.month()))?
            }
            "year" => year_range(i64::from(pub_date.year()) - n)?,
            "decade" => {
                let y = i64::from(pub_date.year()) - 10 * n;
                Found::new(
                    date(y / 10 * 10, 1, 1)?,
                    date(y / 10 * 10 + 9, 12, 31)?,
                    Precision::Decade,
                )
            }
            _ => {
                let y = i64::from(pub_date.year()) - 100 * n;
                let first = y / 100 * 100;
                Found::new(
                    date(first, 1, 1)?,
                    date(first + 99, 12, 31)?,
                    Precision::Century,
                )
            }
        };
        return Ok(found.relative());
    }
    if let Some(c) = p.span_around.captures(s) {
        let rel = c.name("rel").map_or("", |m| m.as_str());
        if matches!(rel, "recent" | "following" | "first") {
            return Err(Unresolved::Vague);
        }
        let pub_date = need()?;
        let Some(n) = c.name("n").and_then(|m| word_number(m.as_str())) else {
            return Err(Unresolved::Vague);
        };
        let unit = c.name("unit").map_or("", |m| m.as_str());
        let (length, precision) = match unit {
            "day" => (Length::new().try_days(n), Precision::Day),
            "week" => (Length::new().try_weeks(n), Precision::Week),
            "month" => (Length::new().try_months(n), Precision::Month),
            "year" => (Length::new().try_years(n), Precision::Year),
            "decade" => (Length::new().try_years(10 * n), Precision::Decade),
            _ => (Length::new().try_years(100 * n), Precision::Century),
        };
        let length = length.map_err(|_| Unresolved::Invalid)?;
        let found = if matches!(rel, "next" | "coming") {
            Found::new(pub_date, add(pub_date, Ok(length))?, precision)
        } else {
            Found::new(add(pub_date, Ok(length.negate()))?, pub_date, precision)
        };
        return Ok(found.relative());
    }
    if p.vague.is_match(s) {
        return Err(Unresolved::Vague);
    }
    if p.duration.is_match(s) {
        return Err(Unresolved::Duration);
    }
    Err(Unresolved::Unrecognized)
}

fn season(c: &Captures<'_>, published: Option<Date>) -> Outcome {
    let name = c.name("s").map_or("", |m| m.as_str());
    // Northern-hemisphere meteorological seasons: (first month, last month).
    let (m1, m2) = match name {
        "spring" => (3, 5),
        "summer" => (6, 8),
        "autumn" | "fall" => (9, 11),
        _ => (12, 2),
    };
    let make = |y: i64| {
        let end_year = if m2 < m1 { y + 1 } else { y };
        Ok(Found::new(
            date(y, m1, 1)?,
            date(end_year, m2, 1)?.last_of_month(),
            Precision::Season,
        ))
    };
    let part = part_of(c.name("part").map(|m| m.as_str()));
    let found = match (num(c, "y"), c.name("y2"), c.name("rel")) {
        (Some(y), Some(y2), _) => {
            // `winter of 2019-20`: the season that starts in the first year.
            let y2 = y2.as_str().parse::<i64>().unwrap_or(0) % 100;
            if m2 < m1 && (y + 1) % 100 == y2 {
                make(y)?
            } else {
                return Err(Unresolved::Ambiguous);
            }
        }
        // `winter 2019`: December 2018 to February 2019, or the winter after? Say so.
        (Some(_), None, _) if m2 < m1 => return Err(Unresolved::Ambiguous),
        (Some(y), None, _) => make(y)?,
        (None, _, rel) => {
            let pub_date = published.ok_or(Unresolved::NoPublicationDate)?;
            let py = i64::from(pub_date.year());
            // Seasons that have started by publication, latest first.
            let current = [py, py - 1]
                .into_iter()
                .filter_map(|y| make(y).ok())
                .find(|f| f.start <= pub_date)
                .ok_or(Unresolved::Invalid)?;
            let shift = |f: Found, years: i64| make(i64::from(f.start.year()) + years);
            match rel.map(|m| m.as_str()) {
                None => nearest(published, make)?,
                Some("this") => current,
                Some("last" | "this past" | "past") => {
                    if current.end < pub_date {
                        current
                    } else {
                        shift(current, -1)?
                    }
                }
                _ => {
                    if current.end < pub_date {
                        shift(current, 1)?
                    } else {
                        return Err(Unresolved::Ambiguous);
                    }
                }
            }
            .relative()
        }
    };
    narrow(found, part, published)
}

fn quarter_range(y: i64, q: i64) -> Outcome {
    if !(1..=4).contains(&q) {
        return Err(Unresolved::Invalid);
    }
    let start = date(y, 3 * q - 2, 1)?;
    let end = date(y, 3 * q, 1)?.last_of_month();
    Ok(Found::new(start, end, Precision::Quarter))
}

/// The latest quarter `q` that has begun by publication.
fn latest_quarter(published: Date, q: i64) -> Outcome {
    let y = i64::from(published.year());
    let this = quarter_range(y, q)?;
    let found = if this.start <= published {
        this
    } else {
        quarter_range(y - 1, q)?
    };
    Ok(found.relative())
}

fn quarter(c: &Captures<'_>, published: Option<Date>) -> Outcome {
    if let Some(rel) = c.name("rel") {
        let p = published.ok_or(Unresolved::NoPublicationDate)?;
        let current = (i64::from(p.month()) - 1) / 3 + 1;
        let y = i64::from(p.year());
        let index = y * 4 + current - 1
            + match rel.as_str() {
                "last" | "previous" => -1,
                "next" => 1,
                _ => 0,
            };
        return quarter_range(index.div_euclid(4), index.rem_euclid(4) + 1).map(Found::relative);
    }
    let q = match c.name("q").map_or("", |m| m.as_str()) {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        _ => 4,
    };
    match num(c, "y") {
        Some(y) => quarter_range(y, q),
        None => latest_quarter(published.ok_or(Unresolved::NoPublicationDate)?, q),
    }
}

fn relative_unit(s: &str, c: &Captures<'_>, published: Option<Date>) -> Outcome {
    let p = published.ok_or(Unresolved::NoPublicationDate)?;
    let fixed = match s {
        "today" | "tonight" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ if c.name("bef").is_some() => Some(-2),
        _ if c.name("aft").is_some() => Some(2),
        _ => None,
    };
    if let Some(offset) = fixed {
        return Ok(Found::day(days(p, offset)?).relative());
    }
    let unit = c.name("unit").map_or("", |m| m.as_str());
    let part = part_of(c.name("part").map(|m| m.as_str()));
    let rel = c.name("rel").map(|m| m.as_str());
    // `the year`, `the week` alone (no this/last/next, no part) could be any year or week.
    if rel.is_none() && part.is_none() && unit != "weekend" {
        return Err(Unresolved::Vague);
    }
    let step = match rel {
        Some("last" | "previous" | "past" | "this past") => -1,
        Some("next" | "coming" | "this coming") => 1,
        _ => 0,
    };
    let y = i64::from(p.year());
    if rel == Some("past") && part.is_none() {
        // `the past year`: the twelve months up to publication.
        let (length, precision) = match unit {
            "week" => (Length::new().try_weeks(1), Precision::Week),
            "month" => (Length::new().try_months(1), Precision::Month),
            "year" => (Length::new().try_years(1), Precision::Year),
            "decade" => (Length::new().try_years(10), Precision::Decade),
            "century" => (Length::new().try_years(100), Precision::Century),
            _ => return Err(Unresolved::Vague),
        };
        let length = length.map_err(|_| Unresolved::Invalid)?;
        return Ok(Found::new(add(p, Ok(length.negate()))?, p, precision).relative());
    }
    let found = match unit {
        "day" => return Err(Unresolved::Vague),
        "week" => week_of(days(p, 7 * step)?)?,
        "weekend" => {
            // The weekend just past from Monday to Thursday, the coming one from Friday on;
            // `last`/`next` move one week.
            let offset = i64::from(p.weekday().to_monday_zero_offset());
            let base = if offset <= 3 { -2 - offset } else { 5 - offset };
            let saturday = days(p, base + 7 * step)?;
            Found::new(saturday, days(saturday, 1)?, Precision::Week)
        }
        "month" => {
            let d = add(p, Length::new().try_months(step))?;
            month_range(i64::from(d.year()), i64::from(d.month()))?
        }
        "year" => year_range(y + step)?,
        "decade" => {
            let first = y / 10 * 10 + 10 * step;
            Found::new(
                date(first, 1, 1)?,
                date(first + 9, 12, 31)?,
                Precision::Decade,
            )
        }
        _ => {
            let first = y / 100 * 100 + 100 * step;
            Found::new(
                date(first, 1, 1)?,
                date(first + 99, 12, 31)?,
                Precision::Century,
            )
        }
    };
    narrow(found.relative(), part, published)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        let _ = &*PATTERNS;
    }

    fn range(text: &str, published: Option<&str>) -> Option<(String, String)> {
        match resolve(text, published) {
            Resolution::Resolved(r) => Some((r.start, r.end)),
            Resolution::Unresolved { .. } => None,
        }
    }

    #[test]
    fn normalize_drops_fillers_and_punctuation() {
        assert_eq!(normalize("  the end of\nSeptember."), "end of september");
        assert_eq!(normalize("2004’s"), "2004");
        assert_eq!(normalize("on Tuesday"), "tuesday");
    }

    #[test]
    fn epoch_days_count_from_1970() {
        assert_eq!(epoch_day(Date::constant(1970, 1, 1)), 0);
        assert_eq!(epoch_day(Date::constant(1969, 12, 31)), -1);
        assert_eq!(epoch_day(Date::constant(2000, 3, 1)), 11017);
    }

    #[test]
    fn parts_cut_periods_in_thirds() {
        assert_eq!(
            range("late 2019", None),
            Some(("2019-09-01".into(), "2019-12-31".into()))
        );
        assert_eq!(
            range("the mid-1990s", None),
            Some(("1993-01-01".into(), "1996-12-31".into()))
        );
        assert_eq!(
            range("the first half of 2020", None),
            Some(("2020-01-01".into(), "2020-06-30".into()))
        );
    }
}
