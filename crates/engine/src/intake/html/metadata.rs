//! A page's metadata: headline, publication date, author, site, URL and tags, from JSON-LD
//! (`NewsArticle`, `Article`, `BlogPosting`..., top level, in arrays or in an `@graph`), Open
//! Graph and other `<meta>` tags, `<link rel=canonical>`, `<time datetime>`, `<h1>` and `<title>`.
//!
//! **Which date.** The publication date is, in order: the JSON-LD article's `datePublished`,
//! `article:published_time` (Open Graph), other publication `<meta>` tags (`date`, `pubdate`,
//! `dc.date`, `parsely-pub-date`, ...), then the first `<time datetime>` marked as the
//! publication (`itemprop=datePublished`, `pubdate`, a class naming it), then the first
//! `<time datetime>` of the page. When the JSON-LD date and the visible `<time>` disagree, the
//! JSON-LD date is kept on purpose: it is labelled `datePublished` by the publisher's system,
//! while the date shown near the headline is often the last update ("Updated 5 June"), and the
//! first `<time>` of a page may belong to a teaser. The visible date is kept as
//! [`Meta::visible_date`] so a disagreement can be reported.

use scraper::{ElementRef, Html};
use serde_json::Value;

/// What the page says about its article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD` (see the module docs for the order of sources).
    pub date: Option<String>,
    /// The date of the page's `<time datetime>` (publication-marked first), `YYYY-MM-DD`.
    pub visible_date: Option<String>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The JSON-LD article's `articleBody`, as written (line breaks kept).
    pub body_text: Option<String>,
}

/// Everything read in one walk over the document.
#[derive(Default)]
struct Raw {
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    json_ld: Vec<String>,
    h1: Option<String>,
    title: Option<String>,
    time_marked: Option<String>,
    time_first: Option<String>,
    author_el: Option<String>,
}

/// The JSON-LD fields used.
#[derive(Default)]
struct Ld {
    headline: Option<String>,
    date: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    keywords: Vec<String>,
    website: Option<String>,
    body: Option<String>,
}

/// Reads the metadata of a parsed page.
pub fn read(doc: &Html) -> Meta {
    let raw = walk(doc);
    let mut ld = Ld::default();
    for script in &raw.json_ld {
        if let Some(value) = parse_json_ld(script) {
            read_ld(&value, &mut ld, 0);
        }
    }
    let meta = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            raw.metas
                .iter()
                .find(|(k, v)| k == n && !v.trim().is_empty())
                .map(|(_, v)| squash(v))
        })
    };

    let site = meta(&[
        "og:site_name",
        "application-name",
        "twitter:app:name:iphone",
    ])
    .or_else(|| ld.publisher.clone())
    .or_else(|| ld.website.clone())
    .filter(|s| !s.is_empty() && s.chars().count() <= 100);

    let visible_date = raw
        .time_marked
        .as_deref()
        .or(raw.time_first.as_deref())
        .and_then(iso_date);
    let date = ld
        .date
        .as_deref()
        .and_then(iso_date)
        .or_else(|| {
            [
                "article:published_time",
                "og:article:published_time",
                "article.published",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "dcterms.created",
                "dc.date.created",
                "sailthru.date",
                "parsely-pub-date",
                "citation_publication_date",
                "citation_date",
                "originalpublicationdate",
                "displaydate",
                "og:updated_time",
                "article:modified_time",
            ]
            .iter()
            .find_map(|n| meta(&[*n]).as_deref().and_then(iso_date))
        })
        .or_else(|| visible_date.clone());

    let author = (!ld.authors.is_empty())
        .then(|| ld.authors.join(", "))
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "byl",
                "parsely-author",
                "dc.creator",
                "sailthru.author",
            ])
        })
        .map(|a| strip_by(&a))
        .filter(|a| !a.is_empty() && !looks_like_url(a) && a.chars().count() <= 200)
        .or_else(|| {
            raw.author_el
                .as_deref()
                .map(strip_by)
                .filter(|a| !a.is_empty() && a.chars().count() <= 100)
        });

    let title = pick_title(&raw, &ld, &meta, site.as_deref());
    let url = raw
        .canonical
        .clone()
        .or_else(|| meta(&["og:url", "twitter:url"]))
        .or_else(|| ld.url.clone())
        .filter(|u| looks_like_url(u));

    let mut listed: Vec<String> = raw
        .metas
        .iter()
        .filter(|(k, _)| k == "article:tag")
        .map(|(_, v)| v.clone())
        .chain(ld.keywords.iter().cloned())
        .collect();
    if listed.is_empty() {
        if let Some(kw) = meta(&["news_keywords", "keywords"]) {
            listed = kw.split(',').take(30).map(str::to_owned).collect();
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for t in listed {
        let t = squash(&t);
        if !t.is_empty()
            && t.chars().count() <= 60
            && !tags.iter().any(|x| x.eq_ignore_ascii_case(&t))
        {
            tags.push(t);
        }
    }

    Meta {
        title,
        date,
        visible_date,
        author,
        site,
        url,
        tags,
        body_text: ld.body,
    }
}

/// The headline: the visible `<h1>` when the metadata agrees with it, else the JSON-LD
/// headline, `og:title`, the `<h1>`, the `<title>` (a trailing `| Site` cut).
fn pick_title(
    raw: &Raw,
    ld: &Ld,
    meta: &impl Fn(&[&str]) -> Option<String>,
    site: Option<&str>,
) -> Option<String> {
    let declared: Vec<String> = [
        ld.headline.clone(),
        meta(&["og:title"]),
        meta(&["twitter:title"]),
        raw.title.clone(),
    ]
    .into_iter()
    .flatten()
    .filter(|t| !t.is_empty())
    .collect();
    if let Some(h1) = raw
        .h1
        .as_deref()
        .filter(|h| h.split_whitespace().count() >= 2)
    {
        let h1_words = words(h1);
        if declared
            .iter()
            .any(|d| overlap(&h1_words, &words(d)) >= 0.6)
        {
            return Some(h1.to_owned());
        }
    }
    ld.headline
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| meta(&["og:title", "twitter:title"]).map(|t| cut_site(&t, site)))
        .or_else(|| raw.h1.clone())
        .or_else(|| raw.title.as_deref().map(|t| cut_site(t, site)))
        .filter(|t| !t.is_empty())
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Share of `a`'s words found in `b`.
fn overlap(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() {
        return 0.0;
    }
    let found = a.iter().filter(|w| b.contains(w)).count();
    found as f32 / a.len() as f32
}

/// `Headline | Site` → `Headline` (also ` - `, ` – `, ` — `, ` :: `), when the cut part is the
/// site's name or short.
fn cut_site(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let is_site = site.is_some_and(|s| tail.trim().eq_ignore_ascii_case(s.trim()));
            if (is_site || tail.split_whitespace().count() <= 4)
                && head.split_whitespace().count() >= 2
            {
                return head.trim().to_owned();
            }
        }
    }
    title.trim().to_owned()
}

fn walk(doc: &Html) -> Raw {
    let mut raw = Raw::default();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        match e.name() {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    if raw.metas.len() < 2000 {
                        raw.metas
                            .push((k.trim().to_ascii_lowercase(), v.to_owned()));
                    }
                }
            }
            "link" => {
                let canonical = e.attr("rel").is_some_and(|r| {
                    r.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("canonical"))
                });
                if canonical && raw.canonical.is_none() {
                    raw.canonical = e.attr("href").map(|h| h.trim().to_owned());
                }
            }
            "script" => {
                let is_ld = e
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld && raw.json_ld.len() < 50 {
                    raw.json_ld.push(el.text().collect());
                }
            }
            "title" if raw.title.is_none() => {
                raw.title = Some(squash(&el.text().collect::<String>())).filter(|t| !t.is_empty());
            }
            "h1" if raw.h1.is_none() => {
                raw.h1 = Some(squash(&el.text().collect::<String>())).filter(|t| !t.is_empty());
            }
            "time" => {
                let dt = e.attr("datetime").map(str::to_owned);
                let marked = e
                    .attr("itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                    || e.attr("pubdate").is_some()
                    || names(el).contains("publish");
                if dt.is_some() {
                    if marked && raw.time_marked.is_none() {
                        raw.time_marked = dt.clone();
                    }
                    if raw.time_first.is_none() {
                        raw.time_first = dt;
                    }
                }
            }
            _ => {}
        }
        if raw.author_el.is_none() && e.name() != "meta" && e.name() != "link" {
            let is_author = e
                .attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("author"))
                || e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("author"))
                || names(el).contains("byline");
            if is_author {
                let text = squash(&el.text().collect::<String>());
                if !text.is_empty() {
                    raw.author_el = Some(text);
                }
            }
        }
    }
    raw
}

/// The element's lowercased `id` and `class`.
fn names(el: ElementRef<'_>) -> String {
    let e = el.value();
    let mut s = String::new();
    if let Some(id) = e.attr("id") {
        s.push_str(&id.to_ascii_lowercase());
    }
    if let Some(class) = e.attr("class") {
        s.push(' ');
        s.push_str(&class.to_ascii_lowercase());
    }
    s
}

/// Parses a JSON-LD script, tolerating raw line breaks and tabs inside strings (common in
/// pages) and a CDATA wrapper.
fn parse_json_ld(script: &str) -> Option<Value> {
    let s = script.trim();
    let s = s
        .strip_prefix("<![CDATA[")
        .and_then(|x| x.strip_suffix("]]>"))
        .unwrap_or(s)
        .trim()
        .trim_end_matches(';');
    serde_json::from_str(s).ok().or_else(|| {
        let flat: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&flat).ok()
    })
}

fn types(obj: &serde_json::Map<String, Value>) -> Vec<&str> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit('/').next().unwrap_or(t);
    t.ends_with("Article") || t.ends_with("BlogPosting") || t == "Report" || t == "NewsArticle"
}

/// Collects the article fields of a JSON-LD value (the first article object wins each field).
fn read_ld(value: &Value, ld: &mut Ld, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items.iter().take(100) {
                read_ld(item, ld, depth + 1);
            }
        }
        Value::Object(obj) => {
            if let Some(graph) = obj.get("@graph") {
                read_ld(graph, ld, depth + 1);
            }
            let ts = types(obj);
            if ts.iter().any(|t| is_article_type(t)) {
                let text = |k: &str| {
                    obj.get(k)
                        .and_then(Value::as_str)
                        .map(squash)
                        .filter(|s| !s.is_empty())
                };
                if ld.headline.is_none() {
                    ld.headline = text("headline").or_else(|| text("name"));
                }
                if ld.body.is_none() {
                    ld.body = obj
                        .get("articleBody")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                }
                if ld.date.is_none() {
                    ld.date = text("datePublished").or_else(|| text("dateCreated"));
                }
                if ld.authors.is_empty() {
                    if let Some(a) = obj.get("author").or_else(|| obj.get("creator")) {
                        names_of(a, &mut ld.authors, 0);
                    }
                }
                if ld.publisher.is_none() {
                    if let Some(p) = obj.get("publisher") {
                        let mut v = Vec::new();
                        names_of(p, &mut v, 0);
                        ld.publisher = v.into_iter().next();
                    }
                }
                if ld.url.is_none() {
                    ld.url = text("url").or_else(|| match obj.get("mainEntityOfPage") {
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(Value::Object(o)) => {
                            o.get("@id").and_then(Value::as_str).map(str::to_owned)
                        }
                        _ => None,
                    });
                }
                if ld.keywords.is_empty() {
                    match obj.get("keywords") {
                        Some(Value::String(s)) => {
                            ld.keywords = s
                                .split(',')
                                .map(squash)
                                .filter(|k| !k.is_empty())
                                .take(30)
                                .collect();
                        }
                        Some(Value::Array(a)) => {
                            ld.keywords = a
                                .iter()
                                .filter_map(Value::as_str)
                                .map(squash)
                                .take(30)
                                .collect();
                        }
                        _ => {}
                    }
                }
            } else if ts.contains(&"WebSite") && ld.website.is_none() {
                ld.website = obj.get("name").and_then(Value::as_str).map(squash);
            }
        }
        _ => {}
    }
}

/// Names in an author/publisher value: a string, `{name}`, or a list of them.
fn names_of(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 3 || out.len() >= 10 {
        return;
    }
    match value {
        Value::String(s) => {
            let s = squash(s);
            if !s.is_empty() && !looks_like_url(&s) && !out.contains(&s) {
                out.push(s);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names_of(n, out, depth + 1);
            }
        }
        Value::Array(a) => {
            for v in a.iter().take(10) {
                names_of(v, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Collapses whitespace runs to one space and trims.
pub(super) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

/// `By Jane Doe` → `Jane Doe`.
fn strip_by(s: &str) -> String {
    let s = squash(s);
    for p in ["By ", "by ", "BY ", "By: ", "Written by "] {
        if let Some(rest) = s.strip_prefix(p) {
            return rest.trim().to_owned();
        }
    }
    s
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date string → `YYYY-MM-DD`: ISO 8601 and its relatives (`2019-05-07T10:00:00Z`,
/// `2019/05/07`, `20190507`), or a month written out (`May 7, 2019`, `7 May 2019`,
/// `Tue, 07 May 2019 10:00:00 GMT`). Impossible dates are refused.
pub(super) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        (!part.is_empty() && part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
    };
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) {
        let year = digits(0..4)?;
        if b.len() >= 8
            && b[..8].iter().all(u8::is_ascii_digit)
            && b.get(8).is_none_or(|c| !c.is_ascii_digit())
        {
            return valid(year, digits(4..6)?, digits(6..8)?);
        }
        let sep = b[4];
        if matches!(sep, b'-' | b'/' | b'.') {
            let rest = &s[5..];
            let mut parts = rest.splitn(3, |c: char| c as u32 == u32::from(sep));
            let month: i32 = parts.next()?.parse().ok()?;
            let day_part = parts.next()?;
            let day_digits: String = day_part.chars().take_while(char::is_ascii_digit).collect();
            let day: i32 = day_digits.parse().ok()?;
            return valid(year, month, day);
        }
    }
    // A month written out.
    let tokens: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .take(12)
        .collect();
    let month = tokens.iter().position(|t| {
        t.len() >= 3
            && MONTHS.iter().any(|m| t.starts_with(m))
            && t.chars().all(char::is_alphabetic)
    })?;
    let m = MONTHS.iter().position(|m| tokens[month].starts_with(m))? as i32 + 1;
    let year = tokens
        .iter()
        .find(|t| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))?
        .parse()
        .ok()?;
    let day_at = |i: usize| -> Option<i32> {
        let t = tokens.get(i)?;
        let d: String = t.chars().take_while(char::is_ascii_digit).collect();
        let suffix = &t[d.len()..];
        (!d.is_empty() && d.len() <= 2 && matches!(suffix, "" | "st" | "nd" | "rd" | "th"))
            .then(|| d.parse().ok())
            .flatten()
    };
    let day = day_at(month + 1).or_else(|| month.checked_sub(1).and_then(day_at))?;
    valid(year, m, day)
}

fn valid(year: i32, month: i32, day: i32) -> Option<String> {
    let y = i16::try_from(year).ok()?;
    let m = i8::try_from(month).ok()?;
    let d = i8::try_from(day).ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    jiff::civil::Date::new(y, m, d).ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2019-05-07T10:00:00-04:00").as_deref(),
            Some("2019-05-07")
        );
        assert_eq!(iso_date("2019/5/7").as_deref(), Some("2019-05-07"));
        assert_eq!(iso_date("20190507").as_deref(), Some("2019-05-07"));
        assert_eq!(iso_date("May 7, 2019").as_deref(), Some("2019-05-07"));
        assert_eq!(
            iso_date("Tue, 07 May 2019 10:00:00 GMT").as_deref(),
            Some("2019-05-07")
        );
        assert_eq!(
            iso_date("7th September 2020").as_deref(),
            Some("2020-09-07")
        );
        assert_eq!(iso_date("2019-02-30"), None);
        assert_eq!(iso_date("yesterday"), None);
        assert_eq!(iso_date(""), None);
        assert_eq!(iso_date("2019-"), None);
    }

    #[test]
    fn titles_lose_the_site() {
        assert_eq!(
            cut_site("Storm hits coast | The Daily", Some("The Daily")),
            "Storm hits coast"
        );
        assert_eq!(cut_site("Storm hits coast", None), "Storm hits coast");
    }
}
