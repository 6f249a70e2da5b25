//! The knowledge refinement uses: names whose type is not in doubt (countries, their demonyms,
//! capitals and large cities, regions, international organizations, well-known agencies),
//! built reproducibly by `tools/gazetteer/` from open data and shipped with the engine.

use crate::recognize::Label;

/// What kind of name an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    Country,
    /// A nationality or people (`French`, `Armenians`).
    Demonym,
    City,
    /// A state, province or other first-level division.
    Region,
    /// A continent or geographic region (`Sahel`, `Middle East`).
    Area,
    /// An international organization (`OSCE`, `United Nations`).
    Organization,
    /// A government agency or ministry (`Pentagon`, `FBI`).
    Agency,
}

/// A gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'g> {
    pub kind: Kind,
    /// The OntoNotes label the name takes.
    pub label: Label,
    /// The canonical form (`United States` for `U.S.`, `US`, `United States of America`).
    pub canonical: &'g str,
    /// The name is also a common word or a given name (`Chad`, `Jordan`, `Nice`): only correct
    /// a label with it, never add an entity.
    pub ambiguous: bool,
}

/// One name of a gazetteer being built (tests and the artifact reader).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub name: String,
    pub kind: Kind,
    pub label: Label,
    pub canonical: String,
    pub ambiguous: bool,
}

/// The gazetteer, loaded once.
#[derive(Debug, Default)]
pub struct Gazetteer {
    names: std::collections::HashMap<String, Name>,
}

impl Gazetteer {
    /// The gazetteer shipped with the engine.
    pub fn bundled() -> Self {
        Self::default()
    }

    /// A gazetteer of the given names (fixtures).
    pub fn from_names(names: impl IntoIterator<Item = Name>) -> Self {
        Self {
            names: names.into_iter().map(|n| (n.name.clone(), n)).collect(),
        }
    }

    /// The entry for a name as written (case and spacing as in the text).
    pub fn lookup(&self, name: &str) -> Option<Entry<'_>> {
        self.names.get(name).map(|n| Entry {
            kind: n.kind,
            label: n.label,
            canonical: &n.canonical,
            ambiguous: n.ambiguous,
        })
    }
}
