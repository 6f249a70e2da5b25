//! The entity vocabulary shared by the page and the worker: [`Label`], [`Change`], [`Rule`],
//! [`EntityMode`].
//!
//! They mirror the engine's `recognize::Label`, `refine::{Change, Rule}` and
//! `pipeline::EntityMode` variant for variant, with the same serde names, and add what a
//! message needs: `Deserialize`. The page does not link the engine, so the types live here; with
//! the `engine` feature, exhaustive `From` conversions (in `view.rs`) make a new engine variant a
//! compile error instead of a silently dropped label.

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
    /// A span spaCy did not give.
    Added,
    /// A span spaCy gave that refinement dropped.
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
    Structure,
    Consistency,
    Knowledge,
    Span,
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

/// Which labels a view shows: the refined ones (default) or spaCy's exact output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityMode {
    Raw,
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

/// One value per [`EntityMode`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByMode<T> {
    pub refined: T,
    pub raw: T,
}

impl<T> ByMode<T> {
    /// The value for `mode`.
    pub fn get(&self, mode: EntityMode) -> &T {
        match mode {
            EntityMode::Refined => &self.refined,
            EntityMode::Raw => &self.raw,
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
}
