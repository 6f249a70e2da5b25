//! # Entity Lens vocabulary
//!
//! The words the engine and the page share: entity [`Label`]s, what refinement did to a mention
//! ([`Change`], [`Rule`]), which entities a view shows ([`EntityMode`]), and where an article came
//! from ([`Provenance`], [`Kind`]). The engine (`entity-lens-engine`) re-exports them where its
//! stages define them; the page's messages (`entity-lens-protocol`) use them without linking the
//! engine and its model. One definition, so a value crosses from the engine to the page without
//! a conversion, and their serde names (the wire and the exports) cannot drift apart.
#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};

/// The 18 OntoNotes entity labels, in the model's class order (spaCy's names on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Org,
    Date,
    Person,
    Gpe,
    Money,
    Cardinal,
    Norp,
    Percent,
    WorkOfArt,
    Loc,
    Time,
    Quantity,
    Fac,
    Event,
    Ordinal,
    Product,
    Law,
    Language,
}

impl Label {
    /// All labels in class order.
    pub const ALL: [Label; 18] = [
        Label::Org,
        Label::Date,
        Label::Person,
        Label::Gpe,
        Label::Money,
        Label::Cardinal,
        Label::Norp,
        Label::Percent,
        Label::WorkOfArt,
        Label::Loc,
        Label::Time,
        Label::Quantity,
        Label::Fac,
        Label::Event,
        Label::Ordinal,
        Label::Product,
        Label::Law,
        Label::Language,
    ];

    /// spaCy's name of the label (`"ORG"`, ...): the `data-label` the page writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Org => "ORG",
            Label::Date => "DATE",
            Label::Person => "PERSON",
            Label::Gpe => "GPE",
            Label::Money => "MONEY",
            Label::Cardinal => "CARDINAL",
            Label::Norp => "NORP",
            Label::Percent => "PERCENT",
            Label::WorkOfArt => "WORK_OF_ART",
            Label::Loc => "LOC",
            Label::Time => "TIME",
            Label::Quantity => "QUANTITY",
            Label::Fac => "FAC",
            Label::Event => "EVENT",
            Label::Ordinal => "ORDINAL",
            Label::Product => "PRODUCT",
            Label::Law => "LAW",
            Label::Language => "LANGUAGE",
        }
    }

    /// The label of spaCy's name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// What the label means (spaCy's `spacy.explain`), for legends and accessible names.
    pub fn describe(self) -> &'static str {
        match self {
            Label::Person => "People, including fictional",
            Label::Norp => "Nationalities or religious or political groups",
            Label::Fac => "Buildings, airports, highways, bridges, etc.",
            Label::Org => "Companies, agencies, institutions, etc.",
            Label::Gpe => "Countries, cities, states",
            Label::Loc => "Non-GPE locations, mountain ranges, bodies of water",
            Label::Product => "Objects, vehicles, foods, etc. (not services)",
            Label::Event => "Named hurricanes, battles, wars, sports events, etc.",
            Label::WorkOfArt => "Titles of books, songs, etc.",
            Label::Law => "Named documents made into laws",
            Label::Language => "Any named language",
            Label::Date => "Absolute or relative dates or periods",
            Label::Time => "Times smaller than a day",
            Label::Percent => "Percentage, including \"%\"",
            Label::Money => "Monetary values, including unit",
            Label::Quantity => "Measurements, as of weight or distance",
            Label::Ordinal => "\"first\", \"second\", etc.",
            Label::Cardinal => "Numerals that do not fall under another type",
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What refinement did to a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// As spaCy gave it.
    Kept,
    /// Same span, another label.
    Relabeled,
    /// A span spaCy did not give (a new entity, or a repaired span).
    Added,
    /// A span spaCy gave that refinement dropped (not an entity, or replaced by a repair).
    Removed,
}

impl Change {
    /// The serde name (`data-change` attribute).
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Kept => "kept",
            Change::Relabeled => "relabeled",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

/// Why refinement changed a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The span crossed a line or paragraph break.
    Structure,
    /// One label per name in the article, decided by the article's evidence.
    Consistency,
    /// A name whose type is not in doubt (the gazetteer).
    Knowledge,
    /// A span split or glued by the model, repaired.
    Span,
    /// Found in an all-capitals sentence recognized again in ordinary case.
    Case,
}

impl Rule {
    /// The serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Structure => "structure",
            Rule::Consistency => "consistency",
            Rule::Knowledge => "knowledge",
            Rule::Span => "span",
            Rule::Case => "case",
        }
    }
}

/// Which entities a result carries as its labels, and which a view shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityMode {
    /// spaCy's exact output on the whole text; every mention [`Change::Kept`].
    Raw,
    /// The refinement stage's output, spaCy's labels kept beside it (the default).
    #[default]
    Refined,
}

impl EntityMode {
    /// The serde name (`data-mode` attribute).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityMode::Raw => "raw",
            EntityMode::Refined => "refined",
        }
    }
}

/// Where an article came from: the file, and for files holding many articles, which one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The file's name or path as the user gave it (`-` for standard input; empty in the page's
    /// records saved before provenance was kept).
    #[serde(default)]
    pub file: String,
    /// The data row of a table (1-based, header excluded) or the line of a JSON-lines file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The article's position in a multi-article export (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
    /// The article's own id: a table's id column, a JSON line's `id`, an export's document
    /// number (Factiva `AN`, ProQuest document ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The article's address on the web, when its source states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Provenance {
    /// A whole file.
    pub fn file(name: impl Into<String>) -> Self {
        Self {
            file: name.into(),
            ..Self::default()
        }
    }

    /// The article's name, as the CLI and the exports write it: `file`, `file#row3` or
    /// `file#part2`.
    pub fn name(&self) -> String {
        match (self.row, self.part) {
            (Some(row), _) => format!("{}#row{row}", self.file),
            (None, Some(part)) => format!("{}#part{part}", self.file),
            (None, None) => self.file.clone(),
        }
    }
}

/// What kind of file an article was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Plain text (copied or saved from a page).
    #[default]
    Text,
    /// A saved web page.
    Html,
    /// A LexisNexis or Nexis Uni export.
    Nexis,
    /// A Factiva export.
    Factiva,
    /// A ProQuest export.
    #[serde(rename = "proquest")]
    ProQuest,
    /// A comma-separated table.
    Csv,
    /// A tab-separated table.
    Tsv,
    /// JSON lines, one object per line.
    JsonLines,
}

impl Kind {
    /// Its name in JSON (`csv`, `json-lines`, `proquest`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Html => "html",
            Kind::Nexis => "nexis",
            Kind::Factiva => "factiva",
            Kind::ProQuest => "proquest",
            Kind::Csv => "csv",
            Kind::Tsv => "tsv",
            Kind::JsonLines => "json-lines",
        }
    }

    /// What the file is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Html => "saved web page",
            Kind::Nexis => "LexisNexis export",
            Kind::Factiva => "Factiva export",
            Kind::ProQuest => "ProQuest export",
            Kind::Csv => "CSV table",
            Kind::Tsv => "TSV table",
            Kind::JsonLines => "JSON lines",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_round_trip_through_serde_and_from_name() {
        for label in Label::ALL {
            let json = serde_json::to_string(&label).unwrap();
            assert_eq!(json, format!("\"{}\"", label.as_str()));
            assert_eq!(serde_json::from_str::<Label>(&json).unwrap(), label);
            assert_eq!(Label::from_name(label.as_str()), Some(label));
        }
        assert_eq!(Label::from_name("PER"), None);
    }

    #[test]
    fn every_label_has_its_own_description() {
        let mut seen = std::collections::HashSet::new();
        for label in Label::ALL {
            assert!(
                seen.insert(label.describe()),
                "{label} shares a description"
            );
        }
    }

    #[test]
    fn modes_and_changes_use_kebab_case() {
        assert_eq!(
            serde_json::to_string(&EntityMode::Refined).unwrap(),
            "\"refined\""
        );
        assert_eq!(
            serde_json::to_string(&Change::Relabeled).unwrap(),
            "\"relabeled\""
        );
        for c in [
            Change::Kept,
            Change::Relabeled,
            Change::Added,
            Change::Removed,
        ] {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
    }

    #[test]
    fn kinds_are_named_as_their_serde_names() {
        for k in [
            Kind::Text,
            Kind::Html,
            Kind::Nexis,
            Kind::Factiva,
            Kind::ProQuest,
            Kind::Csv,
            Kind::Tsv,
            Kind::JsonLines,
        ] {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), k);
        }
    }

    #[test]
    fn provenance_writes_only_what_it_knows_and_reads_old_records() {
        let whole = Provenance::file("a.txt");
        assert_eq!(
            serde_json::to_string(&whole).unwrap(),
            r#"{"file":"a.txt"}"#
        );
        assert_eq!(whole.name(), "a.txt");
        let row = Provenance {
            row: Some(3),
            id: Some("x1".into()),
            ..Provenance::file("t.csv")
        };
        assert_eq!(row.name(), "t.csv#row3");
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json, r#"{"file":"t.csv","row":3,"id":"x1"}"#);
        assert_eq!(serde_json::from_str::<Provenance>(&json).unwrap(), row);
        // Records saved before provenance was kept have none of its fields.
        assert_eq!(
            serde_json::from_str::<Provenance>("{}").unwrap(),
            Provenance::default()
        );
    }
}
