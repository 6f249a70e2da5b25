//! The group stage: one name per entity (each joining rule, and the cases that must stay
//! apart), stable ids, manual overrides, the co-occurrence network and its layout, the
//! timeline (each date form) and contexts.
//!
//! Fixtures: `tests/fixtures/group/*.txt`, articles written for these tests with their mentions
//! marked (`[text](LABEL)`, see the README there), turned into `Document`s here so each rule is
//! tested independently of the recognizer; `plain/` is run through the real engine.

use std::path::PathBuf;
use std::sync::OnceLock;

use entity_lens_engine::clean::Article;
use entity_lens_engine::group::timeline::{Precision, Unresolved};
use entity_lens_engine::group::{
    self, contexts, layout, network, overrides, sort_contexts, timeline, Doc, Edit, Grouping,
    LayoutOptions, Overrides, Resolution, Scope, Side, Take,
};
use entity_lens_engine::recognize::Label;
use entity_lens_engine::refine::{Change, Mention};
use entity_lens_engine::span::OffsetMap;
use entity_lens_engine::{Analysis, Document, Engine, Options};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/group")
}

/// A fixture article as a document with exactly its marked mentions.
fn fixture(name: &str) -> Document {
    let path = fixture_dir().join(format!("{name}.txt"));
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    parse_fixture(&source)
}

/// `# date:` lines, one sentence per line, blank lines between paragraphs, `[text](LABEL)`.
fn parse_fixture(source: &str) -> Document {
    let mut date = None;
    let mut text = String::new();
    // (byte start, byte end, label) of mentions; (byte start, byte end) of sentences.
    let mut marks: Vec<(usize, usize, Label)> = Vec::new();
    let mut sents: Vec<(usize, usize)> = Vec::new();
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut paragraph_start: Option<usize> = None;
    for line in source.lines() {
        if let Some(d) = line.strip_prefix("# date:") {
            date = Some(d.trim().to_owned());
            continue;
        }
        if line.trim().is_empty() {
            if let Some(start) = paragraph_start.take() {
                paragraphs.push((start, text.trim_end().len()));
                text.push('\n');
            }
            continue;
        }
        let start = text.len();
        paragraph_start.get_or_insert(start);
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            text.push_str(&rest[..open]);
            let close = rest[open..].find("](").expect("mark closes") + open;
            let end = rest[close..].find(')').expect("label closes") + close;
            let surface = &rest[open + 1..close];
            let label = Label::from_name(&rest[close + 2..end]).expect("known label");
            marks.push((text.len(), text.len() + surface.len(), label));
            text.push_str(surface);
            rest = &rest[end + 1..];
        }
        text.push_str(rest);
        sents.push((start, text.len()));
        text.push('\n');
    }
    if let Some(start) = paragraph_start {
        paragraphs.push((start, text.trim_end().len()));
    }
    let map = OffsetMap::new(&text);
    let span = |(s, e): (usize, usize)| {
        let char_of = |b: usize| text[..b].chars().count();
        map.span(char_of(s)..char_of(e))
    };
    let mentions = marks
        .iter()
        .map(|&(s, e, label)| Mention {
            span: span((s, e)),
            label: Some(label),
            raw_label: Some(label),
            change: Change::Kept,
            rule: None,
        })
        .collect();
    Document {
        provenance: Default::default(),
        kind: entity_lens_engine::intake::Kind::Text,
        encoding: "UTF-8",
        article: Article {
            date,
            paragraphs: paragraphs.into_iter().map(span).collect(),
            text: text.clone(),
            ..Article::default()
        },
        analysis: Analysis {
            sents: sents.into_iter().map(span).collect(),
            ..Analysis::default()
        },
        mentions,
    }
}

fn docs<'a>(names: &'a [&'a str], documents: &'a [Document]) -> Vec<Doc<'a>> {
    names
        .iter()
        .zip(documents)
        .map(|(name, document)| Doc { name, document })
        .collect()
}

fn load(names: &[&str]) -> Vec<Document> {
    names.iter().map(|n| fixture(n)).collect()
}

/// The entity of the first mention written `text` in document `d`.
fn entity_of(grouping: &Grouping, corpus: &[Doc<'_>], d: usize, text: &str) -> usize {
    let doc = &corpus[d];
    let m = doc
        .document
        .mentions
        .iter()
        .position(|m| &doc.document.article.text[m.span.byte.clone()] == text)
        .unwrap_or_else(|| panic!("no mention {text:?} in {}", doc.name));
    grouping.links[d][m].expect("the mention is linked")
}

fn plain_grouping(names: &[&str], documents: &[Document]) -> Grouping {
    group::group_with(
        &docs(names, documents),
        &entity_lens_engine::refine::gazetteer::Gazetteer::default(),
        &Overrides::default(),
    )
}

#[test]
fn partial_names_join_the_full_name_of_their_article() {
    let names = ["people-a"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let blinken = entity_of(&g, &corpus, 0, "Antony Blinken");
    assert_eq!(entity_of(&g, &corpus, 0, "Blinken"), blinken);
    assert_eq!(entity_of(&g, &corpus, 0, "Blinken's"), blinken);
    let drian = entity_of(&g, &corpus, 0, "Jean-Yves Le Drian");
    assert_eq!(entity_of(&g, &corpus, 0, "Le Drian"), drian);
    let smith = entity_of(&g, &corpus, 0, "John Smith");
    assert_eq!(entity_of(&g, &corpus, 0, "Mr Smith"), smith);
    assert_eq!(entity_of(&g, &corpus, 0, "Smith"), smith);
    let e = &g.entities[blinken];
    assert_eq!(e.name, "Antony Blinken");
    assert_eq!(e.id, "person:antony-blinken");
    assert_eq!(e.label, Label::Person);
    assert_eq!(e.mentions, 3);
    assert_eq!(e.documents, 1);
    assert_eq!(e.aliases, ["Antony Blinken", "Blinken"]);
    // Paris (GPE) and Friday (DATE) are entities of their own.
    assert_eq!(g.entities.len(), 5);
}

#[test]
fn partial_names_join_across_the_corpus_only_when_unambiguous() {
    let names = ["people-a", "people-b", "people-c"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    // `Blinken` and `Le Drian` alone in people-b: one full name each in the corpus.
    assert_eq!(
        entity_of(&g, &corpus, 1, "Blinken"),
        entity_of(&g, &corpus, 0, "Antony Blinken")
    );
    assert_eq!(
        entity_of(&g, &corpus, 1, "Le Drian"),
        entity_of(&g, &corpus, 0, "Jean-Yves Le Drian")
    );
    // Two people named Smith in two articles stay two.
    let john = entity_of(&g, &corpus, 0, "John Smith");
    let jane = entity_of(&g, &corpus, 1, "Jane Smith");
    assert_ne!(john, jane);
    assert_eq!(entity_of(&g, &corpus, 1, "Smith"), jane);
    // `Smith` alone in people-c could be either: apart from both.
    let smith = entity_of(&g, &corpus, 2, "Smith");
    assert_ne!(smith, john);
    assert_ne!(smith, jane);
    assert_eq!(g.entities[smith].name, "Smith");
    // `Thomas` in an article with `Thomas Bach` and `Mark Thomas` joins neither, and the
    // corpus step does not decide for it either.
    let thomas = entity_of(&g, &corpus, 2, "Thomas");
    assert_ne!(thomas, entity_of(&g, &corpus, 2, "Thomas Bach"));
    assert_ne!(thomas, entity_of(&g, &corpus, 2, "Mark Thomas"));
    assert_eq!(g.entities[john].documents, 1);
    assert_eq!(
        g.entities[entity_of(&g, &corpus, 0, "Antony Blinken")].documents,
        2
    );
}

#[test]
fn spelling_punctuation_and_alias_variants_join_but_labels_stay_apart() {
    let names = ["variants"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let karabakh = entity_of(&g, &corpus, 0, "Nagorno-Karabakh");
    assert_eq!(entity_of(&g, &corpus, 0, "Nagorny Karabakh"), karabakh);
    assert_eq!(entity_of(&g, &corpus, 0, "Nagorno Karabakh"), karabakh);
    assert_eq!(g.entities[karabakh].mentions, 3);
    let us = entity_of(&g, &corpus, 0, "The United States");
    for form in ["U.S.", "US", "The United States of America"] {
        assert_eq!(entity_of(&g, &corpus, 0, form), us, "{form}");
    }
    assert_eq!(g.entities[us].name, "United States");
    assert_eq!(g.entities[us].id, "gpe:united-states");
    assert_eq!(g.entities[us].mentions, 4);
    // A country and its demonym are two entities.
    let france = entity_of(&g, &corpus, 0, "France");
    let french = entity_of(&g, &corpus, 0, "French");
    assert_ne!(france, french);
    assert_eq!(g.entities[french].label, Label::Norp);
    // The possessive is not part of the name.
    assert_eq!(
        g.entities[entity_of(&g, &corpus, 0, "Russia's")].name,
        "Russia"
    );
}

#[test]
fn the_gazetteer_gives_aliases_their_canonical_name() {
    use entity_lens_engine::refine::gazetteer::{Gazetteer, Kind, Name};
    let gazetteer = Gazetteer::from_names([Name {
        name: "Karabakh".into(),
        kind: Kind::Region,
        label: Label::Gpe,
        canonical: "Nagorno-Karabakh".into(),
        ambiguous: false,
    }]);
    let document = parse_fixture(
        "[Karabakh](GPE) and [Nagorny Karabakh](GPE) are one place; [Karabakh](ORG) is not.\n",
    );
    let documents = [document];
    let names = ["k"];
    let corpus = docs(&names, &documents);
    let g = group::group_with(&corpus, &gazetteer, &Overrides::default());
    let gpe = g.links[0][0].unwrap();
    assert_eq!(g.links[0][1], Some(gpe));
    assert_eq!(g.entities[gpe].name, "Nagorno-Karabakh");
    assert_ne!(g.links[0][2], Some(gpe), "another label is another entity");
}

#[test]
fn acronyms_join_their_expansion_in_the_article_and_across_the_corpus_when_unambiguous() {
    let names = ["acronyms-a", "acronyms-b", "acronyms-c"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let osce = entity_of(
        &g,
        &corpus,
        0,
        "Organization for Security and Co-operation in Europe",
    );
    assert_eq!(entity_of(&g, &corpus, 0, "OSCE"), osce);
    assert_eq!(entity_of(&g, &corpus, 1, "OSCE"), osce);
    assert_eq!(entity_of(&g, &corpus, 2, "OSCE"), osce);
    assert_eq!(
        g.entities[osce].name,
        "Organization for Security and Co-operation in Europe"
    );
    assert_eq!(g.entities[osce].documents, 3);
    assert_ne!(entity_of(&g, &corpus, 0, "OSCE Minsk Group"), osce);
    // WHO is defined two ways: each article's WHO is its own expansion, and an undefined WHO
    // joins neither.
    let health = entity_of(&g, &corpus, 0, "World Health Organization");
    let hockey = entity_of(&g, &corpus, 1, "Women's Hockey Organisation");
    assert_ne!(health, hockey);
    assert_eq!(entity_of(&g, &corpus, 1, "WHO"), hockey);
    let who = entity_of(&g, &corpus, 2, "WHO");
    assert_ne!(who, health);
    assert_ne!(who, hockey);
}

#[test]
fn ids_are_stable_and_unrelated_articles_do_not_change_them() {
    let names = ["people-a", "people-b", "variants", "acronyms-a"];
    let documents = load(&names);
    let g1 = plain_grouping(&names, &documents);
    assert_eq!(g1, plain_grouping(&names, &documents));
    let mut more_names = names.to_vec();
    more_names.insert(1, "unrelated");
    let more = load(&more_names);
    let g2 = plain_grouping(&more_names, &more);
    for e in &g1.entities {
        let i = g2.find(&e.id).unwrap_or_else(|| panic!("{} lost", e.id));
        assert_eq!(&g2.entities[i], e);
    }
    assert!(g2.entities.len() > g1.entities.len());
    let mut ids: Vec<&str> = g2.entities.iter().map(|e| e.id.as_str()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique and sorted");
}

#[test]
fn overrides_merge_split_and_rename_and_survive_serde() {
    let names = ["people-a", "people-b", "people-c"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let overrides = Overrides {
        edits: vec![
            Edit::Merge {
                entities: vec!["person:smith".into(), "person:jane-smith".into()],
                name: None,
            },
            Edit::Split {
                entity: "person:antony-blinken".into(),
                take: vec![Take::Document {
                    doc: "people-b".into(),
                }],
                name: Some("Blinken (Geneva)".into()),
            },
            Edit::Rename {
                entity: "person:jean-yves-le-drian".into(),
                name: "J.-Y. Le Drian".into(),
            },
            Edit::Merge {
                entities: vec!["person:nobody".into()],
                name: None,
            },
        ],
    };
    let json = serde_json::to_string(&overrides).expect("serializes");
    let back: Overrides = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, overrides);
    assert!(json.contains(r#""op":"merge""#), "{json}");

    let mut g = plain_grouping(&names, &documents);
    let skipped = overrides::apply(&mut g, &corpus, &overrides);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped.iter().all(|s| s.edit == 3));
    let jane = entity_of(&g, &corpus, 1, "Jane Smith");
    assert_eq!(entity_of(&g, &corpus, 2, "Smith"), jane);
    assert_eq!(g.entities[jane].id, "person:smith");
    assert_eq!(g.entities[jane].documents, 2);
    assert!(g.find("person:jane-smith").is_none());
    let geneva = entity_of(&g, &corpus, 1, "Blinken");
    assert_eq!(g.entities[geneva].id, "person:blinken-geneva");
    assert_eq!(g.entities[geneva].name, "Blinken (Geneva)");
    let blinken = entity_of(&g, &corpus, 0, "Antony Blinken");
    assert_ne!(geneva, blinken);
    assert_eq!(g.entities[blinken].mentions, 3);
    assert_eq!(
        g.entities[entity_of(&g, &corpus, 0, "Le Drian")].name,
        "J.-Y. Le Drian"
    );
    // The same edits through `group_with` give the same grouping.
    let again = group::group_with(
        &corpus,
        &entity_lens_engine::refine::gazetteer::Gazetteer::default(),
        &overrides,
    );
    assert_eq!(again, g);
}

#[test]
fn network_weights_count_shared_sentences_paragraphs_and_articles() {
    let names = ["network", "variants"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let id = |name: &str| g.find(&format!("gpe:{name}")).expect(name);
    let (armenia, azerbaijan, russia, turkey) =
        (id("armenia"), id("azerbaijan"), id("russia"), id("turkey"));
    let weight = |n: &group::Network, a: usize, b: usize| {
        let (s, t) = (a.min(b), a.max(b));
        n.edges
            .iter()
            .find(|e| e.source == s && e.target == t)
            .map_or(0, |e| e.weight)
    };
    let sentence = network(&corpus, &g, Scope::Sentence);
    assert_eq!(weight(&sentence, armenia, azerbaijan), 2);
    assert_eq!(weight(&sentence, armenia, russia), 1);
    assert_eq!(weight(&sentence, russia, turkey), 1);
    assert_eq!(weight(&sentence, armenia, turkey), 0);
    let paragraph = network(&corpus, &g, Scope::Paragraph);
    assert_eq!(weight(&paragraph, armenia, azerbaijan), 1);
    assert_eq!(weight(&paragraph, armenia, turkey), 1);
    assert_eq!(weight(&paragraph, russia, azerbaijan), 1);
    assert_eq!(weight(&paragraph, azerbaijan, turkey), 0);
    let article = network(&corpus, &g, Scope::Article);
    assert_eq!(weight(&article, azerbaijan, turkey), 1);
    // Russia is in both articles, with the United States only in `variants`.
    assert_eq!(weight(&article, russia, id("united-states")), 1);
    assert_eq!(weight(&article, russia, armenia), 1);
    assert!(article.edges.iter().all(|e| e.source < e.target));
    assert!(article.nodes.windows(2).all(|w| w[0] < w[1]));
    let pruned = article.pruned(1, 3, |e| g.entities[e].label == Label::Gpe);
    assert_eq!(pruned.edges.len(), 3);
    assert!(pruned
        .edges
        .iter()
        .all(|e| g.entities[e.source].label == Label::Gpe));
}

#[test]
fn layout_is_deterministic_and_in_the_frame() {
    let names = ["network", "variants", "people-a"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let net = network(&corpus, &g, Scope::Article);
    let options = LayoutOptions::default();
    let a = layout(&net, &options);
    assert_eq!(a.len(), net.nodes.len());
    assert_eq!(a, layout(&net, &options));
    assert!(a
        .iter()
        .all(|p| (0.0..=options.width).contains(&p.x) && (0.0..=options.height).contains(&p.y)));
}

#[test]
fn layout_of_500_nodes_and_5000_edges_is_fast_enough_for_a_worker() {
    // A ring of 500 nodes plus pseudo-random chords: 5,000 edges.
    let n = 500;
    let mut edges = Vec::new();
    let mut x: u64 = 7;
    while edges.len() < 5000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let a = (x >> 33) as usize % n;
        let b = (x >> 13) as usize % n;
        if a != b {
            edges.push((a, b, 1.0 + (x % 5) as f64));
        }
    }
    let start = std::time::Instant::now();
    let pos = group::layout_graph(n, &edges, None, &LayoutOptions::default());
    let elapsed = start.elapsed();
    assert_eq!(pos.len(), n);
    // Generous: a debug-profile test on a shared machine (the benchmark quotes real numbers).
    assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
}

fn resolved(r: &Resolution) -> (&str, &str, Precision) {
    match r {
        Resolution::Resolved(r) => (&r.start, &r.end, r.precision),
        Resolution::Unresolved { reason } => panic!("unresolved: {reason:?}"),
    }
}

#[test]
fn dates_resolve_against_the_publication_date() {
    let names = ["dates"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let t = timeline(&corpus);
    assert_eq!(t.articles[0].date.as_deref(), Some("2020-11-28"));
    let by_text = |text: &str| {
        t.dates
            .iter()
            .find(|d| d.text == text)
            .unwrap_or_else(|| panic!("{text} missing"))
    };
    use Precision::*;
    let cases: [(&str, &str, &str, Precision); 18] = [
        ("November 9", "2020-11-09", "2020-11-09", Day),
        ("on Tuesday", "2020-11-24", "2020-11-24", Day),
        ("last year", "2019-01-01", "2019-12-31", Year),
        ("1994", "1994-01-01", "1994-12-31", Year),
        ("the end of September", "2020-09-21", "2020-09-30", Month),
        ("2020-11-28", "2020-11-28", "2020-11-28", Day),
        ("28th November, 2020", "2020-11-28", "2020-11-28", Day),
        ("mid-2019", "2019-05-01", "2019-08-31", Year),
        ("the 1990s", "1990-01-01", "1999-12-31", Decade),
        ("next week", "2020-11-30", "2020-12-06", Week),
        ("next year", "2021-01-01", "2021-12-31", Year),
        ("three years ago", "2017-01-01", "2017-12-31", Year),
        ("the third quarter", "2020-07-01", "2020-09-30", Quarter),
        ("the summer of 2019", "2019-06-01", "2019-08-31", Season),
        ("early December", "2020-12-01", "2020-12-10", Month),
        ("yesterday", "2020-11-27", "2020-11-27", Day),
        ("earlier this year", "2020-01-01", "2020-11-28", Year),
        ("last year", "2019-01-01", "2019-12-31", Year),
    ];
    for (text, start, end, precision) in cases {
        assert_eq!(
            resolved(&by_text(text).resolution),
            (start, end, precision),
            "{text}"
        );
    }
    let reason = |text: &str| match by_text(text).resolution {
        Resolution::Unresolved { reason } => reason,
        ref r => panic!("{text} resolved: {r:?}"),
    };
    assert_eq!(reason("two years"), Unresolved::Duration);
    assert_eq!(reason("9/11/2020"), Unresolved::Ambiguous);
    assert_eq!(reason("recent years"), Unresolved::Vague);
    assert_eq!(reason("February 30, 2020"), Unresolved::Invalid);
    // Each date comes with its sentence.
    let d = by_text("on Tuesday");
    let sentence = d.sentence.as_ref().expect("in a sentence");
    let text = &documents[0].article.text[sentence.byte.clone()];
    assert!(text.starts_with("The talks of November 9 failed"), "{text}");
    assert_eq!(t.dates.len(), documents[0].mentions.len());
}

#[test]
fn without_a_publication_date_only_absolute_dates_resolve() {
    let names = ["dates-undated"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let t = timeline(&corpus);
    assert_eq!(t.articles[0].date, None);
    let reason = |i: usize| match &t.dates[i].resolution {
        Resolution::Unresolved { reason } => Some(*reason),
        Resolution::Resolved(_) => None,
    };
    assert_eq!(reason(0), Some(Unresolved::NoPublicationDate)); // November 9
    assert_eq!(reason(1), Some(Unresolved::NoPublicationDate)); // on Tuesday
    assert_eq!(
        resolved(&t.dates[2].resolution),
        ("1994-01-01", "1994-12-31", Precision::Year)
    );
    assert_eq!(
        resolved(&t.dates[3].resolution),
        ("2020-09-01", "2020-09-30", Precision::Month)
    );
}

#[test]
fn more_date_forms() {
    let p = Some("2020-11-28"); // a Saturday
    let cases: [(&str, &str, &str); 24] = [
        ("Tuesday, November 10, 2020", "2020-11-10", "2020-11-10"),
        ("Nov. 9", "2020-11-09", "2020-11-09"),
        ("9 November", "2020-11-09", "2020-11-09"),
        ("the 9th of November", "2020-11-09", "2020-11-09"),
        ("January 5", "2021-01-05", "2021-01-05"),
        ("December 2019", "2019-12-01", "2019-12-31"),
        ("September", "2020-09-01", "2020-09-30"),
        ("November 9-10", "2020-11-09", "2020-11-10"),
        ("2004-05", "2004-01-01", "2005-12-31"),
        ("between 2010 and 2015", "2010-01-01", "2015-12-31"),
        ("this week", "2020-11-23", "2020-11-29"),
        ("last week", "2020-11-16", "2020-11-22"),
        ("last month", "2020-10-01", "2020-10-31"),
        ("the weekend", "2020-11-28", "2020-11-29"),
        ("last Tuesday", "2020-11-24", "2020-11-24"),
        ("next Monday", "2020-11-30", "2020-11-30"),
        ("Saturday", "2020-11-28", "2020-11-28"),
        ("two weeks ago", "2020-11-09", "2020-11-15"),
        ("the past three years", "2017-11-28", "2020-11-28"),
        ("the end of the year", "2020-09-01", "2020-12-31"),
        ("Christmas", "2020-12-25", "2020-12-25"),
        ("the 20th century", "1900-01-01", "1999-12-31"),
        ("the '80s", "1980-01-01", "1989-12-31"),
        ("Q1 2021", "2021-01-01", "2021-03-31"),
    ];
    for (text, start, end) in cases {
        let r = group::resolve(text, p);
        let (s, e, _) = resolved(&r);
        assert_eq!((s, e), (start, end), "{text}");
    }
    for text in [
        "annual",
        "a few days ago",
        "the day",
        "winter 2019",
        "",
        "Brexit day",
    ] {
        assert!(
            matches!(group::resolve(text, p), Resolution::Unresolved { .. }),
            "{text} must stay unresolved"
        );
    }
    // A bad publication date is no publication date.
    assert_eq!(
        group::resolve("on Tuesday", Some("2020-13-45")),
        Resolution::Unresolved {
            reason: Unresolved::NoPublicationDate
        }
    );
    assert!(matches!(
        group::resolve("99999999999 years ago", p),
        Resolution::Unresolved { .. }
    ));
}

#[test]
fn contexts_show_every_mention_with_its_surroundings() {
    let names = ["people-a", "people-b"];
    let documents = load(&names);
    let corpus = docs(&names, &documents);
    let g = plain_grouping(&names, &documents);
    let blinken = g.find("person:antony-blinken").expect("Blinken");
    let mut kwic = contexts(&corpus, &g, blinken, 20);
    assert_eq!(kwic.len(), 4);
    assert_eq!(kwic[0].keyword, "Antony Blinken");
    assert_eq!(kwic[0].left, "");
    assert_eq!(kwic[0].right, "met Jean-Yves Le");
    assert_eq!(kwic[3].doc, 1);
    assert_eq!(kwic[3].left, "Geneva. Smith met");
    for c in &kwic {
        let text = &documents[c.doc].article.text;
        assert_eq!(&text[c.span.byte.clone()], c.keyword);
        assert!(c.left.chars().count() <= 20 && c.right.chars().count() <= 20);
        assert!(!c.left.contains('\n') && !c.right.contains('\n'));
    }
    sort_contexts(&mut kwic, Side::Right);
    assert_eq!(kwic[0].right, "aide later called");
    sort_contexts(&mut kwic, Side::Left);
    assert_eq!(kwic[0].left, "");
    assert_eq!(kwic[1].left, "to comment.");
    assert_eq!(kwic[3].left, "Geneva. Smith met");
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::bundled().expect("the bundled model loads"))
}

#[test]
fn a_real_article_through_the_engine() {
    let path = fixture_dir().join("plain/karabakh.txt");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let document = engine().analyze_text(&text, Options::default());
    assert_eq!(document.article.date.as_deref(), Some("2020-11-28"));
    let documents = [document];
    let names = ["karabakh"];
    let corpus = docs(&names, &documents);
    let g = group::group(&corpus);
    let d = &documents[0];
    // Every labelled mention is linked, and mentions with the same label and text share one.
    for (m, mention) in d.mentions.iter().enumerate() {
        assert_eq!(g.links[0][m].is_some(), mention.label.is_some());
    }
    let linked: Vec<(&str, Label, usize)> = d
        .mentions
        .iter()
        .zip(&g.links[0])
        .filter_map(|(m, l)| Some((&d.article.text[m.span.byte.clone()], m.label?, (*l)?)))
        .collect();
    for a in &linked {
        for b in &linked {
            if a.0 == b.0 && a.1 == b.1 {
                assert_eq!(a.2, b.2, "{} split", a.0);
            }
        }
    }
    // `Esper` joins `Mark Esper` when the recognizer finds both as people.
    let person = |t: &str| {
        linked
            .iter()
            .find(|x| x.0 == t && x.1 == Label::Person)
            .unwrap_or_else(|| panic!("{t} is a person: {linked:?}"))
    };
    assert_eq!(person("Mark Esper").2, person("Esper").2);
    let total: usize = g.entities.iter().map(|e| e.mentions).sum();
    assert_eq!(total, linked.len());
    // The timeline places `Tuesday` on the Tuesday before the article's date.
    let t = timeline(&corpus);
    let tuesday = t
        .dates
        .iter()
        .find(|x| x.text.contains("Tuesday"))
        .unwrap_or_else(|| panic!("Tuesday is a date: {:?}", t.dates));
    assert_eq!(resolved(&tuesday.resolution).0, "2020-11-24");
    assert!(
        t.dates.iter().any(|x| x.text.contains("1994")),
        "{:?}",
        t.dates
    );
}
