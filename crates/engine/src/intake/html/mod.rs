//! A saved web page → its article: the body found with the page's structure, headline, date,
//! author and site from its metadata (JSON-LD `NewsArticle`, Open Graph, `<article>`, `<time>`).
//!
//! 1. [`charset`]: bytes → text in the encoding the page declares (BOM, `<meta charset>`,
//!    `http-equiv`), else detected.
//! 2. The text is parsed by `html5ever` (through `scraper`), the HTML standard's parser: any
//!    markup, however broken, gives a tree, as in a browser.
//! 3. [`metadata`]: headline, date, author, site, URL, tags (see there for which date wins
//!    when JSON-LD and the visible date disagree).
//! 4. [`body`]: the article's paragraphs (pruning, Readability-style scoring, the publisher's
//!    body markup, fallback to the page's visible text).
//!
//! The [`Article`] built has its paragraphs separated by a blank line, a single `<br>` kept as
//! a line break. A page's text is not a verbatim copy of its source (entities are decoded,
//! whitespace collapsed), so the article's "original" is its own text: each line is a
//! [`clean::Segment`] mapped onto itself, and [`Article::to_original`] is the identity.

mod body;
mod charset;
mod metadata;

use crate::clean::{self, Article, Segment};
use crate::decode::DecodeError;
use crate::span::Span;

pub use body::Found;

/// A page read: its article and the metadata only pages carry.
#[derive(Debug, Clone)]
pub struct Page {
    /// The encoding the page was read in (BOM, then `<meta charset>`, then detection).
    pub encoding: &'static str,
    pub article: Article,
    /// The page's canonical URL, when it states one.
    pub url: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD `publisher`).
    pub site: Option<String>,
    /// How the body was found: the article's container, or (no article on the page) the
    /// page's visible text, or nothing (the page shows no text).
    pub found: Found,
    /// The date shown on the page (`<time datetime>`), when it differs from
    /// [`Article::date`] (the JSON-LD `datePublished` is preferred; see [`metadata`]).
    pub visible_date: Option<String>,
}

/// Reads a saved page: decoding, parsing, metadata and body. Only undecodable bytes (empty,
/// binary) are an error; any markup gives a page.
pub fn read(bytes: &[u8]) -> Result<Page, DecodeError> {
    let decoded = charset::decode_page(bytes)?;
    let doc = scraper::Html::parse_document(&decoded.text);
    let meta = metadata::read(&doc);
    let (mut paragraphs, mut found) = body::extract(&doc);
    if let Some(declared) = meta
        .body_text
        .as_deref()
        .and_then(|t| declared_body(t, &paragraphs))
    {
        paragraphs = declared;
        found = Found::Article;
    }
    let mut article = assemble(&paragraphs);
    article.title = meta.title.clone();
    article.date = meta.date.clone();
    article.byline = meta.author.clone();
    article.source = meta.site.clone();
    article.tags = meta.tags.clone();
    let visible_date = meta.visible_date.filter(|v| Some(v) != meta.date.as_ref());
    Ok(Page {
        encoding: decoded.encoding,
        article,
        url: meta.url,
        site: meta.site,
        found,
        visible_date,
    })
}

/// The publisher's JSON-LD `articleBody` as paragraphs, when the page's markup gave less than
/// half of it (the body is then rendered by scripts, or hidden from the parser's view). Bodies
/// holding markup are not used.
fn declared_body(text: &str, found: &[body::Paragraph]) -> Option<Vec<body::Paragraph>> {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let declared = count(text);
    let have: usize = found.iter().flatten().map(|l| count(l)).sum();
    let markup = text.contains("</") || text.contains("<p") || text.contains("<br");
    if markup || declared < 300 || declared < have * 2 {
        return None;
    }
    Some(
        text.split(['\n', '\r'])
            .map(metadata::squash)
            .filter(|p| !p.is_empty())
            .map(|p| vec![p])
            .collect(),
    )
}

/// Text, paragraph spans, sentences and segments from the paragraphs' lines.
fn assemble(paragraphs: &[body::Paragraph]) -> Article {
    let mut article = Article::default();
    let mut text = String::new();
    let mut chars = 0usize;
    for para in paragraphs {
        let lines: Vec<&str> = para
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let start = (text.len(), chars);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
                chars += 1;
            }
            let n = line.chars().count();
            let span = Span {
                byte: text.len()..text.len() + line.len(),
                char: chars..chars + n,
            };
            article.segments.push(Segment {
                text: span.clone(),
                original: span,
            });
            text.push_str(line);
            chars += n;
        }
        article.paragraphs.push(Span {
            byte: start.0..text.len(),
            char: start.1..chars,
        });
    }
    article.sentences = clean::sentences::split(&text, &article.paragraphs);
    article.text = text;
    article
}
