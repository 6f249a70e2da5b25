//! `html`: a self-contained annotated report of the corpus, one file that opens offline.
//!
//! No script, no external resource (a `Content-Security-Policy` meta tag forbids every fetch;
//! the style sheet is inline), every piece of text escaped. It holds a summary, a table of
//! contents, the entity table (most mentioned first) and every article with its metadata and its
//! mentions marked in displaCy's markup and colours (`<mark class="entity"
//! data-label="PERSON">Merkel<span>PERSON</span></mark>`); a mark's tooltip gives spaCy's label
//! (or the refined one in the raw view) and the entity, and links to the entity's row.

use std::io::Write;

use super::markup::{Escaped, EscapedText};
use super::{Corpus, ExportError, Settings};
use crate::pipeline::EntityMode;
use crate::recognize::Label;

const STYLE: &str = r#"
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #222; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; }
.meta { color: #555; font-size: .9rem; }
.text { line-height: 2.1; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
mark.entity { padding: .2em .4em; margin: 0 .1em; border-radius: .35em; line-height: 1; background: var(--c, #ddd); color: #000;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.entity > span { font-size: .7em; font-weight: 700; margin-left: .4rem; vertical-align: middle; }
mark.entity a { color: inherit; text-decoration: none; }
.swatch { display: inline-block; padding: 0 .3em; border-radius: .25em; background: var(--c, #ddd); }
[data-label="ORG"] { --c: #7aecec; } [data-label="PRODUCT"] { --c: #bfeeb7; } [data-label="GPE"] { --c: #feca74; }
[data-label="LOC"] { --c: #ff9561; } [data-label="PERSON"] { --c: #aa9cfc; } [data-label="NORP"] { --c: #c887fb; }
[data-label="FAC"] { --c: #9cc9cc; } [data-label="EVENT"] { --c: #ffeb80; } [data-label="LAW"] { --c: #ff8197; }
[data-label="LANGUAGE"] { --c: #ff8197; } [data-label="WORK_OF_ART"] { --c: #f0d0ff; } [data-label="DATE"] { --c: #bfe1d9; }
[data-label="TIME"] { --c: #bfe1d9; } [data-label="MONEY"] { --c: #e4e7d2; } [data-label="QUANTITY"] { --c: #e4e7d2; }
[data-label="ORDINAL"] { --c: #e4e7d2; } [data-label="CARDINAL"] { --c: #e4e7d2; } [data-label="PERCENT"] { --c: #e4e7d2; }
@media print { h2 { break-before: page; } }
"#;

/// Writes the `html` export.
pub fn write(
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    let views: Vec<_> = (0..corpus.docs.len())
        .map(|d| corpus.view(d, settings.view))
        .collect();
    let mentions: usize = views.iter().map(Vec::len).sum();
    let (view, other) = match settings.view {
        EntityMode::Refined => ("refined", "spaCy"),
        EntityMode::Raw => ("spaCy's", "refined"),
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Entity Lens\">"
    )?;
    writeln!(
        out,
        "<title>Entity Lens report: {} articles</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        corpus.docs.len()
    )?;
    writeln!(out, "<header>\n<h1>Entity Lens report</h1>")?;
    writeln!(
        out,
        "<p>{} articles, {mentions} mentions ({view} labels; the {other} label is in each mark's tooltip), {} entities.</p>\n</header>",
        corpus.docs.len(),
        corpus.grouping.entities.len()
    )?;

    writeln!(out, "<nav>\n<h2>Articles</h2>\n<ol>")?;
    for (d, doc) in corpus.docs.iter().enumerate() {
        let title = doc.document.article.title.as_deref().unwrap_or(doc.name);
        writeln!(
            out,
            "<li><a href=\"#a{d}\">{}</a> <span class=\"meta\">{} · {} mentions</span></li>",
            EscapedText(title),
            EscapedText(doc.name),
            views[d].len()
        )?;
    }
    writeln!(out, "</ol>\n</nav>")?;

    if !corpus.grouping.entities.is_empty() {
        let mut order: Vec<usize> = (0..corpus.grouping.entities.len()).collect();
        let entities = &corpus.grouping.entities;
        order.sort_by(|&a, &b| {
            let (a, b) = (&entities[a], &entities[b]);
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        writeln!(out, "<section>\n<h2 id=\"entities\">Entities</h2>\n<table>")?;
        writeln!(
            out,
            "<thead><tr><th>Entity</th><th>Label</th><th>Mentions</th><th>Articles</th><th>Aliases</th><th>Id</th></tr></thead>\n<tbody>"
        )?;
        for i in order {
            let e = &entities[i];
            writeln!(
                out,
                "<tr id=\"e{i}\"><td>{}</td><td><span class=\"swatch\" data-label=\"{}\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                EscapedText(&e.name),
                e.label.as_str(),
                e.label.as_str(),
                e.mentions,
                e.documents,
                EscapedText(&e.aliases.join(" | ")),
                EscapedText(&e.id)
            )?;
        }
        writeln!(out, "</tbody>\n</table>\n</section>")?;
    }

    for (d, doc) in corpus.docs.iter().enumerate() {
        let article = &doc.document.article;
        writeln!(out, "<article>")?;
        writeln!(
            out,
            "<h2 id=\"a{d}\">{}</h2>",
            EscapedText(article.title.as_deref().unwrap_or(doc.name))
        )?;
        write!(out, "<p class=\"meta\">{}", EscapedText(doc.name))?;
        for value in [
            &article.date,
            &article.source,
            &article.dateline,
            &article.byline,
        ]
        .into_iter()
        .flatten()
        {
            write!(out, " · {}", EscapedText(value))?;
        }
        writeln!(out, "</p>")?;
        write!(out, "<div class=\"text\">")?;
        let text = article.text.as_str();
        let mut at = 0;
        for item in &views[d] {
            let (Some(label), span) = (item.label, item.span()) else {
                continue;
            };
            if span.byte.start < at || text.get(span.byte.clone()).is_none() {
                continue;
            }
            write!(out, "{}", EscapedText(&text[at..span.byte.start]))?;
            let second = match settings.view {
                EntityMode::Refined => item.mention.raw_label,
                EntityMode::Raw => item.mention.label,
            };
            let mut tooltip = format!("{other}: {}", second.map_or("none", Label::as_str));
            if let Some(entity) = item.entity {
                tooltip.push_str(&format!(" · {} ({})", entity.name, entity.id));
            }
            write!(
                out,
                "<mark class=\"entity\" data-label=\"{l}\" title=\"{}\">",
                Escaped(&tooltip),
                l = label.as_str()
            )?;
            match item.entity_index {
                Some(i) => write!(out, "<a href=\"#e{i}\">{}</a>", EscapedText(item.text))?,
                None => write!(out, "{}", EscapedText(item.text))?,
            }
            write!(out, "<span>{}</span></mark>", label.as_str())?;
            at = span.byte.end;
        }
        write!(out, "{}", EscapedText(text.get(at..).unwrap_or_default()))?;
        writeln!(out, "</div>\n</article>")?;
    }
    writeln!(out, "</body>\n</html>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Fixture;
    use super::*;

    fn report() -> String {
        let fixture = Fixture::new();
        let mut out = Vec::new();
        write(&fixture.corpus(), Settings::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn no_script_and_no_external_request() {
        let html = report();
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"));
        assert!(!lower.contains("src="));
        assert!(!lower.contains("url("));
        assert!(!lower.contains("@import"));
        assert!(!lower.contains("<link"));
        assert!(!lower.contains("http://") && !lower.contains("https://"));
        assert!(html.contains("default-src 'none'"));
    }

    #[test]
    fn every_text_is_escaped() {
        let html = report();
        // The fixture's file names, titles, entity ids and texts hold <, >, &, " and '.
        assert!(!html.contains("<EU>") && !html.contains("<1>") && !html.contains("<Macron>"));
        assert!(html.contains("&lt;EU&gt;"));
        assert!(html.contains("Merkel &amp; &lt;Macron&gt;"));
        assert!(html.contains("AT&amp;T"));
        // Tags that are not ours: only the elements the writer emits appear.
        let mut rest = html.as_str();
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '!' | '/'))
                .collect();
            assert!(
                [
                    "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title",
                    "style", "/style", "body", "/body", "header", "/header", "h1", "/h1", "h2",
                    "/h2", "p", "/p", "nav", "/nav", "ol", "/ol", "li", "/li", "a", "/a", "span",
                    "/span", "section", "/section", "table", "/table", "thead", "/thead", "tbody",
                    "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "article", "/article", "div",
                    "/div", "mark", "/mark"
                ]
                .contains(&name.as_str()),
                "unexpected tag <{name}"
            );
        }
    }

    #[test]
    fn mentions_are_marked_in_order_and_the_text_is_whole() {
        let html = report();
        assert!(html.contains(
            "<mark class=\"entity\" data-label=\"GPE\" title=\"spaCy: PERSON · France (E4)\"><a href=\"#e3\">France</a><span>GPE</span></mark>"
        ));
        assert!(html.contains(
            "<mark class=\"entity\" data-label=\"MONEY\" title=\"spaCy: MONEY\">€5<span>MONEY</span></mark>"
        ));
        // Removing the markup gives back each article's text (escaped).
        let fixture = Fixture::new();
        let second = &fixture.documents[1].article.text;
        let start = html.rfind("<div class=\"text\">").unwrap();
        let end = html[start..].find("</div>").unwrap() + start;
        let mut body = html[start + "<div class=\"text\">".len()..end].to_owned();
        for label in Label::ALL {
            body = body.replace(&format!("<span>{}</span>", label.as_str()), "");
        }
        let mut plain = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let unescaped = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        assert_eq!(&unescaped, second);
    }
}
