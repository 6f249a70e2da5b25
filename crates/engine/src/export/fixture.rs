//! A small corpus written by hand for the export tests: real tokens (the tokenizer), sentences
//! and mentions placed by their text, a grouping and a network built by hand (so these tests do
//! not depend on the grouping rules). The texts hold what breaks writers: an emoji and a
//! combining mark before entities (bytes ≠ code points), `<&"'>`, commas, quotes, a mention
//! across a line break, a repaired span (removed + added, overlapping), a relabeled mention.

use crate::clean::Article;
use crate::group::{CorpusEntity, Doc, Edge, Grouping, Network, Scope};
use crate::pipeline::{Analysis, Document, Entity};
use crate::recognize::Label;
use crate::refine::{Change, Mention, Rule};
use crate::span::{OffsetMap, Span};
use crate::tokenize::{TokenSpan, Tokenizer};

use super::Corpus;

pub const TEXT_0: &str = "😀 Angela Merkel met Emmanuel Macron in Paris, France.\n\
    The <EU> gave €5 to Zoe\u{301} O'Neil.\n\nMerkel left Paris.\n";
pub const TEXT_1: &str = "Merkel visited Paris.\nAT&T, \"Big, Co\" and the\nWhite House met.\n";

/// One mention: its text, which occurrence of it, refined and raw labels, entity index.
struct Spec {
    text: &'static str,
    nth: usize,
    label: Option<Label>,
    raw: Option<Label>,
    entity: Option<usize>,
}

const fn spec(
    text: &'static str,
    nth: usize,
    label: Option<Label>,
    raw: Option<Label>,
    entity: Option<usize>,
) -> Spec {
    Spec {
        text,
        nth,
        label,
        raw,
        entity,
    }
}

use Label::{Fac, Gpe, Money, Org, Person};

const MERKEL: usize = 0;
const MACRON: usize = 1;
const PARIS: usize = 2;
const FRANCE: usize = 3;
const EU: usize = 4;
const ZOE: usize = 5;
const ATT: usize = 6;
const BIG: usize = 7;
const WHITE_HOUSE: usize = 8;

fn specs_0() -> Vec<Spec> {
    vec![
        spec("Angela Merkel", 0, Some(Person), Some(Person), Some(MERKEL)),
        // A repaired span: spaCy's "Emmanuel" removed, "Emmanuel Macron" added.
        spec("Emmanuel", 0, None, Some(Person), None),
        spec("Emmanuel Macron", 0, Some(Person), None, Some(MACRON)),
        spec("Paris", 0, Some(Gpe), Some(Gpe), Some(PARIS)),
        // Relabeled.
        spec("France", 0, Some(Gpe), Some(Person), Some(FRANCE)),
        // Removed: not an entity.
        spec("The", 0, None, Some(Org), None),
        spec("<EU>", 0, Some(Org), Some(Org), Some(EU)),
        spec("€5", 0, Some(Money), Some(Money), None),
        spec(
            "Zoe\u{301} O'Neil",
            0,
            Some(Person),
            Some(Person),
            Some(ZOE),
        ),
        spec("Merkel", 1, Some(Person), Some(Person), Some(MERKEL)),
        spec("Paris", 1, Some(Gpe), Some(Gpe), Some(PARIS)),
    ]
}

fn specs_1() -> Vec<Spec> {
    vec![
        spec("Merkel", 0, Some(Person), Some(Person), Some(MERKEL)),
        spec("Paris", 0, Some(Gpe), Some(Gpe), Some(PARIS)),
        spec("AT&T", 0, Some(Org), Some(Org), Some(ATT)),
        spec("\"Big, Co\"", 0, Some(Org), None, Some(BIG)),
        // Across a line break: removed by the structure rule, repaired.
        spec("the\nWhite House", 0, None, Some(Fac), None),
        spec("White House", 0, Some(Fac), None, Some(WHITE_HOUSE)),
    ]
}

fn entity(
    id: &str,
    name: &str,
    label: Label,
    aliases: &[&str],
    mentions: usize,
    documents: usize,
) -> CorpusEntity {
    CorpusEntity {
        id: id.to_owned(),
        name: name.to_owned(),
        label,
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        mentions,
        documents,
    }
}

fn entities() -> Vec<CorpusEntity> {
    vec![
        entity(
            "E1",
            "Angela Merkel",
            Person,
            &["Angela Merkel", "Merkel"],
            3,
            2,
        ),
        entity("E2", "Emmanuel Macron", Person, &["Emmanuel Macron"], 1, 1),
        entity("E3", "Paris", Gpe, &["Paris"], 3, 2),
        entity("E4", "France", Gpe, &["France"], 1, 1),
        // An id and a name with every character markup must escape.
        entity("E<5>&\"'", "<EU> & \"co\" 'x'", Org, &["<EU>", "E|U"], 1, 1),
        entity(
            "E6",
            "Zoe\u{301} O'Neil",
            Person,
            &["Zoe\u{301} O'Neil"],
            1,
            1,
        ),
        entity("E7", "AT&T", Org, &["AT&T"], 1, 1),
        entity("E8", "\"Big, Co\"", Org, &["\"Big, Co\"", "Big,\nCo"], 1, 1),
        entity("E9", "White House", Fac, &["White House"], 1, 1),
    ]
}

/// The code-point span of the `nth` occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the fixture text"));
    let start = text[..byte].chars().count();
    OffsetMap::new(text).span(start..start + needle.chars().count())
}

/// A document: tokens from the tokenizer, a sentence ending after each `.` token (trailing
/// whitespace tokens included, as spaCy's parser does), the mentions of `specs`.
fn document(tokenizer: &Tokenizer, text: &str, specs: &[Spec]) -> (Document, Vec<Option<usize>>) {
    let tokens = tokenizer.tokenize(text);
    let mut sents = Vec::new();
    let mut start: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let first = *start.get_or_insert(i);
        let next_is_word = tokens
            .get(i + 1)
            .is_some_and(|t| !text[t.span.byte.clone()].trim().is_empty());
        let ended = tokens[..=i]
            .iter()
            .rev()
            .find(|t| !text[t.span.byte.clone()].trim().is_empty())
            .is_some_and(|t| &text[t.span.byte.clone()] == ".");
        if (ended && next_is_word) || i + 1 == tokens.len() {
            sents.push(Span {
                byte: tokens[first].span.byte.start..token.span.byte.end,
                char: tokens[first].span.char.start..token.span.char.end,
            });
            start = None;
        }
    }
    let mut mentions: Vec<(Mention, Option<usize>)> = specs
        .iter()
        .map(|s| {
            let change = match (s.label, s.raw) {
                (Some(l), Some(r)) if l == r => Change::Kept,
                (Some(_), Some(_)) => Change::Relabeled,
                (Some(_), None) => Change::Added,
                _ => Change::Removed,
            };
            let rule = match change {
                Change::Kept => None,
                Change::Relabeled => Some(Rule::Knowledge),
                _ => Some(Rule::Span),
            };
            let mention = Mention {
                span: find(text, s.text, s.nth),
                label: s.label,
                raw_label: s.raw,
                change,
                rule,
            };
            (mention, s.entity)
        })
        .collect();
    mentions.sort_by_key(|(m, _)| (m.span.char.start, m.span.char.end));
    let ents = mentions
        .iter()
        .filter_map(|(m, _)| {
            Some(Entity {
                span: m.span.clone(),
                label: m.raw_label?,
            })
        })
        .collect();
    let map = OffsetMap::new(text);
    let article = Article {
        title: Some("Merkel & <Macron>".to_owned()),
        date: Some("2020-11-29".to_owned()),
        paragraphs: vec![map.span(0..map.char_len())],
        text: text.to_owned(),
        ..Article::default()
    };
    let links = mentions.iter().map(|(_, e)| *e).collect();
    let document = Document {
        provenance: Default::default(),
        kind: crate::intake::Kind::Text,
        encoding: "UTF-8",
        article,
        analysis: Analysis {
            tokens: tokens
                .iter()
                .filter_map(|t| TokenSpan::new(&t.span))
                .collect(),
            sents,
            ents,
            ..Analysis::default()
        },
        mentions: mentions.into_iter().map(|(m, _)| m).collect(),
    };
    (document, links)
}

/// Two documents, their grouping and a network.
pub struct Fixture {
    pub documents: Vec<Document>,
    pub grouping: Grouping,
    pub network: Network,
    docs: Vec<Doc<'static>>,
}

impl Fixture {
    pub fn new() -> Self {
        let tokenizer = Tokenizer::new();
        let (d0, l0) = document(&tokenizer, TEXT_0, &specs_0());
        let (d1, l1) = document(&tokenizer, TEXT_1, &specs_1());
        let network = Network {
            scope: Scope::Sentence,
            nodes: vec![MERKEL, MACRON, PARIS, FRANCE, EU, ZOE, ATT, BIG],
            edges: vec![
                edge(MERKEL, MACRON, 1),
                edge(MERKEL, PARIS, 3),
                edge(MACRON, PARIS, 1),
                edge(PARIS, FRANCE, 1),
                edge(MERKEL, FRANCE, 1),
                edge(EU, ZOE, 1),
                edge(ATT, BIG, 1),
            ],
        };
        Self {
            documents: vec![d0, d1],
            grouping: Grouping {
                entities: entities(),
                links: vec![l0, l1],
            },
            network,
            docs: Vec::new(),
        }
        .with_docs()
    }

    fn with_docs(mut self) -> Self {
        // The documents live as long as the fixture; leak them into 'static for the `Doc`s
        // (tests only).
        let leaked: &'static [Document] = Box::leak(self.documents.clone().into_boxed_slice());
        self.docs = vec![
            Doc {
                name: "dir/first <1>.txt",
                document: &leaked[0],
            },
            Doc {
                name: "other/second, \"2\".txt",
                document: &leaked[1],
            },
        ];
        self
    }

    pub fn corpus(&self) -> Corpus<'_> {
        Corpus {
            docs: &self.docs,
            grouping: &self.grouping,
        }
    }
}

fn edge(source: usize, target: usize, weight: usize) -> Edge {
    Edge {
        source: source.min(target),
        target: source.max(target),
        weight,
    }
}
