//! The refinement stage on fixture articles written for it (`tests/fixtures/refine/`): each rule
//! fires where the model slips and stays quiet where it must not. Knowledge comes from a fixture
//! gazetteer ([`Gazetteer::from_names`]), so the tests do not move with the bundled data.

use std::sync::OnceLock;

use entity_lens_engine::recognize::Label;
use entity_lens_engine::refine::gazetteer::{Gazetteer, Kind, Name};
use entity_lens_engine::refine::{Change, Mention, Rule};
use entity_lens_engine::{Document, Engine, EntityMode, Options};
use proptest::prelude::*;

const STRUCTURE: &str = include_str!("../fixtures/refine/structure.txt");
const SPAN: &str = include_str!("../fixtures/refine/span.txt");
const KNOWLEDGE: &str = include_str!("../fixtures/refine/knowledge.txt");
const GIVEN_NAME: &str = include_str!("../fixtures/refine/knowledge-given-name.txt");
const JORDAN: &str = include_str!("../fixtures/refine/jordan.txt");
const GEORGIA: &str = include_str!("../fixtures/refine/georgia.txt");
const CONSISTENCY: &str = include_str!("../fixtures/refine/consistency.txt");
const SURNAME_MINORITY: &str = include_str!("../fixtures/refine/surname-minority.txt");
const PRODUCT: &str = include_str!("../fixtures/refine/product-short-form.txt");
const CAPS: &str = include_str!("../fixtures/refine/caps.txt");

fn gazetteer() -> Gazetteer {
    let name = |name: &str, kind: Kind, label: Label, ambiguous: bool| Name {
        name: name.into(),
        kind,
        label,
        canonical: name.into(),
        ambiguous,
    };
    Gazetteer::from_names([
        name("Sahel", Kind::Area, Label::Loc, false),
        name("Karabakh", Kind::Area, Label::Gpe, false),
        name("Niger", Kind::Country, Label::Gpe, false),
        name("Burkina Faso", Kind::Country, Label::Gpe, false),
        name("Mali", Kind::Country, Label::Gpe, false),
        name("France", Kind::Country, Label::Gpe, false),
        name("Japan", Kind::Country, Label::Gpe, false),
        name("China", Kind::Country, Label::Gpe, false),
        name("Syria", Kind::Country, Label::Gpe, false),
        name("United States", Kind::Country, Label::Gpe, false),
        name("Chad", Kind::Country, Label::Gpe, true),
        name("Jordan", Kind::Country, Label::Gpe, true),
        name("Georgia", Kind::Country, Label::Gpe, true),
        name("Washington", Kind::City, Label::Gpe, true),
        name("Belgrade", Kind::City, Label::Gpe, false),
        name("Tbilisi", Kind::City, Label::Gpe, false),
        name("Yerevan", Kind::City, Label::Gpe, false),
        name("Alabama", Kind::Region, Label::Gpe, false),
        name("Texas", Kind::Region, Label::Gpe, false),
        name("French", Kind::Demonym, Label::Norp, false),
    ])
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::bundled()
            .expect("the bundled model loads")
            .with_gazetteer(gazetteer())
    })
}

fn analyze(text: &str, entities: EntityMode) -> Document {
    engine().analyze_text(
        text,
        Options {
            clean: false,
            entities,
        },
    )
}

fn text_of<'t>(doc: &'t Document, m: &Mention) -> &'t str {
    &doc.article.text[m.span.byte.clone()]
}

/// The refined labels of every mention written `name`.
fn refined(doc: &Document, name: &str) -> Vec<Label> {
    doc.mentions
        .iter()
        .filter(|m| text_of(doc, m) == name)
        .filter_map(|m| m.label)
        .collect()
}

/// One change: (text, raw label, refined label, rule).
type ChangeRow<'a> = (&'a str, Option<Label>, Option<Label>, Option<Rule>);

/// The mentions refinement changed.
fn changes(doc: &Document) -> Vec<ChangeRow<'_>> {
    doc.mentions
        .iter()
        .filter(|m| m.change != Change::Kept)
        .map(|m| (text_of(doc, m), m.raw_label, m.label, m.rule))
        .collect()
}

#[test]
fn refined_entities_never_cross_a_line_break_and_each_line_stays_spacy_exact() {
    // spaCy on the whole text glues the headline's last word to the next paragraph.
    let raw = analyze(STRUCTURE, EntityMode::Raw);
    assert!(
        raw.mentions
            .iter()
            .any(|m| text_of(&raw, m) == "Karabakh\n\nFrench"),
        "the fixture no longer shows the crossing entity"
    );
    let doc = analyze(STRUCTURE, EntityMode::Refined);
    for m in doc.mentions.iter().filter(|m| m.is_refined() || m.is_raw()) {
        assert!(!text_of(&doc, m).contains('\n'), "{:?}", text_of(&doc, m));
    }
    assert_eq!(refined(&doc, "Karabakh"), [Label::Gpe]);
    assert_eq!(refined(&doc, "French"), [Label::Norp]);
    // Each line's recognition is spaCy's on that line alone.
    let mut offset = 0;
    for line in STRUCTURE.split_inclusive('\n') {
        let unit = line.trim();
        let start = offset + line.find(unit).unwrap_or(0);
        let expected: Vec<(usize, usize, Label)> = engine()
            .analyze(unit)
            .ents
            .iter()
            .map(|e| (e.span.byte.start + start, e.span.byte.end + start, e.label))
            .collect();
        let got: Vec<(usize, usize, Label)> = doc
            .analysis
            .ents
            .iter()
            .filter(|e| start <= e.span.byte.start && e.span.byte.end <= start + unit.len())
            .map(|e| (e.span.byte.start, e.span.byte.end, e.label))
            .collect();
        if !unit.is_empty() {
            assert_eq!(got, expected, "line {unit:?}");
        }
        offset += line.len();
    }
}

#[test]
fn raw_mode_is_spacys_output_on_the_whole_text_unchanged() {
    for text in [STRUCTURE, SPAN, KNOWLEDGE, CONSISTENCY, CAPS] {
        let doc = analyze(text, EntityMode::Raw);
        let whole = engine().analyze(text);
        assert!(doc.mentions.iter().all(|m| m.change == Change::Kept));
        let got: Vec<_> = doc
            .mentions
            .iter()
            .map(|m| (m.span.clone(), m.label))
            .collect();
        let want: Vec<_> = whole
            .ents
            .iter()
            .map(|e| (e.span.clone(), Some(e.label)))
            .collect();
        assert_eq!(got, want);
    }
}

#[test]
fn span_repair_cuts_determiners_possessives_and_scores() {
    let doc = analyze(SPAN, EntityMode::Refined);
    let changed = changes(&doc);
    for (old, new, label) in [
        ("The United States", "United States", Label::Gpe),
        ("the European Union", "European Union", Label::Org),
        ("Ronald Reagan's", "Ronald Reagan", Label::Person),
        ("Durham 114", "Durham", Label::Person),
    ] {
        assert!(
            changed.contains(&(old, Some(label), None, Some(Rule::Span))),
            "{old} not removed: {changed:?}"
        );
        assert!(
            changed.contains(&(new, None, Some(label), Some(Rule::Span))),
            "{new} not added: {changed:?}"
        );
    }
}

#[test]
fn span_repair_keeps_what_belongs_to_the_name() {
    let doc = analyze(SPAN, EntityMode::Refined);
    // A small number naming a channel, a hyphenated word, a name the model drew right.
    assert_eq!(refined(&doc, "Channel 4"), [Label::Org]);
    assert_eq!(
        refined(&doc, "Organization for Security and Co-operation"),
        [Label::Org]
    );
    assert_eq!(refined(&doc, "Interfax"), [Label::Org]);
    assert_eq!(refined(&doc, "Brussels"), [Label::Gpe]);
    // Numbers of their own stay.
    assert_eq!(refined(&doc, "238"), [Label::Cardinal]);
}

#[test]
fn knowledge_corrects_places_the_model_took_for_people_or_organizations() {
    let doc = analyze(KNOWLEDGE, EntityMode::Refined);
    assert_eq!(refined(&doc, "Sahel"), [Label::Loc]);
    assert_eq!(refined(&doc, "Niger"), [Label::Gpe, Label::Gpe]);
    assert_eq!(refined(&doc, "Burkina Faso"), [Label::Gpe]);
    let knowledge: Vec<_> = changes(&doc)
        .into_iter()
        .filter(|c| c.3 == Some(Rule::Knowledge))
        .map(|c| c.0)
        .collect();
    assert_eq!(knowledge, ["Sahel", "Niger", "Burkina Faso", "Niger"]);
}

#[test]
fn knowledge_leaves_a_given_name_that_is_also_a_country_alone() {
    // "Chad Smith", and "Chad" alone as a man's name: never the country.
    let doc = analyze(KNOWLEDGE, EntityMode::Refined);
    assert_eq!(refined(&doc, "Chad Smith"), [Label::Person]);
    let doc = analyze(GIVEN_NAME, EntityMode::Refined);
    assert_eq!(refined(&doc, "Chad"), [Label::Person]);
    // The countries in the same text are still corrected.
    assert_eq!(refined(&doc, "Niger"), [Label::Gpe]);
    assert_eq!(refined(&doc, "Burkina Faso"), [Label::Gpe]);
}

#[test]
fn jordan_stays_a_person_in_an_article_about_michael_jordan() {
    let doc = analyze(JORDAN, EntityMode::Refined);
    assert_eq!(refined(&doc, "Michael Jordan"), [Label::Person]);
    assert_eq!(refined(&doc, "Jordan"), [Label::Person, Label::Person]);
}

#[test]
fn georgia_the_state_and_georgia_the_country_both_stay_gpe() {
    let doc = analyze(GEORGIA, EntityMode::Refined);
    assert_eq!(refined(&doc, "Georgia"), [Label::Gpe, Label::Gpe]);
    assert!(changes(&doc)
        .iter()
        .all(|c| c.0 != "Georgia" && c.0 != "Alabama" && c.0 != "Tbilisi"));
}

#[test]
fn consistency_gives_a_person_and_their_surname_one_label() {
    let doc = analyze(CONSISTENCY, EntityMode::Refined);
    assert_eq!(refined(&doc, "Jean-Yves Le Drian"), [Label::Person]);
    // "Le Drian" (ORG to the model), "Le Drian's" cut to "Le Drian": all the person.
    assert_eq!(refined(&doc, "Le Drian"), [Label::Person, Label::Person]);
    assert!(changes(&doc).contains(&(
        "Le Drian",
        Some(Label::Org),
        Some(Label::Person),
        Some(Rule::Consistency)
    )));
    // Other names are not pulled in.
    assert_eq!(refined(&doc, "Washington"), [Label::Gpe, Label::Gpe]);
    assert_eq!(refined(&doc, "French"), [Label::Norp, Label::Norp]);
}

#[test]
fn consistency_does_not_overrule_a_strong_minority_or_conflicting_evidence() {
    // "Jean-Baptiste Lemoyne" ORG, "Lemoyne" once PERSON once ORG: the person reading is a
    // minority, but a real one; nothing is relabeled.
    let doc = analyze(SURNAME_MINORITY, EntityMode::Refined);
    assert!(
        changes(&doc).iter().all(|c| c.3 != Some(Rule::Consistency)),
        "{:?}",
        changes(&doc)
    );
    // "Mozilla Firefox" ORG, "Firefox" PERSON: the full name was never a person, so the
    // short form does not make it one.
    let doc = analyze(PRODUCT, EntityMode::Refined);
    assert_eq!(refined(&doc, "Mozilla Firefox"), [Label::Org]);
}

#[test]
fn shouted_headlines_are_recognized_in_ordinary_case() {
    let raw = analyze(CAPS, EntityMode::Raw);
    assert!(refined(&raw, "JAPAN").is_empty() && refined(&raw, "BELGRADE").is_empty());
    let doc = analyze(CAPS, EntityMode::Refined);
    assert_eq!(refined(&doc, "JAPAN"), [Label::Gpe]);
    assert_eq!(refined(&doc, "CHINA"), [Label::Gpe]);
    assert_eq!(refined(&doc, "BELGRADE"), [Label::Gpe]);
    // Words of the headline that are not names are not glued into one.
    assert!(doc
        .mentions
        .iter()
        .filter(|m| m.is_refined())
        .all(|m| !text_of(&doc, m).contains("LUCKY")));
    // The ordinary sentence is left as the model read it.
    let last = CAPS.rfind("Japan began").unwrap_or(0);
    for m in doc.mentions.iter().filter(|m| m.span.byte.start >= last) {
        assert_eq!(m.change, Change::Kept, "{:?}", text_of(&doc, m));
    }
}

#[test]
fn the_bundled_gazetteer_refines_by_default() {
    let engine = Engine::bundled().expect("the bundled model loads");
    assert!(engine.gazetteer().lookup("Niger").is_some());
    let doc = engine.analyze_text(KNOWLEDGE, Options::default());
    let niger: Vec<Label> = doc
        .mentions
        .iter()
        .filter(|m| text_of(&doc, m) == "Niger")
        .filter_map(|m| m.label)
        .collect();
    assert_eq!(niger, [Label::Gpe, Label::Gpe]);
}

/// Words that make the rules fire: determiners, possessives, numbers, capitals, line breaks.
fn article() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "the",
        "The",
        "'s",
        "’s",
        "114",
        "2-0",
        "news",
        "agency",
        "Niger",
        "NIGER",
        "Chad",
        "Smith",
        "Jordan",
        "Michael",
        "Le",
        "Drian",
        "JAPAN",
        "WIN",
        "-",
        "\"",
        "(",
        ")",
        ".",
        ",",
        "\n",
        "\n\n",
        "United",
        "States",
        "é",
        "€",
        "😀",
        "Co",
        "operation",
        "  ",
    ]);
    prop::collection::vec(word, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn refinement_never_panics_and_every_mention_slices_the_text(text in article()) {
        for mode in [EntityMode::Raw, EntityMode::Refined] {
            let doc = analyze(&text, mode);
            let chars: Vec<char> = doc.article.text.chars().collect();
            let mut last = 0;
            for m in &doc.mentions {
                let by_bytes = doc.article.text.get(m.span.byte.clone());
                prop_assert!(by_bytes.is_some());
                let by_chars: String = chars[m.span.char.clone()].iter().collect();
                prop_assert_eq!(by_bytes, Some(by_chars.as_str()));
                prop_assert!(m.span.char.start >= last);
                last = m.span.char.start;
                prop_assert!(m.is_refined() || m.is_raw());
                if mode == EntityMode::Refined && m.is_refined() {
                    prop_assert!(!by_chars.contains('\n'));
                    prop_assert!(!by_chars.trim().is_empty());
                }
            }
        }
    }
}
