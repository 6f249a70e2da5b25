//! Intake: news-database exports split into their articles with the export's own fields,
//! tables read row by row, ordinary articles never split, provenance on every item.
//!
//! Fixtures: crates/engine/tests/fixtures/intake/ (written by the team in the exports' layouts;
//! see the README there).

use std::path::{Path, PathBuf};

use entity_lens_engine::clean::Article;
use entity_lens_engine::intake::{
    self, Body, IntakeError, IntakeOptions, Item, JsonLines, Kind, Provenance,
};
use entity_lens_engine::{Engine, Options};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/intake")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str, bytes: &[u8]) -> Vec<Result<Item, IntakeError>> {
    intake::read(name, bytes, &IntakeOptions::default())
}

fn article(item: &Item) -> &Article {
    match &item.body {
        Body::Article(article) => article,
        Body::Raw(_) => panic!("{:?} is raw text, not an article", item.provenance),
    }
}

fn ok(result: &Result<Item, IntakeError>) -> &Item {
    result.as_ref().unwrap_or_else(|e| panic!("{e}"))
}

/// Every piece of the article's text is the same text in the original.
fn traces_back(original: &str, article: &Article) {
    let chars: Vec<char> = original.chars().collect();
    assert!(!article.segments.is_empty());
    for seg in &article.segments {
        let piece = &article.text[seg.text.byte.clone()];
        assert_eq!(piece, &original[seg.original.byte.clone()]);
        let by_chars: String = chars[seg.original.char.clone()].iter().collect();
        assert_eq!(piece, by_chars);
    }
    for p in &article.paragraphs {
        assert!(!article.text[p.byte.clone()].trim().is_empty());
    }
}

#[test]
fn lexisnexis_text_export_is_split_with_its_fields() {
    let bytes = fixture("nexis.txt");
    let items = read("nexis.txt", &bytes);
    assert_eq!(items.len(), 3);
    let first = ok(&items[0]);
    assert_eq!(first.kind, Kind::Nexis);
    assert_eq!(first.provenance.name(), "nexis.txt#part1");
    let a = article(first);
    assert_eq!(
        a.title.as_deref(),
        Some("Turbine maker to open plant on the Clyde")
    );
    assert_eq!(a.source.as_deref(), Some("The Herald (Glasgow)"));
    assert_eq!(a.date.as_deref(), Some("2018-03-19"));
    assert_eq!(a.byline.as_deref(), Some("Fiona Mackay"));
    assert!(a
        .text
        .starts_with("A Danish turbine maker will open a factory in Greenock"));
    assert!(
        a.text.ends_with("during a visit to Inverclyde."),
        "{}",
        a.text
    );
    assert_eq!(a.paragraphs.len(), 2);
    for cut in ["LOAD-DATE", "BYLINE", "LENGTH", "Copyright", "DOCUMENTS"] {
        assert!(!a.text.contains(cut), "{cut} in {}", a.text);
    }
    let second = article(ok(&items[1]));
    assert_eq!(
        second.byline.as_deref(),
        Some("Alan Reid"),
        "`By` is not the name"
    );
    assert_eq!(second.date.as_deref(), Some("2018-03-17"));
    assert_eq!(second.source.as_deref(), Some("The Scotsman"));
    assert!(second
        .text
        .starts_with("Opposition members asked Derek Mackay"));
    assert!(!second.text.contains("Copyright") && !second.text.contains("DATELINE"));
    // A picture without text: reported, named, not dropped.
    assert!(matches!(items[2], Err(IntakeError::EmptyPart { part: 3 })));
    let text = std::str::from_utf8(&bytes).unwrap();
    traces_back(text, a);
    traces_back(text, second);
}

#[test]
fn nexis_uni_download_is_split_after_its_cover_page() {
    let bytes = fixture("nexis_uni.txt");
    let items = read("nexis_uni.txt", &bytes);
    assert_eq!(items.len(), 2);
    let a = article(ok(&items[0]));
    assert_eq!(
        a.title.as_deref(),
        Some("Port of Rotterdam reports record cargo")
    );
    assert_eq!(
        a.source.as_deref(),
        Some("The Financial Times (London, England)")
    );
    assert_eq!(a.date.as_deref(), Some("2019-02-28"));
    assert_eq!(a.byline.as_deref(), Some("Mehreen Khan in Brussels"));
    assert!(a.text.starts_with("The Port of Rotterdam handled a record"));
    assert!(a.text.ends_with("after Brexit."));
    for cut in [
        "Load-Date",
        "Classification",
        "Job Number",
        "Body",
        "End of Document",
    ] {
        assert!(!a.text.contains(cut), "{cut}");
    }
    let b = article(ok(&items[1]));
    assert_eq!(
        b.title.as_deref(),
        Some("Dutch cabinet backs rail link to Eindhoven")
    );
    assert_eq!(b.source.as_deref(), Some("NRC Handelsblad"));
    assert_eq!(b.date.as_deref(), Some("2019-03-02"));
    assert_eq!(
        b.text.lines().last(),
        Some("ProRail will start work in 2021.")
    );
    assert_eq!(ok(&items[1]).provenance.part, Some(2));
    traces_back(std::str::from_utf8(&bytes).unwrap(), b);
}

#[test]
fn factiva_field_codes_give_each_article_its_fields() {
    let bytes = fixture("factiva_fields.txt");
    let items = read("factiva_fields.txt", &bytes);
    assert_eq!(items.len(), 2);
    let first = ok(&items[0]);
    assert_eq!(first.kind, Kind::Factiva);
    assert_eq!(
        first.provenance.id.as_deref(),
        Some("LBA0000020180516ee5g00abc")
    );
    let a = article(first);
    assert_eq!(
        a.title.as_deref(),
        Some("Brazil central bank holds rate at 6.5 percent")
    );
    assert_eq!(a.byline.as_deref(), Some("Marcela Ayres"));
    assert_eq!(a.date.as_deref(), Some("2018-05-16"));
    assert_eq!(a.source.as_deref(), Some("Reuters News"));
    // Lead paragraphs (LP), then the text (TD), as paragraphs.
    assert!(a
        .text
        .starts_with("BRASILIA, May 16 (Reuters) - Brazil's central bank"));
    assert!(a.text.contains("Ilan Goldfajn") && a.text.ends_with("had expected a cut."));
    assert_eq!(a.paragraphs.len(), 4);
    for cut in [
        "bcbras",
        "Equity Markets",
        "Thomson Reuters (Markets)",
        "Document LBA",
    ] {
        assert!(!a.text.contains(cut), "{cut}");
    }
    let b = article(ok(&items[1]));
    assert_eq!(
        b.title.as_deref(),
        Some("Vale shares rise after dam settlement")
    );
    assert_eq!(b.byline, None);
    // "IN 2015, ..." is text, not the IN (industry) code.
    assert!(b
        .text
        .ends_with("IN 2015, a dam owned by Samarco burst in Minas Gerais."));
    assert!(!b.text.contains("Search Summary"));
    traces_back(std::str::from_utf8(&bytes).unwrap(), a);
}

#[test]
fn factiva_article_text_is_split_at_its_document_numbers() {
    let bytes = fixture("factiva_plain.txt");
    let items = read("factiva_plain.txt", &bytes);
    assert_eq!(items.len(), 2);
    let first = ok(&items[0]);
    assert_eq!(
        first.provenance.id.as_deref(),
        Some("TIMEUK0020100303e6330001v")
    );
    let a = article(first);
    assert_eq!(
        a.title.as_deref(),
        Some("Airline orders 40 jets from Airbus")
    );
    assert_eq!(a.tags, ["Business"]);
    assert_eq!(a.byline.as_deref(), Some("Jane Whitfield"));
    assert_eq!(a.date.as_deref(), Some("2010-03-03"));
    assert_eq!(a.source.as_deref(), Some("The Times"));
    assert!(a
        .text
        .starts_with("easyJet has ordered 40 aircraft from Airbus"));
    assert!(!a.text.contains("(c) 2010") && !a.text.contains("TIMEUK"));
    let b = article(ok(&items[1]));
    assert_eq!(b.title.as_deref(), Some("Bank of England holds rates"));
    assert_eq!(b.source.as_deref(), Some("The Guardian"));
    assert_eq!(b.date.as_deref(), Some("2010-03-04"));
    assert!(b.text.starts_with("The Bank of England kept") && b.text.ends_with("still fragile."));
    traces_back(std::str::from_utf8(&bytes).unwrap(), b);
}

#[test]
fn proquest_full_text_export_is_split_without_its_cover_and_closing_notes() {
    let bytes = fixture("proquest.txt");
    let items = read("proquest.txt", &bytes);
    assert_eq!(
        items.len(),
        2,
        "the cover and the contact notes are not articles"
    );
    let first = ok(&items[0]);
    assert_eq!(first.kind, Kind::ProQuest);
    assert_eq!(first.provenance.id.as_deref(), Some("1928374655"));
    assert_eq!(
        first.provenance.url.as_deref(),
        Some("https://www.example.org/docview/1928374655")
    );
    let a = article(first);
    assert_eq!(a.title.as_deref(), Some("Mining strike ends in Chile"));
    assert_eq!(a.byline.as_deref(), Some("Esposito, Anthony"));
    assert_eq!(
        a.source.as_deref(),
        Some("Wall Street Journal, Eastern edition; New York, N.Y.")
    );
    assert_eq!(a.date.as_deref(), Some("2017-08-12"));
    assert!(a.text.starts_with("Workers at the Escondida copper mine"));
    assert!(a.text.ends_with("the largest in the world."));
    assert!(!a.text.contains("Subject:") && !a.text.contains("None available"));
    let b = article(ok(&items[1]));
    assert_eq!(b.date.as_deref(), Some("2018-09-03"));
    assert!(b.text.starts_with("SANTIAGO -- Lithium prices fell"));
    traces_back(std::str::from_utf8(&bytes).unwrap(), b);
}

/// Ordinary news texts, some quoting the exports' marks in their prose or on a line of their
/// own: each is one raw article, exactly as it was.
const ORDINARY: &[&str] = &[
    "Court releases the files\n\nBy Sam Ortiz\n\nWASHINGTON (AP) — A federal judge on Monday released \
     the second batch of records. Document 1 of 2 described the search; the other was sealed.\n\n\
     \"End of Document\" was stamped on every page, the clerk said.\n",
    "Archive opens to the public\nMarch 3, 2021\n\nThe city archive put its ledgers online.\n\
     Visitors saw a screen reading:\n\nDocument 1 of 2\n\nThe second ledger follows next week.\n\
     End of Document\n\nThe mayor, Ana Ruiz, called it a good start.\n",
    "Minutes of the meeting\n\nHD\tnot a Factiva file\nThe committee agreed on three points.\n\
     1 of 3 DOCUMENTS were approved, the chair said.\nLENGTH: the session ran two hours.\n",
    "Markets\n412 words\n3 March 2010\nShares in London rose on Tuesday as oil prices fell.\n\
     Traders said the Bank of England would hold rates.\n",
    "Full text: the budget speech\n\nPublication date: unknown\n\nThe finance minister, \
     Priya Natarajan, read the budget to parliament on Wednesday.\n",
];

#[test]
fn ordinary_articles_are_never_split() {
    for (n, text) in ORDINARY.iter().enumerate() {
        let items = read("story.txt", text.as_bytes());
        assert_eq!(items.len(), 1, "text {n}");
        let item = ok(&items[0]);
        assert_eq!(item.kind, Kind::Text, "text {n}");
        assert_eq!(item.provenance, Provenance::file("story.txt"));
        match &item.body {
            Body::Raw(raw) => assert_eq!(raw, text),
            Body::Article(_) => panic!("text {n} was taken as an export"),
        }
    }
}

#[test]
fn the_article_fixtures_of_every_stage_stay_one_article() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["articles", "refine", "group"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt")),
        );
    }
    assert!(files.len() >= 10, "{} article fixtures", files.len());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let items = read(&name, &bytes);
        assert_eq!(items.len(), 1, "{name}");
        if let Ok(item) = &items[0] {
            assert_eq!(item.kind, Kind::Text, "{name}");
        }
    }
}

#[test]
fn csv_with_bom_crlf_quoted_newlines_gives_one_article_per_row() {
    let csv = "\u{feff}id,Title,Published,URL,Source,Author,Full_Text\r\n\
        a1,Talks in Paris,2019-03-04T10:00:00Z,https://example.org/a1,Le Monde,\"Dupont, Marie\",\"Angela Merkel met Emmanuel Macron in Paris.\r\n\r\nThey spoke of \"\"Europe\"\", he said.\"\r\n\
        a2,Empty,,,,,\"  \"\r\n\
        a3,Second,\"March 5, 2019\",,,,Boris Johnson visited Berlin.\r\n";
    let items = read("corpus.csv", csv.as_bytes());
    assert_eq!(items.len(), 3);
    let first = ok(&items[0]);
    assert_eq!(first.kind, Kind::Csv);
    assert_eq!(first.provenance.name(), "corpus.csv#row1");
    assert_eq!(first.provenance.id.as_deref(), Some("a1"));
    assert_eq!(
        first.provenance.url.as_deref(),
        Some("https://example.org/a1")
    );
    let a = article(first);
    assert_eq!(
        a.text,
        "Angela Merkel met Emmanuel Macron in Paris.\n\nThey spoke of \"Europe\", he said."
    );
    assert_eq!(a.paragraphs.len(), 2);
    assert_eq!(a.title.as_deref(), Some("Talks in Paris"));
    assert_eq!(a.date.as_deref(), Some("2019-03-04"));
    assert_eq!(a.source.as_deref(), Some("Le Monde"));
    assert_eq!(a.byline.as_deref(), Some("Dupont, Marie"));
    // The empty row is an error naming it; the next row is read.
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.row(), Some(2));
    assert!(err.to_string().contains("row 2"), "{err}");
    let third = ok(&items[2]);
    assert_eq!(third.provenance.row, Some(3));
    assert_eq!(article(third).date.as_deref(), Some("2019-03-05"));
}

#[test]
fn a_table_without_a_text_column_lists_its_columns() {
    let csv = "headline,story_body\nA,Some text here.\n";
    let items = read("t.csv", csv.as_bytes());
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(IntakeError::NoTextColumn { columns }) => {
            assert_eq!(columns, &["headline", "story_body"])
        }
        other => panic!("{other:?}"),
    }
    let chosen = IntakeOptions {
        text_column: Some("Story_Body".to_owned()),
    };
    let items = intake::read("t.csv", csv.as_bytes(), &chosen);
    let a = article(ok(&items[0]));
    assert_eq!(a.text, "Some text here.");
    assert_eq!(a.title.as_deref(), Some("A"));
    let wrong = IntakeOptions {
        text_column: Some("nope".to_owned()),
    };
    let items = intake::read("t.csv", csv.as_bytes(), &wrong);
    assert!(matches!(
        &items[..],
        [Err(IntakeError::UnknownColumn { .. })]
    ));
}

#[test]
fn tsv_and_semicolon_csv_are_read() {
    let tsv = "title\ttext\nOne\tFirst text.\nTwo\tSecond text.\n";
    let items = read("x.tsv", tsv.as_bytes());
    assert_eq!(items.len(), 2);
    assert_eq!(ok(&items[1]).kind, Kind::Tsv);
    assert_eq!(article(ok(&items[1])).text, "Second text.");
    let semi = "titel;text\nEins;Erster Text, mit Komma.\n";
    let items = read("x.csv", semi.as_bytes());
    assert_eq!(article(ok(&items[0])).text, "Erster Text, mit Komma.");
}

#[test]
fn json_lines_keep_ids_and_report_bad_lines() {
    let jsonl = "{\"id\": 42, \"text\": \"Angela Merkel spoke.\", \"authors\": [\"A\", \"B\"]}\n\
        \n\
        {\"id\": \"x\", \"text\": 7}\n\
        not json\n\
        {\"id\": \"y\", \"text\": \"Paris is calm.\", \"title\": \"Calm\"}\n";
    let items = read("c.jsonl", jsonl.as_bytes());
    assert_eq!(items.len(), 4, "the blank line is not a row");
    let first = ok(&items[0]);
    assert_eq!(first.kind, Kind::JsonLines);
    assert_eq!(first.provenance.id.as_deref(), Some("42"));
    assert_eq!(first.provenance.row, Some(1));
    assert_eq!(article(first).byline.as_deref(), Some("A, B"));
    assert!(matches!(
        items[1],
        Err(IntakeError::TextNotString { row: 3, .. })
    ));
    assert!(matches!(items[2], Err(IntakeError::Json { row: 4, .. })));
    let last = ok(&items[3]);
    assert_eq!(last.provenance.row, Some(5), "rows are the file's lines");
    assert_eq!(article(last).title.as_deref(), Some("Calm"));
    // The same lines fed one by one (standard input) give the same items.
    let mut reader = JsonLines::new("-", &IntakeOptions::default());
    let fed: Vec<_> = jsonl
        .lines()
        .enumerate()
        .filter_map(|(i, l)| reader.line(i + 1, l))
        .collect();
    assert_eq!(fed.len(), 4);
    assert_eq!(article(ok(&fed[3])).text, article(ok(&items[3])).text);
    // JSON lines under another name are recognized by their content (its first lines are all
    // objects).
    let clean = "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n";
    assert_eq!(read("c.txt", clean.as_bytes()).len(), 2);
    assert_eq!(
        read("c.txt", jsonl.as_bytes()).len(),
        1,
        "not all objects: one text"
    );
}

#[test]
fn export_articles_are_analysed_as_they_are() {
    let engine = Engine::bundled().unwrap();
    let bytes = fixture("nexis.txt");
    let items = read("nexis.txt", &bytes);
    let item = ok(&items[0]).clone();
    let doc = engine.analyze_item(item, Options::default());
    assert_eq!(doc.provenance.part, Some(1));
    assert_eq!(doc.kind, Kind::Nexis);
    assert_eq!(doc.article.byline.as_deref(), Some("Fiona Mackay"));
    let names: Vec<&str> = doc
        .mentions
        .iter()
        .filter(|m| m.label.is_some())
        .map(|m| &doc.article.text[m.span.byte.clone()])
        .collect();
    assert!(names.contains(&"Nicola Sturgeon"), "{names:?}");
    assert!(names.contains(&"Greenock"), "{names:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics_on_text_with_export_marks(
        pieces in proptest::collection::vec(prop_oneof![
            Just("1 of 2 DOCUMENTS\n".to_owned()),
            Just("End of Document\n".to_owned()),
            Just("Body\n".to_owned()),
            Just("HD\tx\n".to_owned()),
            Just("AN\tDocument ABCDEFGHIJKLMNOPQRS\n".to_owned()),
            Just("Document ABCDEFGHIJKLMNOPQRSTU\n".to_owned()),
            Just("Full text: x\n".to_owned()),
            Just("Publication title: y\n".to_owned()),
            Just("Document 1 of 3\n".to_owned()),
            Just("BYLINE: z\n".to_owned()),
            Just("LOAD-DATE: March 3, 2019\n".to_owned()),
            Just("12 words\n".to_owned()),
            Just("3 March 2010\n".to_owned()),
            Just("\n".to_owned()),
            "[ -~é€😀\r\t]{0,40}\n",
        ], 0..40),
        name in prop_oneof![Just("a.txt"), Just("a.csv"), Just("a.jsonl"), Just("a.tsv")],
    ) {
        let text: String = pieces.concat();
        for item in read(name, text.as_bytes()).into_iter().flatten() {
            match &item.body {
                // Export articles trace back into the file (table rows into their cell).
                Body::Article(a) if name == "a.txt" => traces_back(&text, a),
                _ => {}
            }
        }
    }
}

#[test]
fn a_table_with_a_header_and_no_rows_says_so() {
    let items = read("empty.csv", b"title,text\r\n");
    assert!(
        matches!(items.as_slice(), [Err(IntakeError::NoArticles)]),
        "{items:?}"
    );
}
