//! group → **export**: the corpus written for other tools.
//!
//! [`json`] is the per-article record the CLI prints and the Python package returns. The other
//! modules are the corpus exports, one per [`Format`], all pure (they write into any
//! [`std::io::Write`], so the page's worker makes the same downloads as the CLI):
//!
//! | format | module | what |
//! | --- | --- | --- |
//! | `spacy-jsonl` | [`spacy`] | one `Doc.to_json()` object per article (loads with `Doc.from_json`) |
//! | `mentions-csv` | [`csv`] | one row per mention |
//! | `entities-csv` | [`csv`] | one row per entity |
//! | `graphml` | [`graphml`] | the co-occurrence network (yEd, Cytoscape, igraph, networkx) |
//! | `gexf` | [`gexf`] | the co-occurrence network, GEXF 1.3 (Gephi) |
//! | `brat` | [`brat`] | a zip of `.txt` + `.ann` standoff files |
//! | `conll` | [`conll`] | token per line, BIO tags, `-DOCSTART-` per article |
//! | `web-annotation` | [`web_annotation`] | W3C Web Annotation JSON-LD, one annotation per mention |
//! | `html` | [`html`] | a self-contained annotated report (no script, no external request) |
//!
//! Every format names an article the same way, by its [`Doc::name`]: the file for a file
//! holding one article, `file#row3` for a table's row and `file#part2` for an export's article
//! ([`crate::intake::Provenance::name`]); `spacy-jsonl` also carries the provenance's fields.
//!
//! Offsets are Unicode code points, end exclusive (spaCy's, brat's and the W3C's convention).
//! Every format carries both labels of a mention: the view's ([`Settings::view`], refined by
//! default) as its main label and spaCy's beside it.
//!
//! ```
//! use entity_lens_engine::export::{self, Corpus, Format, Settings};
//! use entity_lens_engine::group::{self, Doc};
//!
//! let engine = entity_lens_engine::Engine::bundled()?;
//! let document = engine.analyze_text("Angela Merkel met Emmanuel Macron in Paris.\n", Default::default());
//! let docs = [Doc { name: "story.txt", document: &document }];
//! let grouping = group::group(&docs);
//! let corpus = Corpus { docs: &docs, grouping: &grouping };
//! let bytes = export::to_vec(Format::MentionsCsv, &corpus, Settings::default())?;
//! assert!(String::from_utf8(bytes)?.contains("Angela Merkel"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod brat;
pub mod conll;
pub mod csv;
pub mod gexf;
mod graph;
pub mod graphml;
pub mod html;
pub mod json;
mod markup;
pub mod spacy;
pub mod web_annotation;

use std::io::Write;

use crate::group::{self, CorpusEntity, Doc, Grouping, Network, Scope};
use crate::pipeline::EntityMode;
use crate::recognize::Label;
use crate::refine::{self, Mention};
use crate::span::Span;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    SpacyJsonl,
    MentionsCsv,
    EntitiesCsv,
    Graphml,
    Gexf,
    Brat,
    Conll,
    WebAnnotation,
    Html,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 9] = [
        Format::SpacyJsonl,
        Format::MentionsCsv,
        Format::EntitiesCsv,
        Format::Graphml,
        Format::Gexf,
        Format::Brat,
        Format::Conll,
        Format::WebAnnotation,
        Format::Html,
    ];

    /// The format's name on the command line (`spacy-jsonl`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::SpacyJsonl => "spacy-jsonl",
            Format::MentionsCsv => "mentions-csv",
            Format::EntitiesCsv => "entities-csv",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::WebAnnotation => "web-annotation",
            Format::Html => "html",
        }
    }

    /// The format named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::SpacyJsonl => "jsonl",
            Format::MentionsCsv | Format::EntitiesCsv => "csv",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Brat => "zip",
            Format::Conll => "conll",
            Format::WebAnnotation => "jsonld",
            Format::Html => "html",
        }
    }

    /// The media type a download is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::SpacyJsonl => "application/jsonl",
            Format::MentionsCsv | Format::EntitiesCsv => "text/csv; charset=utf-8",
            Format::Graphml => "application/graphml+xml",
            Format::Gexf => "application/gexf+xml",
            Format::Brat => "application/zip",
            Format::Conll => "text/plain; charset=utf-8",
            Format::WebAnnotation => {
                "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""
            }
            Format::Html => "text/html; charset=utf-8",
        }
    }
}

/// What an export reads: the articles and their grouping ([`group::group`], with any merges
/// or splits made by hand already applied).
#[derive(Debug, Clone, Copy)]
pub struct Corpus<'a> {
    pub docs: &'a [Doc<'a>],
    pub grouping: &'a Grouping,
}

/// How an export is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// Which label is a mention's main one: the refined label (default) or spaCy's.
    pub view: EntityMode,
    /// The co-occurrence scope of the network formats.
    pub scope: Scope,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing the zip archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("the network names entity {index}, but the grouping has {count} entities")]
    UnknownEntity { index: usize, count: usize },
}

/// Writes `corpus` in `format` to `out`.
pub fn write(
    format: Format,
    corpus: &Corpus<'_>,
    settings: Settings,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    match format {
        Format::SpacyJsonl => spacy::write(corpus, settings, out),
        Format::MentionsCsv => csv::write_mentions(corpus, settings, out),
        Format::EntitiesCsv => csv::write_entities(corpus, out),
        Format::Graphml => graphml::write(corpus, &network(corpus, settings), out),
        Format::Gexf => gexf::write(corpus, &network(corpus, settings), out),
        Format::Brat => brat::write(corpus, settings, out),
        Format::Conll => conll::write(corpus, settings, out),
        Format::WebAnnotation => web_annotation::write(corpus, settings, out),
        Format::Html => html::write(corpus, settings, out),
    }
}

/// [`write()`] into a new buffer.
pub fn to_vec(
    format: Format,
    corpus: &Corpus<'_>,
    settings: Settings,
) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    write(format, corpus, settings, &mut out)?;
    Ok(out)
}

fn network(corpus: &Corpus<'_>, settings: Settings) -> Network {
    group::network(corpus.docs, corpus.grouping, settings.scope)
}

/// One mention as the exports see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    /// Index in [`crate::pipeline::Document::mentions`].
    pub index: usize,
    pub mention: &'a Mention,
    /// The main label (the view's); `None` when the mention is not in the view.
    pub label: Option<Label>,
    /// The mention's text.
    pub text: &'a str,
    /// Its entity in the grouping, if any, and that entity's index.
    pub entity: Option<&'a CorpusEntity>,
    pub entity_index: Option<usize>,
}

impl Item<'_> {
    pub fn span(&self) -> &Span {
        &self.mention.span
    }

    /// spaCy's label, or `""` when refinement added the mention.
    pub fn raw_label(&self) -> &'static str {
        self.mention.raw_label.map_or("", Label::as_str)
    }

    /// The entity id, or `""`.
    pub fn entity_id(&self) -> &str {
        self.entity.map_or("", |e| e.id.as_str())
    }
}

impl<'a> Corpus<'a> {
    /// Every mention of document `d`, in document order.
    pub(crate) fn items(&self, d: usize, view: EntityMode) -> Vec<Item<'a>> {
        let Some(doc) = self.docs.get(d) else {
            return Vec::new();
        };
        let text = doc.document.article.text.as_str();
        let links = self.grouping.links.get(d);
        doc.document
            .mentions
            .iter()
            .enumerate()
            .map(|(index, mention)| {
                let entity_index = links
                    .and_then(|l| l.get(index).copied().flatten())
                    .filter(|&e| e < self.grouping.entities.len());
                Item {
                    index,
                    mention,
                    label: refine::label_in(mention, view),
                    text: json::slice(text, &mention.span),
                    entity: entity_index.and_then(|e| self.grouping.entities.get(e)),
                    entity_index,
                }
            })
            .collect()
    }

    /// The mentions of document `d` in the view, without overlaps (formats that mark text
    /// inline cannot nest): sorted by start, a mention overlapping an earlier kept one is left
    /// out. The refinement stage gives a view without overlaps, so this drops nothing in practice.
    pub(crate) fn view(&self, d: usize, view: EntityMode) -> Vec<Item<'a>> {
        let mut items: Vec<Item<'a>> = self
            .items(d, view)
            .into_iter()
            .filter(|i| i.label.is_some())
            .collect();
        items.sort_by_key(|i| (i.span().char.start, std::cmp::Reverse(i.span().char.end)));
        let mut end = 0;
        items.retain(|i| {
            let keep = i.span().char.start >= end && i.span().char.end > i.span().char.start;
            if keep {
                end = i.span().char.end;
            }
            keep
        });
        items
    }
}

/// The sentence of `doc` that contains code point `at` (sentences are sorted).
pub(crate) fn sentence_at<'a>(doc: &Doc<'a>, at: usize) -> Option<&'a Span> {
    let sents = &doc.document.analysis.sents;
    let i = sents.partition_point(|s| s.char.end <= at);
    sents.get(i).filter(|s| s.char.start <= at)
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("xlsx"), None);
    }

    #[test]
    fn every_format_writes_the_fixture() {
        let fixture = fixture::Fixture::new();
        let corpus = fixture.corpus();
        for format in Format::ALL {
            let bytes = to_vec(format, &corpus, Settings::default())
                .unwrap_or_else(|e| panic!("{}: {e}", format.name()));
            assert!(!bytes.is_empty(), "{}", format.name());
        }
    }

    #[test]
    fn the_view_has_no_overlaps_and_keeps_the_removed_mentions_out() {
        let fixture = fixture::Fixture::new();
        let corpus = fixture.corpus();
        let view = corpus.view(0, EntityMode::Refined);
        assert!(view
            .windows(2)
            .all(|w| w[0].span().char.end <= w[1].span().char.start));
        assert!(view.iter().all(|i| i.mention.label.is_some()));
        let raw = corpus.view(0, EntityMode::Raw);
        assert!(raw.iter().all(|i| i.mention.raw_label.is_some()));
        assert_ne!(
            view.iter().map(|i| i.text).collect::<Vec<_>>(),
            raw.iter().map(|i| i.text).collect::<Vec<_>>()
        );
    }
}
