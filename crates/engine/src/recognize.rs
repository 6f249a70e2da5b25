//! The BILUO transition-based entity recognizer over the 18 OntoNotes labels.

use serde::Serialize;

/// The 18 OntoNotes entity labels, in the model's class order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

    /// spaCy's name of the label.
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
}

/// An entity as token offsets (end exclusive), as the decoder produces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEntity {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}
