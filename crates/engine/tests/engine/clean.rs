//! Cleaning: the project's own fixture articles (one per clutter pattern, in
//! `tests/fixtures/articles/`), the offset contract, bad input, and a property test over
//! arbitrary bytes.

use entity_lens_engine::clean::{clean, Article};
use entity_lens_engine::decode::decode;
use proptest::prelude::*;

/// What a fixture must give.
struct Expect {
    title: Option<&'static str>,
    date: Option<&'static str>,
    source: Option<&'static str>,
    dateline: Option<&'static str>,
    byline: Option<&'static str>,
    tags: &'static [&'static str],
    /// Every removed stretch of the original, in order: (reason, text).
    removed: &'static [(&'static str, &'static str)],
    /// The first words of every kept paragraph, in order.
    kept: &'static [&'static str],
}

const NONE: Expect = Expect {
    title: None,
    date: None,
    source: None,
    dateline: None,
    byline: None,
    tags: &[],
    removed: &[],
    kept: &[],
};

/// Checks the offset contract and returns (reason, removed text) pairs.
fn check_offsets(original: &str, a: &Article) -> Vec<(String, String)> {
    assert!(!a.text.contains('\r'), "line endings are normalized");
    let chars: Vec<char> = original.chars().collect();
    let mut out = Vec::new();
    let mut last_end = 0;
    for r in &a.removed {
        let by_byte = original
            .get(r.span.byte.clone())
            .expect("removed byte span slices the original");
        let by_char: String = chars[r.span.char.clone()].iter().collect();
        assert_eq!(by_byte, by_char, "byte and char spans agree");
        assert!(
            r.span.byte.start >= last_end,
            "removed spans are ordered and disjoint"
        );
        last_end = r.span.byte.end;
        out.push((r.reason.as_str().to_owned(), by_byte.to_owned()));
    }
    let text_chars: Vec<char> = a.text.chars().collect();
    for p in &a.paragraphs {
        let by_byte = a
            .text
            .get(p.byte.clone())
            .expect("paragraph slices the text");
        let by_char: String = text_chars[p.char.clone()].iter().collect();
        assert_eq!(by_byte, by_char);
        assert!(!by_byte.trim().is_empty());
    }
    for s in &a.sentences {
        let by_byte = a
            .text
            .get(s.byte.clone())
            .expect("sentence slices the text");
        let by_char: String = text_chars[s.char.clone()].iter().collect();
        assert_eq!(by_byte, by_char);
        assert!(
            a.paragraphs
                .iter()
                .any(|p| p.byte.start <= s.byte.start && s.byte.end <= p.byte.end),
            "sentences stay inside a paragraph"
        );
    }
    for s in &a.segments {
        let here = a
            .text
            .get(s.text.byte.clone())
            .expect("segment slices the text");
        let there = original
            .get(s.original.byte.clone())
            .expect("segment slices the original");
        assert_eq!(here, there, "segments are verbatim copies");
        let c0 = s.text.char.start;
        if c0 < text_chars.len() {
            assert_eq!(a.to_original(c0), Some(s.original.char.start));
        }
    }
    // Paragraphs are joined by exactly one blank line.
    let joined: Vec<&str> = a
        .paragraphs
        .iter()
        .map(|p| &a.text[p.byte.clone()])
        .collect();
    assert_eq!(joined.join("\n\n"), a.text);
    out
}

fn run(original: &str, e: &Expect) {
    let a = clean(original);
    let removed = check_offsets(original, &a);
    assert_eq!(a.title.as_deref(), e.title, "title");
    assert_eq!(a.date.as_deref(), e.date, "date");
    assert_eq!(a.source.as_deref(), e.source, "source");
    assert_eq!(a.dateline.as_deref(), e.dateline, "dateline");
    assert_eq!(a.byline.as_deref(), e.byline, "byline");
    assert_eq!(a.tags, e.tags, "tags");
    let removed: Vec<(&str, &str)> = removed
        .iter()
        .map(|(r, t)| (r.as_str(), t.as_str()))
        .collect();
    assert_eq!(removed, e.removed, "removed");
    let kept: Vec<&str> = a
        .paragraphs
        .iter()
        .map(|p| &a.text[p.byte.clone()])
        .collect();
    assert_eq!(kept.len(), e.kept.len(), "kept paragraphs: {kept:#?}");
    for (k, want) in kept.iter().zip(e.kept) {
        assert!(
            k.starts_with(want),
            "paragraph {k:?} should start with {want:?}"
        );
    }
    // Every kept line of the original is in the body, whole.
    for line in original.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let cut = removed
            .iter()
            .any(|(_, t)| t.contains(line) || line.contains(t));
        if !cut {
            assert!(
                a.text.contains(line),
                "line neither kept nor removed: {line:?}"
            );
        }
    }
}

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../fixtures/articles/", $name, ".txt"))
    };
}

#[test]
fn weather_widget_and_page_date_above_the_headline() {
    run(
        fixture!("weather-widget"),
        &Expect {
            title: Some("Harbour Authority Approves Expansion Of Grand Harbour Cruise Terminal"),
            removed: &[
                ("boilerplate", "22.4 C"),
                ("boilerplate", "Valletta"),
                ("boilerplate", "Tuesday, March 4, 2025"),
                ("boilerplate", "Get Our App:"),
                ("boilerplate", "Read in Maltese"),
                (
                    "title",
                    "Harbour Authority Approves Expansion Of Grand Harbour Cruise Terminal",
                ),
                ("boilerplate", "Editor's Picks"),
                ("boilerplate", "- Advertisement -"),
                ("boilerplate", "More Stories"),
                ("boilerplate", "Please enter your comment!"),
                ("boilerplate", "Please enter your name here"),
            ],
            kept: &[
                "The Harbour Authority on Monday",
                "The project, estimated",
                "Residents of the Three",
                "\"We are not against",
                "The authority said",
            ],
            ..NONE
        },
    );
}

#[test]
fn repeated_headline_date_line_with_counter_and_hashtag_tags() {
    run(
        fixture!("repeated-headline"),
        &Expect {
            title: Some("Island ferry operator orders two hybrid vessels for winter routes"),
            date: Some("2025-03-03"),
            tags: &["Ferries", "Shipping", "Gozo"],
            removed: &[
                (
                    "title",
                    "Island ferry operator orders two hybrid vessels for winter routes",
                ),
                ("date", "3 March 2025     Views: 1,204"),
                (
                    "duplicate-title",
                    "Island ferry operator orders two hybrid vessels for winter routes",
                ),
                ("tags", "More about: #Ferries   #Shipping   #Gozo"),
                ("boilerplate", "News Line"),
            ],
            kept: &[
                "The island's main ferry",
                "The ships, built",
                "Chief executive Paul Grech",
                "The first vessel",
            ],
            ..NONE
        },
    );
}

#[test]
fn dateline_with_agency_and_date_and_lead_repeated_under_it() {
    run(
        fixture!("dateline-agency"),
        &Expect {
            title: Some("Finance Ministry Backs New Rules For Small Lenders - Official"),
            date: Some("2025-03-04"),
            source: Some("Island Wire / Reuters"),
            dateline: Some("VALLETTA"),
            removed: &[
                ("title", "Finance Ministry Backs New Rules For Small Lenders - Official"),
                ("boilerplate", "(@IslandWireNews)"),
                ("duplicate-title", "Finance Ministry Backs New rules for Small Lenders - Official"),
                ("duplicate", "The finance ministry supports new rules for small lenders that would require them to hold more capital against risky loans, a senior official told reporters on Tuesday in the capital"),
                ("dateline", "VALLETTA (Island Wire / Reuters - 4th March, 2025)"),
            ],
            kept: &["The finance ministry supports new rules", "\"Small lenders", "The rules, drafted", "Lenders have until"],
            ..NONE
        },
    );
}

#[test]
fn colon_dateline_relative_time_and_font_size() {
    run(
        fixture!("dateline-colon"),
        &Expect {
            title: Some("Rome and Madrid agree to pool research on drought-resistant crops"),
            dateline: Some("ROME"),
            removed: &[
                (
                    "title",
                    "Rome and Madrid agree to pool research on drought-resistant crops",
                ),
                ("metadata", "15 minutes ago"),
                ("boilerplate", "font size"),
                ("dateline", "ROME:"),
                ("boilerplate", "Share this article"),
            ],
            kept: &[
                "Italy and Spain agreed",
                "Agriculture ministers",
                "The programme will",
                "Farmers' groups",
            ],
            ..NONE
        },
    );
}

#[test]
fn source_named_in_the_lead() {
    run(
        fixture!("reports-source"),
        &Expect {
            title: Some("Port workers and employers reach deal to end strike"),
            source: Some("Harbour Times"),
            removed: &[(
                "title",
                "Port workers and employers reach deal to end strike",
            )],
            kept: &[
                "Port workers and employers reached",
                "Under the deal",
                "The union had asked",
                "Work is expected",
            ],
            ..NONE
        },
    );
}

#[test]
fn byline_published_and_updated_lines() {
    run(
        fixture!("byline-published"),
        &Expect {
            title: Some("Why the city's oldest bakery is closing after 130 years"),
            date: Some("2024-02-12"),
            byline: Some("Maria Keller"),
            removed: &[
                (
                    "title",
                    "Why the city's oldest bakery is closing after 130 years",
                ),
                ("byline", "By Maria Keller"),
                ("date", "Published: 12 February 2024 09:30 GMT"),
                ("date", "Updated: 13 February 2024"),
            ],
            kept: &[
                "The Borg family",
                "Joseph Borg, 71",
                "Customers queued",
                "\"My grandmother",
                "The building has been sold",
            ],
            ..NONE
        },
    );
}

#[test]
fn short_body_paragraphs_are_kept() {
    run(
        fixture!("short-paragraphs"),
        &Expect {
            title: Some("Fire breaks out at textile factory in industrial zone"),
            removed: &[(
                "title",
                "Fire breaks out at textile factory in industrial zone",
            )],
            kept: &[
                "A fire broke out",
                "Nobody was hurt.",
                "Firefighters from",
                "The company declined to comment.",
                "Police said",
                "Roads reopened at noon.",
            ],
            ..NONE
        },
    );
}

#[test]
fn ads_captions_and_read_more_between_paragraphs() {
    run(
        fixture!("mid-ads-captions"),
        &Expect {
            title: Some("Central bank keeps interest rates on hold as inflation eases"),
            removed: &[
                (
                    "title",
                    "Central bank keeps interest rates on hold as inflation eases",
                ),
                ("boilerplate", "Photo: AFP"),
                ("boilerplate", "Advertisement"),
                (
                    "boilerplate",
                    "READ MORE: Banks report record profits as lending slows",
                ),
            ],
            kept: &[
                "The central bank kept",
                "Governor Anna Mifsud",
                "Consumer prices rose",
                "Economists had expected",
            ],
            ..NONE
        },
    );
}

#[test]
fn menu_cookie_banner_and_copyright_footer() {
    run(
        fixture!("menu-cookie-header"),
        &Expect {
            title: Some("Museum returns bronze statue to village after 80 years"),
            removed: &[
                ("boilerplate", "Home | World | Business | Sport | Culture | Opinion"),
                ("boilerplate", "We use cookies to give you the best experience on our website. By continuing to browse the site you agree to our use of cookies."),
                ("boilerplate", "Accept all cookies"),
                ("title", "Museum returns bronze statue to village after 80 years"),
                ("boilerplate", "© 2025 Example Media Group. All rights reserved."),
                ("boilerplate", "About Us | Contact | Privacy Policy | Terms of Use"),
            ],
            kept: &["A bronze statue", "The museum said", "Village elders", "\"It is like having"],
            ..NONE
        },
    );
}

#[test]
fn related_articles_list_and_pagination() {
    run(
        fixture!("related-list-footer"),
        &Expect {
            title: Some("Storm damages hundreds of homes along the northern coast"),
            removed: &[
                (
                    "title",
                    "Storm damages hundreds of homes along the northern coast",
                ),
                ("boilerplate", "Related Articles"),
                (
                    "boilerplate",
                    "Government announces aid for farmers hit by floods",
                ),
                (
                    "boilerplate",
                    "Coastal towns prepare for record tourist season",
                ),
                (
                    "boilerplate",
                    "Weather service warns of more storms next week",
                ),
                ("boilerplate", "Load more"),
            ],
            kept: &[
                "A storm with winds",
                "Emergency services said",
                "The power company said",
            ],
            ..NONE
        },
    );
}

#[test]
fn crlf_and_hard_wrapped_paragraphs() {
    let original = fixture!("crlf-wrapped");
    assert!(
        original.contains("\r\n"),
        "the fixture keeps its CRLF line endings"
    );
    run(
        original,
        &Expect {
            title: Some("Council votes to pedestrianise the old town centre"),
            removed: &[
                (
                    "title",
                    "Council votes to pedestrianise the old town centre",
                ),
                ("boilerplate", "Posted in Local News | 3 comments"),
            ],
            kept: &[
                "The town council voted",
                "Deliveries will still",
                "Shop owners were divided",
            ],
            ..NONE
        },
    );
    let a = clean(original);
    assert_eq!(
        a.paragraphs.len(),
        3,
        "wrapped lines stay in their paragraph"
    );
    assert!(
        a.text.contains("of the old\ntown centre"),
        "line breaks inside a paragraph become \\n"
    );
    // Pointing back: the 't' of "town" after the first wrap is at the same place in the original.
    let at = a.text.find("town centre to cars").unwrap();
    let c = a.text[..at].chars().count();
    let o = a.to_original(c).unwrap();
    let original_chars: String = original.chars().skip(o).take(11).collect();
    assert_eq!(original_chars, "town centre");
}

#[test]
fn text_without_a_headline_has_no_title() {
    run(
        fixture!("no-title"),
        &Expect {
            kept: &[
                "The national statistics office",
                "More than a quarter",
                "The office said",
            ],
            ..NONE
        },
    );
}

#[test]
fn bulleted_list_inside_the_body_is_kept() {
    run(
        fixture!("bulleted-list"),
        &Expect {
            title: Some("Budget 2026: the main measures at a glance"),
            removed: &[("title", "Budget 2026: the main measures at a glance")],
            kept: &[
                "The finance minister presented",
                "The main measures include:",
                "- A cut in the lowest",
                "- Free school transport",
                "- Two new health centres",
                "- A tax credit",
                "The opposition said",
                "The budget will be debated",
            ],
            ..NONE
        },
    );
}

#[test]
fn today_header_is_not_the_publication_date() {
    run(
        fixture!("page-date-today"),
        &Expect {
            title: Some("Hospital opens first robotic surgery unit"),
            removed: &[
                ("boilerplate", "Today is Monday, 5 May 2025"),
                ("boilerplate", "Breaking News"),
                ("boilerplate", "Sign in | Subscribe"),
                ("title", "Hospital opens first robotic surgery unit"),
            ],
            kept: &["The state hospital", "Two surgeons", "The first operation"],
            ..NONE
        },
    );
}

#[test]
fn tag_line_and_hashtag_line() {
    run(
        fixture!("tags-hashtags"),
        &Expect {
            title: Some("Shipping line adds direct route to North Africa"),
            tags: &["Shipping", "Trade", "North Africa", "Ports", "Exports"],
            removed: &[
                ("title", "Shipping line adds direct route to North Africa"),
                ("tags", "Tags: Shipping, Trade, North Africa"),
                ("tags", "#Shipping #Ports #Exports"),
            ],
            kept: &[
                "A container shipping line",
                "The route will cut",
                "Officials expect",
            ],
            ..NONE
        },
    );
}

#[test]
fn ticker_above_and_social_footer_below() {
    run(
        fixture!("ticker-handles"),
        &Expect {
            title: Some("Teachers call off strike after government improves pay offer"),
            removed: &[
                (
                    "boilerplate",
                    "BREAKING: Parliament to sit on Saturday to pass emergency bill",
                ),
                ("boilerplate", "EUR/USD 1.0823 | Gold $2,034 | Brent $81.20"),
                (
                    "title",
                    "Teachers call off strike after government improves pay offer",
                ),
                (
                    "boilerplate",
                    "Follow our reporter on Twitter: @jdoe_reports",
                ),
                ("boilerplate", "Facebook Twitter WhatsApp Email Print"),
            ],
            kept: &[
                "Teachers' unions called off",
                "The new offer raises",
                "Union leaders said",
            ],
            ..NONE
        },
    );
}

#[test]
fn empty_and_whitespace_only_give_an_empty_article() {
    for text in ["", " ", "\n\n\r\n", " \t\u{a0}\u{feff}\n  \u{2028} "] {
        let a = clean(text);
        assert_eq!(a.text, "");
        assert!(a.paragraphs.is_empty() && a.removed.is_empty() && a.title.is_none());
    }
}

#[test]
fn one_20_megabyte_line_is_fine() {
    let sentence = "The committee said on Monday that the report would be published next week. ";
    let big = sentence.repeat(20_000_000 / sentence.len());
    let start = std::time::Instant::now();
    let a = clean(&big);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(a.paragraphs.len(), 1);
    assert_eq!(a.text, big.trim_end());
    // Generous bound: linear work is well under this even in a debug build.
    assert!(secs < 60.0, "took {secs:.1}s");
}

#[test]
fn many_short_lines_are_linear() {
    let text = "Home\nNews\nSport\n".repeat(30_000);
    let a = clean(&text);
    assert_eq!(a.text, "");
    assert_eq!(a.removed.len(), 90_000);
}

#[test]
fn multibyte_offsets() {
    let text = "Café owners in Zürich protest €5 fee 😀 for terraces\r\n\r\nCafé owners in Zürich protested on Monday against a new €5 fee 😀 for terraces, which the city says will pay for street cleaning.\r\n\r\nShare it...\r\n";
    let a = clean(text);
    check_offsets(text, &a);
    assert_eq!(
        a.title.as_deref(),
        Some("Café owners in Zürich protest €5 fee 😀 for terraces")
    );
    assert_eq!(a.paragraphs.len(), 1);
    assert!(a.text.starts_with("Café owners in Zürich protested"));
    assert_eq!(a.sentences.len(), 1);
    let short = clean("Prices rose. Mr. Borg said so. “Fine,” he added.");
    let got: Vec<&str> = short
        .sentences
        .iter()
        .map(|s| &short.text[s.byte.clone()])
        .collect();
    assert_eq!(
        got,
        ["Prices rose.", "Mr. Borg said so.", "“Fine,” he added."]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_decode_and_clean_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(d) = decode(&bytes) {
            let a = clean(&d.text);
            check_offsets(&d.text, &a);
        }
    }

    #[test]
    fn any_text_cleans_with_valid_offsets(text in "(?s)[a-zA-Z0-9 .,:;!?()\\-|#@©€é😀\u{a0}\r\n\t]{0,600}") {
        let a = clean(&text);
        check_offsets(&text, &a);
    }

    #[test]
    fn any_lines_of_words(lines in proptest::collection::vec("[A-Z]?[a-z]{0,8}( [A-Za-z]{1,8}){0,25}[.:!]?", 0..30), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n\r\n" } else { "\n" });
        let a = clean(&text);
        check_offsets(&text, &a);
    }
}

#[test]
fn agency_dateline_with_date_and_reporting_credit() {
    run(
        fixture!("agency-credit-line"),
        &Expect {
            title: Some("Oil prices rise as supply concerns offset demand worries"),
            date: Some("2025-03-04"),
            source: Some("Reuters"),
            dateline: Some("LONDON"),
            byline: Some("Anna Petrova"),
            removed: &[
                (
                    "title",
                    "Oil prices rise as supply concerns offset demand worries",
                ),
                ("byline", "By Anna Petrova"),
                ("date", "March 4, 2025 10:15 AM UTC"),
                ("dateline", "LONDON, March 4 (Reuters) -"),
                (
                    "byline",
                    "(Reporting by Anna Petrova; Editing by Mark Potter)",
                ),
            ],
            kept: &[
                "Oil prices rose on Tuesday",
                "Brent crude futures",
                "\"The market is caught",
            ],
            ..NONE
        },
    );
}

#[test]
fn reader_comments_are_cut_from_their_header_on() {
    run(
        fixture!("comment-section"),
        &Expect {
            title: Some("Why turnout matters more than polls in local elections"),
            date: Some("2025-03-04"),
            removed: &[
                ("boilerplate", "Home » Politics » Elections"),
                ("title", "Why turnout matters more than polls in local elections"),
                ("date", "Posted on March 4, 2025 by admin"),
                ("boilerplate", "Related posts:"),
                ("boilerplate", "What the new boundaries mean for your ward"),
                ("boilerplate", "Five things to know before polling day"),
                ("comments", "12 thoughts on \"Why turnout matters more than polls in local elections\""),
                ("comments", "John says:"),
                ("comments", "March 4, 2025 at 3:12 pm"),
                ("comments", "I completely agree with this analysis, the council has ignored young voters for years."),
                ("comments", "Reply"),
                ("comments", "Leave a Reply Cancel reply"),
                ("comments", "Your email address will not be published."),
            ],
            kept: &["Local elections are often", "In the last council", "Campaigners say"],
            ..NONE
        },
    );
}

#[test]
fn byline_above_an_agency_dateline_without_headline() {
    run(
        fixture!("byline-no-headline"),
        &Expect {
            source: Some("AP"),
            dateline: Some("WASHINGTON"),
            byline: Some("JOHN SMITH and MARY JONES"),
            removed: &[
                ("byline", "By JOHN SMITH and MARY JONES"),
                ("boilerplate", "Associated Press"),
                ("dateline", "WASHINGTON (AP) —"),
                ("boilerplate", "___"),
            ],
            kept: &[
                "The Senate passed",
                "The vote was 68-31",
                "\"This is how",
                "The House is expected",
                "Associated Press writer",
            ],
            ..NONE
        },
    );
}

#[test]
fn crossheads_and_questions_inside_the_body_are_kept() {
    run(
        fixture!("crossheads-qa"),
        &Expect {
            title: Some("What the new housing law means for renters"),
            removed: &[("title", "What the new housing law means for renters")],
            kept: &[
                "Parliament passed a law",
                "The law applies",
                "What changes for tenants",
                "Tenants will be able",
                "Rent increases will be limited",
                "What landlords say",
                "The landlords' association",
                "\"We warned the government",
                "What happens next?",
                "The housing authority",
                "Q: Does the law apply",
                "A: No, only to contracts",
            ],
            ..NONE
        },
    );
}

#[test]
fn removal_reasons_serialize_in_kebab_case() {
    let a = clean(fixture!("repeated-headline"));
    let json = serde_json::to_string(&a.removed).unwrap();
    assert!(json.contains("\"duplicate-title\""), "{json}");
    assert!(json.contains("\"reason\":\"date\""), "{json}");
}

#[test]
fn prose_in_an_unknown_language_is_not_dropped_whole() {
    let text = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do.\n";
    let a = clean(text);
    check_offsets(text, &a);
    assert_eq!(a.text, text.trim_end());
}

#[test]
fn tiny_texts_keep_their_sentence() {
    let one = clean("Barack Obama visited Paris on Monday.");
    assert_eq!(
        (one.title.as_deref(), one.text.as_str()),
        (None, "Barack Obama visited Paris on Monday.")
    );
    let line = clean("Barack Obama visited Paris");
    assert_eq!(
        (line.title.as_deref(), line.text.as_str()),
        (None, "Barack Obama visited Paris")
    );
    let two = clean("Obama in Paris\n\nBarack Obama visited Paris on Monday.\n");
    assert_eq!(two.title.as_deref(), Some("Obama in Paris"));
    assert_eq!(two.text, "Barack Obama visited Paris on Monday.");
    let chrome = clean("Share this article\n\nSubscribe to our newsletter\n");
    assert_eq!(chrome.text, "", "page furniture alone is not an article");
}

/// A text of many stories, well past the learned cleaner's page sizes: every story's prose is
/// kept (the learned cleaner, trained on single pages, used to cut up to half of it).
#[test]
fn a_year_of_articles_in_one_file_keeps_its_prose() {
    let people = [
        "Maria Santos",
        "Tom Okafor",
        "Ines Berg",
        "Raj Patel",
        "Lena Novak",
        "Sam Hale",
    ];
    let places = [
        "Leeds", "Porto", "Gdansk", "Nairobi", "Osaka", "Quito", "Tromso",
    ];
    let verbs = [
        "announced",
        "questioned",
        "defended",
        "postponed",
        "criticised",
        "welcomed",
    ];
    let things = [
        "the budget",
        "a new rail line",
        "the harbour plan",
        "school funding",
        "the tariff",
    ];
    let mut text = String::new();
    let mut prose = 0;
    let mut story = 0;
    while text.len() < entity_lens_engine::clean::MODEL_MAX_BYTES * 3 {
        story += 1;
        text.push_str(&format!(
            "Story {story}: {} in {}\n\n",
            things[story % 5],
            places[story % 7]
        ));
        for p in 0..4 {
            let mut paragraph = String::new();
            for s in 0..4 {
                let k = story * 31 + p * 7 + s;
                paragraph.push_str(&format!(
                    "{} {} {} in {} on day {} of the year, saying {} people and {} firms would be affected. ",
                    people[k % 6], verbs[(k / 6) % 6], things[(k / 36) % 5], places[k % 7], k % 365 + 1,
                    k * 17 % 9000 + 100, k * 7 % 400 + 3,
                ));
            }
            let paragraph = paragraph.trim_end();
            prose += paragraph.len();
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
    }
    let article = clean(&text);
    let kept = article.text.len();
    assert!(
        kept * 100 >= prose * 97,
        "kept {kept} bytes of {prose} bytes of prose"
    );
}
