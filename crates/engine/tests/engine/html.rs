//! Saved web pages (`intake::html`): the project's own fixture pages in
//! `tests/fixtures/html/` (written for these tests: a windows-1252 page, JSON-LD disagreeing with
//! the visible date, page chrome around an article, `<br>`-separated paragraphs, a page with no
//! article, broken markup), the offset contract, and property tests over arbitrary bytes and
//! markup.

use entity_lens_engine::clean::Article;
use entity_lens_engine::decode::DecodeError;
use entity_lens_engine::intake::html::{read, Found, Page};
use entity_lens_engine::intake::{self, Body, IntakeOptions, Kind};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The offset contract of a page's article: paragraphs joined by one blank line, sentences
/// inside paragraphs, segments mapping the text onto itself; byte and char spans agree.
fn check(a: &Article) {
    let chars: Vec<char> = a.text.chars().collect();
    let slice = |s: &entity_lens_engine::Span| {
        let by_byte = a.text.get(s.byte.clone()).expect("span slices the text");
        let by_char: String = chars[s.char.clone()].iter().collect();
        assert_eq!(by_byte, by_char, "byte and char spans agree");
        by_byte.to_owned()
    };
    let paragraphs: Vec<String> = a.paragraphs.iter().map(slice).collect();
    assert_eq!(paragraphs.join("\n\n"), a.text);
    for p in &paragraphs {
        assert!(
            !p.trim().is_empty() && !p.contains("\n\n"),
            "paragraph {p:?}"
        );
        assert_eq!(p.trim(), p, "paragraphs are trimmed");
    }
    for s in &a.sentences {
        slice(s);
        assert!(a
            .paragraphs
            .iter()
            .any(|p| p.byte.start <= s.byte.start && s.byte.end <= p.byte.end));
    }
    let mut covered = 0;
    for s in &a.segments {
        assert_eq!(slice(&s.text), slice(&s.original));
        assert_eq!(
            a.to_original(s.text.char.start),
            Some(s.original.char.start)
        );
        covered += s.text.char.len();
    }
    assert_eq!(
        covered + a.text.matches('\n').count(),
        chars.len(),
        "segments cover every character but the line breaks"
    );
}

fn page(name: &str) -> Page {
    let p = read(&fixture(name)).expect("fixture reads");
    check(&p.article);
    p
}

fn paragraphs(a: &Article) -> Vec<&str> {
    a.paragraphs
        .iter()
        .map(|p| &a.text[p.byte.clone()])
        .collect()
}

#[test]
fn windows_1252_page_is_read_in_its_declared_encoding() {
    let bytes = fixture("cp1252.html");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let p = page("cp1252.html");
    assert_eq!(p.encoding, "windows-1252");
    assert_eq!(
        p.article.title.as_deref(),
        Some("Café owners count the cost of the flood")
    );
    let paras = paragraphs(&p.article);
    assert_eq!(paras.len(), 3, "{paras:#?}");
    assert!(paras[0].contains("Café du Port in Saint-Malô") && paras[0].contains("€12,000"));
    assert!(paras[1].starts_with("“We’ve never seen"));
    assert!(!p.article.text.contains('\u{fffd}'));
}

#[test]
fn meta_charset_wins_over_detection() {
    // Plain ASCII bytes would be taken as UTF-8; the page says windows-1252.
    let html = b"<meta charset=windows-1252><p>Plain text about the harbour and the town council budget.</p>";
    assert_eq!(read(html).unwrap().encoding, "windows-1252");
    // A UTF-8 BOM beats the meta tag.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(
        "<meta charset=windows-1252><p>Zoë walked to the café by the harbour every morning.</p>"
            .as_bytes(),
    );
    let p = read(&bom).unwrap();
    assert_eq!(p.encoding, "UTF-8");
    assert!(p.article.text.contains("Zoë") && p.article.text.contains("café"));
    // Without any declaration, detection (valid UTF-8 here).
    let p = read("<p>Zoë walked to the café by the harbour every morning.</p>".as_bytes()).unwrap();
    assert_eq!(p.encoding, "UTF-8");
}

#[test]
fn json_ld_date_wins_over_the_visible_update_date() {
    let p = page("jsonld_date.html");
    let a = &p.article;
    assert_eq!(
        a.date.as_deref(),
        Some("2023-03-14"),
        "JSON-LD datePublished"
    );
    assert_eq!(
        p.visible_date.as_deref(),
        Some("2023-03-16"),
        "the visible date is kept aside"
    );
    assert_eq!(a.title.as_deref(), Some("Lake levels fall to record low"));
    assert_eq!(a.byline.as_deref(), Some("Tom Okafor, Lena Braun"));
    assert_eq!(p.site.as_deref(), Some("Valley Courier"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://courier.example/lake-levels")
    );
    assert_eq!(a.tags, ["drought", "water"]);
    let paras = paragraphs(a);
    assert_eq!(paras.len(), 3, "{paras:#?}");
    assert!(paras[0].starts_with("Water in Lake Marren"));
    assert!(!a.text.contains("Updated"));
}

#[test]
fn chrome_around_the_article_is_left_out() {
    let p = page("chrome.html");
    let a = &p.article;
    assert_eq!(p.found, Found::Article);
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour bridge reopens after repairs")
    );
    assert_eq!(a.date.as_deref(), Some("2024-05-02"));
    assert_eq!(a.byline.as_deref(), Some("Maria Lindqvist"));
    assert_eq!(p.site.as_deref(), Some("Coastline Herald"));
    assert_eq!(a.source.as_deref(), Some("Coastline Herald"));
    assert_eq!(
        p.url.as_deref(),
        Some("https://herald.example/news/harbour-bridge-reopens")
    );
    assert_eq!(a.tags, ["Transport", "Infrastructure"]);
    let paras = paragraphs(a);
    let starts: Vec<String> = paras
        .iter()
        .map(|p| p.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        starts,
        [
            "The harbour bridge",
            "Mayor Anders Holm",
            "The repairs cost",
            "Cyclists get a",
            "A separated cycle",
            "Traffic counts will",
        ]
    );
    for chrome in [
        "Skip to",
        "Log in",
        "Home",
        "Share",
        "Advertisement",
        "Related",
        "Ferry",
        "briefing",
        "Sign up",
        "Transport",
        "Comments",
        "Finally",
        "Most read",
        "Storm",
        "©",
        "Privacy",
        "By Maria",
        "2 May 2024",
        "window.dataLayer",
        "display:none",
    ] {
        assert!(!a.text.contains(chrome), "{chrome:?} left in: {}", a.text);
    }
}

#[test]
fn br_separated_paragraphs() {
    let p = page("br.html");
    let paras = paragraphs(&p.article);
    assert_eq!(
        paras,
        [
            "The annual fete in Little Ashby raised more than four thousand pounds on Saturday, organisers said, enough to start work on the church hall roof.",
            "Stalls sold cakes, plants and second-hand books, and a tug-of-war between the two pubs drew the biggest crowd of the afternoon.",
            "The committee thanked the volunteers who set up the marquee in the rain.\nWork on the roof is due to begin in October.",
            "Next year's fete will be held on the first Saturday of July.",
        ]
    );
    assert_eq!(
        p.article.title.as_deref(),
        Some("Village fete raises funds for new roof")
    );
    assert!(p.article.sentences.len() >= 5);
}

#[test]
fn page_without_an_article_gives_its_visible_text() {
    let p = page("no_article.html");
    assert_eq!(p.found, Found::WholePage);
    let text = &p.article.text;
    for line in [
        "Contact us",
        "Riverside Books",
        "12 Mill Lane, Dorchester",
        "Open Tuesday to Saturday",
    ] {
        assert!(text.contains(line), "{line:?} missing from {text:?}");
    }
    assert_eq!(p.article.title.as_deref(), Some("Contact us"));
}

#[test]
fn page_without_text_is_empty_and_says_so() {
    let p = read(b"<html><head><title>x</title><script>var a = 1;</script></head><body><img src=a.png></body></html>").unwrap();
    assert_eq!(p.found, Found::Nothing);
    assert!(p.article.text.is_empty() && p.article.paragraphs.is_empty());
}

#[test]
fn malformed_markup_is_read_like_a_browser_does() {
    let p = page("malformed.html");
    let a = &p.article;
    assert_eq!(p.found, Found::Article);
    assert_eq!(
        a.title.as_deref(),
        Some("Council votes to keep library open")
    );
    let text = &a.text;
    for phrase in [
        "voted seven to two on Monday night",
        "among possible closures in the draft budget",
        "Councillor Ruth Adeyemi said",
    ] {
        assert!(text.contains(phrase), "{phrase:?} missing from {text:?}");
    }
    assert!(paragraphs(a).len() >= 3);
}

#[test]
fn bad_bytes_are_clear_errors() {
    assert_eq!(read(b"").unwrap_err(), DecodeError::Empty);
    assert!(matches!(
        read(b"\x89PNG\r\n\x1a\n....").unwrap_err(),
        DecodeError::NotText { .. }
    ));
    assert_eq!(
        read(b"<p>\x00\x01\x02\x03\x00</p>").unwrap_err(),
        DecodeError::Binary
    );
}

#[test]
fn intake_reads_html_files_as_articles() {
    let items = intake::read(
        "Saved Page.HTM",
        &fixture("chrome.html"),
        &IntakeOptions::default(),
    );
    assert_eq!(items.len(), 1);
    let item = items.into_iter().next().unwrap().expect("page reads");
    assert_eq!(item.kind, Kind::Html);
    assert_eq!(item.provenance.file, "Saved Page.HTM");
    let Body::Article(a) = item.body else {
        panic!("a page is an article already");
    };
    assert!(a.text.starts_with("The harbour bridge"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut html = String::new();
    for _ in 0..20_000 {
        html.push_str("<div>");
    }
    html.push_str("<p>Deep inside many containers, a paragraph of text about the weather.</p>");
    let p = read(html.as_bytes()).unwrap();
    assert!(p.article.text.contains("a paragraph of text"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(p) = read(&bytes) {
            check(&p.article);
        }
    }

    #[test]
    fn any_markup_reads_with_valid_offsets(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_owned()), Just("</p>".to_owned()), Just("<div class=\"article-body\">".to_owned()),
                Just("</div>".to_owned()), Just("<br>".to_owned()), Just("<a href=x>".to_owned()),
                Just("</a>".to_owned()), Just("<h1>".to_owned()), Just("<h2>".to_owned()),
                Just("<nav>".to_owned()), Just("<article>".to_owned()), Just("<!--".to_owned()),
                Just("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-02-30\",\"author\":[{\"name\":".to_owned()),
                Just("</script>".to_owned()), Just("<meta charset=koi8-r>".to_owned()),
                Just("<time datetime=\"2021-13-01\">".to_owned()), Just("<table><tr><td>".to_owned()),
                Just("&amp;&nbsp;&#x1F600;&bogus;".to_owned()), Just("<li class=related>".to_owned()),
                "[A-Za-z0-9 ,.!?é€😀\u{a0}\n\t\"'<>/=-]{0,60}",
            ],
            0..60,
        )
    ) {
        let html = parts.concat();
        let p = read(html.as_bytes());
        if let Ok(p) = p {
            check(&p.article);
            if let Some(d) = &p.article.date {
                prop_assert_eq!(d.len(), 10);
            }
        }
    }
}
