//! The knowledge refinement uses: names whose type is not in doubt (countries, their demonyms,
//! capitals and large cities, regions, international organizations, well-known agencies),
//! built reproducibly by `tools/gazetteer/build.py` from open data and shipped with the engine
//! (`crates/engine/data/gazetteer/`, whose README gives sources, licenses, size and counts).
//!
//! The artifact is UTF-8 text, one name a line, sorted by the name's bytes:
//!
//! ```text
//! ELGAZ <TAB> 1 <TAB> <CRC-32 of the body, 8 hex digits> <TAB> <number of names>
//! name <TAB> kind <TAB> label <TAB> flags <TAB> canonical        (one line per name)
//! ```
//!
//! `kind` is one of [`Kind::as_str`]; `label` an OntoNotes label; `flags` `-` or the letters of
//! [`Ambiguity`]; `canonical` `=` when it is the name itself. Loading validates everything and
//! borrows the bundled text (no copy); a malformed artifact is a [`GazetteerError`]. Lookups are
//! a binary search; the case-insensitive index (for all-caps headlines) is built on first use.
//!
//! ```
//! use entity_lens_engine::recognize::Label;
//! use entity_lens_engine::refine::gazetteer::{Gazetteer, Kind};
//!
//! let gazetteer = Gazetteer::shared();
//! let us = gazetteer.lookup("U.S.").expect("a country alias");
//! assert_eq!((us.kind, us.label, us.canonical), (Kind::Country, Label::Gpe, "United States"));
//! assert!(gazetteer.lookup("Chad").is_some_and(|e| e.ambiguous)); // also a given name
//! assert_eq!(gazetteer.lookup("Armenians").map(|e| e.label), Some(Label::Norp));
//! ```

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::recognize::Label;

/// The first field of the artifact's header line.
pub const MAGIC: &str = "ELGAZ";
/// The artifact format version this runtime reads.
pub const FORMAT_VERSION: u32 = 1;
/// The gazetteer artifact built by `tools/gazetteer/build.py`, compiled into the binary.
pub const BUNDLED: &[u8] = include_bytes!("../../data/gazetteer/gazetteer.tsv");

/// What kind of name an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    Country,
    /// A nationality or people (`French`, `Armenians`), or a religious or political group.
    Demonym,
    City,
    /// A state, province or other first-level division.
    Region,
    /// A continent or geographic region (`Sahel`, `Middle East`), a sea, river or mountain
    /// range, or a disputed or autonomous territory (`Nagorno-Karabakh`, labelled GPE).
    Area,
    /// An international organization (`OSCE`, `United Nations`).
    Organization,
    /// A government agency or ministry (`Pentagon`, `FBI`), or a news agency.
    Agency,
}

impl Kind {
    /// All kinds, in the artifact's order of description.
    pub const ALL: [Kind; 7] = [
        Kind::Country,
        Kind::Demonym,
        Kind::City,
        Kind::Region,
        Kind::Area,
        Kind::Organization,
        Kind::Agency,
    ];

    /// The kind's name in the artifact (`country`, `demonym`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Demonym => "demonym",
            Kind::City => "city",
            Kind::Region => "region",
            Kind::Area => "area",
            Kind::Organization => "organization",
            Kind::Agency => "agency",
        }
    }

    /// The kind of an artifact name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
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

/// Why a name is ambiguous (the artifact's flag letters). [`Entry::ambiguous`] is true when
/// any reason but [`Ambiguity::acronym_word`] holds (that one matters only when case is lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ambiguity {
    /// `w`: the lowercase form is a common English word (`Nice`, `Reading`, `Turkey`).
    pub word: bool,
    /// `n`: a common given name (`Chad`, `Jordan`, `Georgia`).
    pub given_name: bool,
    /// `s`: a common surname (`Washington`, `Houston`).
    pub surname: bool,
    /// `c`: an acronym whose lowercase form is a common word (`US`, `WHO`): ambiguous only in
    /// a case-insensitive lookup.
    pub acronym_word: bool,
    /// `f`: a small place whose name English text uses for something better known (`Obama`,
    /// a Japanese town; `Batman`, a Turkish city; `Hollywood`).
    pub better_known: bool,
    /// `k`: sources give the name different labels (a demonym that is also a city).
    pub kinds: bool,
    /// `m`: on the team's documented manual list (`America`, `Amazon`, `Congo`).
    pub manual: bool,
}

impl Ambiguity {
    fn parse(flags: &str) -> Option<Self> {
        let mut out = Self::default();
        if flags == "-" {
            return Some(out);
        }
        if flags.is_empty() {
            return None;
        }
        for letter in flags.chars() {
            let slot = match letter {
                'w' => &mut out.word,
                'n' => &mut out.given_name,
                's' => &mut out.surname,
                'c' => &mut out.acronym_word,
                'f' => &mut out.better_known,
                'k' => &mut out.kinds,
                'm' => &mut out.manual,
                _ => return None,
            };
            *slot = true;
        }
        Some(out)
    }

    /// Ambiguous as written (case kept): every reason but [`Ambiguity::acronym_word`].
    pub fn as_written(self) -> bool {
        self.word
            || self.given_name
            || self.surname
            || self.better_known
            || self.kinds
            || self.manual
    }

    /// Ambiguous when case is lost (all-caps headlines): any reason.
    pub fn ignoring_case(self) -> bool {
        self.as_written() || self.acronym_word
    }
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

/// Why a gazetteer artifact could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The bytes are not UTF-8 text.
    #[error("gazetteer artifact is not UTF-8 (valid up to byte {valid_up_to})")]
    NotUtf8 { valid_up_to: usize },
    /// The first line does not start with [`MAGIC`].
    #[error("not an Entity Lens gazetteer artifact (bad magic header)")]
    BadMagic,
    /// The artifact was written for another format version.
    #[error("unsupported gazetteer format version {found} (this build reads version {supported})")]
    UnsupportedVersion { found: String, supported: u32 },
    /// The header line is not `ELGAZ`, version, checksum, count.
    #[error("gazetteer header is not valid: {reason}")]
    BadHeader { reason: &'static str },
    /// The body's CRC-32 does not match the header's.
    #[error("gazetteer artifact corrupted: checksum {found:08x}, expected {expected:08x}")]
    ChecksumMismatch { expected: u32, found: u32 },
    /// The body has another number of names than the header says.
    #[error("gazetteer artifact has {found} names, its header says {expected}")]
    CountMismatch { expected: usize, found: usize },
    /// A line of the body is malformed (line numbers count the header as line 1).
    #[error("gazetteer line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// Where a name's fields are in the gazetteer's text.
#[derive(Debug, Clone, Copy)]
struct Record {
    name: (u32, u32),
    canonical: (u32, u32),
    kind: Kind,
    label: Label,
    ambiguity: Ambiguity,
}

/// The gazetteer, loaded once.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// The artifact (or the names of [`Gazetteer::from_names`]), which the records point into.
    text: Cow<'static, str>,
    /// Sorted by name bytes, names unique.
    records: Vec<Record>,
    /// Lowercase names with their record index, sorted; built by the first case-insensitive
    /// lookup.
    folded: OnceLock<Vec<(Box<str>, u32)>>,
}

impl Gazetteer {
    /// The gazetteer shipped with the engine, loaded anew (about a millisecond; see
    /// [`Gazetteer::shared`] to load it once per process). The bundled artifact is checked by
    /// the unit tests; were it ever unreadable, refinement would run without knowledge rather
    /// than fail the analysis ([`Gazetteer::try_bundled`] gives the error).
    pub fn bundled() -> Self {
        Self::try_bundled().unwrap_or_default()
    }

    /// The gazetteer shipped with the engine, or why its artifact cannot be read.
    pub fn try_bundled() -> Result<Self, GazetteerError> {
        let text = std::str::from_utf8(BUNDLED).map_err(|e| GazetteerError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        Self::parse(Cow::Borrowed(text))
    }

    /// The bundled gazetteer, loaded on first use and shared by every caller after that.
    pub fn shared() -> &'static Gazetteer {
        static SHARED: OnceLock<Gazetteer> = OnceLock::new();
        SHARED.get_or_init(Self::bundled)
    }

    /// Reads an artifact written by `tools/gazetteer/build.py`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, GazetteerError> {
        let text = std::str::from_utf8(bytes).map_err(|e| GazetteerError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        Self::parse(Cow::Owned(text.to_owned()))
    }

    /// A gazetteer of the given names (fixtures). A name given twice keeps its last entry;
    /// `ambiguous` names count as on the manual list.
    pub fn from_names(names: impl IntoIterator<Item = Name>) -> Self {
        let mut text = String::new();
        let mut records = Vec::new();
        for n in names {
            let name = push(&mut text, &n.name);
            let canonical = push(&mut text, &n.canonical);
            records.push(Record {
                name,
                canonical,
                kind: n.kind,
                label: n.label,
                ambiguity: Ambiguity {
                    manual: n.ambiguous,
                    ..Ambiguity::default()
                },
            });
        }
        // a stable sort keeps the given order among equal names: the last one wins
        records.sort_by(|a, b| field(&text, a.name).cmp(field(&text, b.name)));
        let mut unique: Vec<Record> = Vec::with_capacity(records.len());
        for r in records {
            match unique.last_mut() {
                Some(last) if field(&text, last.name) == field(&text, r.name) => *last = r,
                _ => unique.push(r),
            }
        }
        Self {
            text: Cow::Owned(text),
            records: unique,
            folded: OnceLock::new(),
        }
    }

    /// The entry for a name as written (case and spacing as in the text).
    pub fn lookup(&self, name: &str) -> Option<Entry<'_>> {
        self.find(name)
            .map(|r| self.entry(r, r.ambiguity.as_written()))
    }

    /// Why a name as written is ambiguous (`None` when it is not in the gazetteer).
    pub fn ambiguity(&self, name: &str) -> Option<Ambiguity> {
        self.find(name).map(|r| r.ambiguity)
    }

    /// The entry for a name whatever its case (`NIGER`, `nagorno-karabakh`), for all-caps
    /// headlines. The exact spelling wins when it is in the gazetteer; otherwise the names that
    /// differ from it only by case decide: the first in byte order gives kind, label and
    /// canonical, and the entry is ambiguous when any of them is ambiguous ignoring case
    /// ([`Ambiguity::ignoring_case`]), or when they disagree on the label.
    pub fn lookup_ignore_case(&self, name: &str) -> Option<Entry<'_>> {
        if let Some(r) = self.find(name) {
            return Some(self.entry(r, r.ambiguity.ignoring_case()));
        }
        let folded = self.folded.get_or_init(|| {
            let mut index: Vec<(Box<str>, u32)> = (0..self.records.len())
                .map(|i| (self.name_of(i).to_lowercase().into(), i as u32))
                .collect();
            // ties (names differing only by case) stay in byte order of the names
            index.sort_unstable();
            index
        });
        let key = name.to_lowercase();
        let start = folded.partition_point(|(k, _)| **k < *key);
        let matches = folded[start..]
            .iter()
            .take_while(|(k, _)| **k == *key)
            .map(|&(_, i)| &self.records[i as usize]);
        let mut first: Option<&Record> = None;
        let mut ambiguous = false;
        for r in matches {
            ambiguous |= r.ambiguity.ignoring_case();
            match first {
                None => first = Some(r),
                Some(f) => ambiguous |= f.label != r.label,
            }
        }
        first.map(|r| self.entry(r, ambiguous))
    }

    /// Every name with its entry, in byte order of the names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Entry<'_>)> + '_ {
        self.records.iter().map(|r| {
            (
                field(&self.text, r.name),
                self.entry(r, r.ambiguity.as_written()),
            )
        })
    }

    /// How many names the gazetteer holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// The gazetteer holds no name.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    fn find(&self, name: &str) -> Option<&Record> {
        self.records
            .binary_search_by(|r| field(&self.text, r.name).cmp(name))
            .ok()
            .map(|i| &self.records[i])
    }

    fn name_of(&self, index: usize) -> &str {
        field(&self.text, self.records[index].name)
    }

    fn entry(&self, r: &Record, ambiguous: bool) -> Entry<'_> {
        Entry {
            kind: r.kind,
            label: r.label,
            canonical: field(&self.text, r.canonical),
            ambiguous,
        }
    }

    fn parse(text: Cow<'static, str>) -> Result<Self, GazetteerError> {
        let (header, body) = text.split_once('\n').ok_or(GazetteerError::BadMagic)?;
        let mut fields = header.split('\t');
        if fields.next() != Some(MAGIC) {
            return Err(GazetteerError::BadMagic);
        }
        let version = fields.next().ok_or(GazetteerError::BadHeader {
            reason: "no format version",
        })?;
        if version.parse::<u32>().ok() != Some(FORMAT_VERSION) {
            return Err(GazetteerError::UnsupportedVersion {
                found: version.to_owned(),
                supported: FORMAT_VERSION,
            });
        }
        let expected = fields
            .next()
            .filter(|c| c.len() == 8)
            .and_then(|c| u32::from_str_radix(c, 16).ok())
            .ok_or(GazetteerError::BadHeader {
                reason: "the checksum is not 8 hex digits",
            })?;
        let count = fields.next().and_then(|c| c.parse::<usize>().ok()).ok_or(
            GazetteerError::BadHeader {
                reason: "the name count is not a number",
            },
        )?;
        if fields.next().is_some() {
            return Err(GazetteerError::BadHeader {
                reason: "more than four fields",
            });
        }
        let found = crc32fast::hash(body.as_bytes());
        if found != expected {
            return Err(GazetteerError::ChecksumMismatch { expected, found });
        }
        if u32::try_from(text.len()).is_err() {
            return Err(GazetteerError::BadHeader {
                reason: "the artifact is larger than 4 GiB",
            });
        }
        let body_start = header.len() + 1;
        let mut records = Vec::with_capacity(count.min(body.len() / 8));
        let mut at = body_start;
        let mut rest = body;
        let mut prev_name = "";
        while !rest.is_empty() {
            let number = records.len() + 2;
            let end = rest
                .bytes()
                .position(|b| b == b'\n')
                .ok_or_else(|| bad_line(number, "the last line has no newline"))?;
            let (line, after) = rest.split_at(end);
            let record = parse_line(line, at, number)?;
            let name = field(&text, record.name);
            if !records.is_empty() && prev_name >= name {
                return Err(bad_line(number, "names are not sorted and unique"));
            }
            prev_name = name;
            records.push(record);
            at += end + 1;
            rest = after.get(1..).unwrap_or("");
        }
        if records.len() != count {
            return Err(GazetteerError::CountMismatch {
                expected: count,
                found: records.len(),
            });
        }
        Ok(Self {
            text,
            records,
            folded: OnceLock::new(),
        })
    }
}

/// Reads one body line starting at byte `at` of the text.
fn parse_line(line: &str, at: usize, number: usize) -> Result<Record, GazetteerError> {
    // one pass over the bytes: the loader's cost is this loop (str::split per field is slower)
    let mut fields = [""; 5];
    let mut found = 0;
    let mut start = 0;
    for (i, b) in line.bytes().enumerate() {
        if b == b'\t' {
            if found == 4 {
                return Err(bad_line(number, "more than five fields"));
            }
            // a tab is ASCII, so these are character boundaries
            fields[found] = line.get(start..i).unwrap_or("");
            found += 1;
            start = i + 1;
        }
    }
    if found < 4 {
        return Err(bad_line(
            number,
            &format!("{} fields, expected five", found + 1),
        ));
    }
    fields[4] = line.get(start..).unwrap_or("");
    let [name, kind, label, flags, canonical] = fields;
    if name.is_empty() || canonical.is_empty() {
        return Err(bad_line(number, "an empty name or canonical"));
    }
    let kind =
        Kind::from_name(kind).ok_or_else(|| bad_line(number, &format!("unknown kind `{kind}`")))?;
    let label = Label::from_name(label)
        .ok_or_else(|| bad_line(number, &format!("unknown label `{label}`")))?;
    let ambiguity = Ambiguity::parse(flags)
        .ok_or_else(|| bad_line(number, &format!("unknown flags `{flags}`")))?;
    // offsets: the text is under 4 GiB (checked by the caller), so they fit in u32
    let span = |start: usize, len: usize| (start as u32, (start + len) as u32);
    let name_span = span(at, name.len());
    let canonical_span = if canonical == "=" {
        name_span
    } else {
        span(at + line.len() - canonical.len(), canonical.len())
    };
    Ok(Record {
        name: name_span,
        canonical: canonical_span,
        kind,
        label,
        ambiguity,
    })
}

fn bad_line(line: usize, reason: &str) -> GazetteerError {
    GazetteerError::BadLine {
        line,
        reason: reason.to_owned(),
    }
}

/// Appends `s` to the text and returns where it is.
fn push(text: &mut String, s: &str) -> (u32, u32) {
    let start = text.len();
    text.push_str(s);
    // fixture gazetteers are small; saturate rather than wrap past 4 GiB
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (to_u32(start), to_u32(text.len()))
}

fn field(text: &str, (start, end): (u32, u32)) -> &str {
    text.get(start as usize..end as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(body: &str) -> Vec<u8> {
        let count = body.lines().count();
        let crc = crc32fast::hash(body.as_bytes());
        format!("{MAGIC}\t{FORMAT_VERSION}\t{crc:08x}\t{count}\n{body}").into_bytes()
    }

    const SMALL: &str = "Chad\tcountry\tGPE\tn\t=\n\
                         Nice\tcity\tGPE\tw\t=\n\
                         U.S.\tcountry\tGPE\t-\tUnited States\n\
                         US\tcountry\tGPE\tc\tUnited States\n\
                         United States\tcountry\tGPE\t-\t=\n";

    #[test]
    fn bundled_artifact_loads() {
        let g = Gazetteer::try_bundled().expect("the bundled artifact loads");
        assert!(g.len() > 10_000, "only {} names", g.len());
        assert_eq!(Gazetteer::shared().len(), g.len());
    }

    /// Loading is one pass over the text (about as long as splitting it into fields once):
    /// a few milliseconds, far under this bound even on a busy machine, so a quadratic loader
    /// or a per-line allocation storm fails here. Prints the time with `--nocapture`.
    #[test]
    fn bundled_loads_in_milliseconds() {
        let runs = 20;
        let start = std::time::Instant::now();
        let mut names = 0;
        for _ in 0..runs {
            names += Gazetteer::bundled().len();
        }
        let per_load = start.elapsed() / runs;
        println!(
            "gazetteer: {} names, {per_load:?} per load",
            names / runs as usize
        );
        assert!(
            per_load < std::time::Duration::from_millis(100),
            "{per_load:?}"
        );
    }

    #[test]
    fn aliases_resolve_to_canonical() {
        let g = Gazetteer::shared();
        for alias in [
            "US",
            "U.S.",
            "USA",
            "the United States",
            "United States of America",
            "United States",
        ] {
            let e = g.lookup(alias).unwrap_or_else(|| panic!("{alias} missing"));
            assert_eq!(
                (e.canonical, e.label, e.kind),
                ("United States", Label::Gpe, Kind::Country),
                "{alias}"
            );
        }
        for alias in ["UK", "Britain", "Great Britain", "United Kingdom"] {
            assert_eq!(
                g.lookup(alias).map(|e| e.canonical),
                Some("United Kingdom"),
                "{alias}"
            );
        }
        assert_eq!(g.lookup("Kiev").map(|e| e.canonical), Some("Kyiv"));
        assert_eq!(
            g.lookup("Sao Paulo").map(|e| e.canonical),
            Some("São Paulo")
        );
        assert_eq!(
            g.lookup("U.N.").map(|e| e.canonical),
            Some("United Nations")
        );
    }

    #[test]
    fn ambiguous_names_are_flagged() {
        let g = Gazetteer::shared();
        for name in [
            "Chad", "Jordan", "Nice", "Reading", "Mobile", "Georgia", "Turkey",
        ] {
            let e = g.lookup(name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(e.ambiguous, "{name} should be ambiguous");
            assert_eq!(e.label, Label::Gpe, "{name}");
        }
        assert!(g.ambiguity("Chad").is_some_and(|a| a.given_name));
        assert!(g.ambiguity("Nice").is_some_and(|a| a.word));
        assert!(g.ambiguity("Obama").is_some_and(|a| a.better_known));
        assert!(g.ambiguity("Lincoln").is_some_and(|a| a.surname));
        for name in [
            "France",
            "China",
            "Niger",
            "Burkina Faso",
            "Yerevan",
            "Moscow",
        ] {
            let e = g.lookup(name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(!e.ambiguous, "{name} should not be ambiguous");
        }
    }

    #[test]
    fn demonyms_are_norp() {
        let g = Gazetteer::shared();
        for (name, canonical) in [
            ("French", "French"),
            ("Armenians", "Armenian"),
            ("Armenian", "Armenian"),
            ("Israelis", "Israeli"),
            ("Americans", "American"),
        ] {
            let e = g.lookup(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(
                (e.kind, e.label, e.canonical),
                (Kind::Demonym, Label::Norp, canonical)
            );
        }
    }

    #[test]
    fn kinds_take_their_labels() {
        let g = Gazetteer::shared();
        let expect = [
            ("Sahel", Kind::Area, Label::Loc),
            ("Middle East", Kind::Area, Label::Loc),
            ("Nagorno-Karabakh", Kind::Area, Label::Gpe),
            ("Pentagon", Kind::Agency, Label::Org),
            ("OSCE", Kind::Organization, Label::Org),
            ("NATO", Kind::Organization, Label::Org),
            ("Burkina Faso", Kind::Country, Label::Gpe),
            ("Yerevan", Kind::City, Label::Gpe),
            ("Texas", Kind::Region, Label::Gpe),
            ("Africa", Kind::Area, Label::Loc),
        ];
        for (name, kind, label) in expect {
            let e = g.lookup(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!((e.kind, e.label), (kind, label), "{name}");
        }
        assert_eq!(g.lookup("the"), None);
        assert_eq!(g.lookup("france"), None, "lookup is case-sensitive");
    }

    #[test]
    fn case_insensitive_lookup_for_headlines() {
        let g = Gazetteer::from_bytes(&artifact(SMALL)).expect("valid");
        let e = g.lookup_ignore_case("UNITED STATES").expect("found");
        assert_eq!((e.canonical, e.ambiguous), ("United States", false));
        // `US` as written is the country; ignoring case it may be the pronoun
        assert_eq!(g.lookup("US").map(|e| e.ambiguous), Some(false));
        assert_eq!(g.lookup_ignore_case("US").map(|e| e.ambiguous), Some(true));
        assert_eq!(g.lookup_ignore_case("us").map(|e| e.ambiguous), Some(true));
        assert_eq!(
            g.lookup_ignore_case("NICE").map(|e| e.ambiguous),
            Some(true)
        );
        assert_eq!(g.lookup_ignore_case("Paris"), None);
        let bundled = Gazetteer::shared();
        assert_eq!(
            bundled
                .lookup_ignore_case("BURKINA FASO")
                .map(|e| e.canonical),
            Some("Burkina Faso")
        );
        assert_eq!(
            bundled.lookup_ignore_case("NIGER").map(|e| e.label),
            Some(Label::Gpe)
        );
    }

    #[test]
    fn iteration_and_len_agree() {
        let g = Gazetteer::from_bytes(&artifact(SMALL)).expect("valid");
        let names: Vec<&str> = g.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Chad", "Nice", "U.S.", "US", "United States"]);
        assert_eq!(g.len(), 5);
        assert!(!g.is_empty());
        assert!(Gazetteer::default().is_empty());
    }

    #[test]
    fn from_names_builds_a_fixture_gazetteer() {
        let name = |n: &str, canonical: &str, ambiguous| Name {
            name: n.to_owned(),
            kind: Kind::Country,
            label: Label::Gpe,
            canonical: canonical.to_owned(),
            ambiguous,
        };
        let g = Gazetteer::from_names([
            name("Jordan", "Jordan", false),
            name("Ruritania", "Ruritania", false),
            name("Jordan", "Jordan", true),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(
            g.lookup("Jordan").map(|e| e.ambiguous),
            Some(true),
            "last wins"
        );
        assert_eq!(
            g.lookup("Ruritania").map(|e| e.canonical),
            Some("Ruritania")
        );
        assert_eq!(g.lookup("Ruritanian"), None);
    }

    #[test]
    fn malformed_artifacts_are_typed_errors() {
        use GazetteerError as E;
        let good = artifact(SMALL);
        assert!(Gazetteer::from_bytes(&good).is_ok());
        let err = |bytes: &[u8]| Gazetteer::from_bytes(bytes).expect_err("must fail");

        assert_eq!(err(b""), E::BadMagic);
        assert_eq!(err(b"ELMODEL\0\x01"), E::BadMagic);
        assert!(matches!(
            err(&[0xff, 0xfe, b'\n']),
            E::NotUtf8 { valid_up_to: 0 }
        ));
        let v2 = String::from_utf8(good.clone())
            .expect("utf8")
            .replacen("\t1\t", "\t2\t", 1);
        assert!(matches!(err(v2.as_bytes()), E::UnsupportedVersion { .. }));
        assert!(matches!(err(b"ELGAZ\t1\tzz\t1\nx\n"), E::BadHeader { .. }));
        assert!(matches!(err(b"ELGAZ\t1\n"), E::BadHeader { .. }));

        // a flipped byte in the body
        let mut corrupt = good.clone();
        let last = corrupt.len() - 2;
        corrupt[last] ^= 0x20;
        assert!(matches!(err(&corrupt), E::ChecksumMismatch { .. }));
        // truncated: checksum no longer matches
        assert!(matches!(
            err(&good[..good.len() - 10]),
            E::ChecksumMismatch { .. }
        ));

        let bad = |body: &str| err(&artifact(body));
        assert!(matches!(
            bad("Chad\tcountry\tGPE\tn\n"),
            E::BadLine { line: 2, .. }
        ));
        assert!(matches!(
            bad("Chad\tnation\tGPE\t-\t=\n"),
            E::BadLine { .. }
        ));
        assert!(matches!(
            bad("Chad\tcountry\tCOUNTRY\t-\t=\n"),
            E::BadLine { .. }
        ));
        assert!(matches!(
            bad("Chad\tcountry\tGPE\tq\t=\n"),
            E::BadLine { .. }
        ));
        assert!(matches!(
            bad("Chad\tcountry\tGPE\t\t=\n"),
            E::BadLine { .. }
        ));
        assert!(matches!(bad("\tcountry\tGPE\t-\t=\n"), E::BadLine { .. }));
        assert!(matches!(
            bad("Chad\tcountry\tGPE\t-\t=\tx\n"),
            E::BadLine { .. }
        ));
        assert!(matches!(bad("Chad\tcountry\tGPE\t-\t="), E::BadLine { .. }));
        let unsorted = "Nice\tcity\tGPE\tw\t=\nChad\tcountry\tGPE\tn\t=\n";
        assert!(matches!(bad(unsorted), E::BadLine { line: 3, .. }));
        let duplicate = "Chad\tcountry\tGPE\tn\t=\nChad\tcountry\tGPE\tn\t=\n";
        assert!(matches!(bad(duplicate), E::BadLine { line: 3, .. }));

        let body = "Chad\tcountry\tGPE\tn\t=\n";
        let crc = crc32fast::hash(body.as_bytes());
        let wrong_count = format!("{MAGIC}\t1\t{crc:08x}\t2\n{body}");
        assert_eq!(
            err(wrong_count.as_bytes()),
            E::CountMismatch {
                expected: 2,
                found: 1
            }
        );
        // every error has a message a person can read
        assert!(err(&corrupt).to_string().contains("corrupted"));
    }

    #[test]
    fn any_prefix_of_the_bundled_artifact_is_an_error_not_a_panic() {
        let mut at = 0;
        while at < BUNDLED.len() {
            assert!(
                Gazetteer::from_bytes(&BUNDLED[..at]).is_err(),
                "prefix {at}"
            );
            at += 997;
        }
    }
}
