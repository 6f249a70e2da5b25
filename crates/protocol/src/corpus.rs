//! Corpus-level questions the page asks the worker, and their answers. The worker keeps every
//! analyzed article; the engine's `group` and `export` stages compute the answers there, and
//! only the results cross to the UI thread.

use serde::{Deserialize, Serialize};

use crate::article::Span;
use crate::label::Label;
use crate::FileId;

/// A corpus entity's stable id (the engine's `CorpusEntity::id`).
pub type EntityId = String;

/// Numbers a question so a late answer to an older one can be told apart.
pub type Seq = u32;

/// Hand corrections of the grouping, applied on top of the engine's and kept for exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overrides {
    /// Entities joined into one, in the order they were made.
    pub merges: Vec<Merge>,
    /// Surface forms taken out of an entity into entities of their own.
    pub splits: Vec<Split>,
}

/// `from` entities become part of `into`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    pub into: EntityId,
    pub from: Vec<EntityId>,
}

/// The mentions of `entity` written `alias` become an entity of their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub entity: EntityId,
    pub alias: String,
}

/// One row of the entity table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    pub id: EntityId,
    /// Canonical name.
    pub name: String,
    pub label: Label,
    /// Every distinct surface form, canonical name first.
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub documents: usize,
}

/// How often an article mentions one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCount {
    /// Index into [`CorpusView::entities`].
    pub entity: usize,
    pub mentions: usize,
}

/// The entities one article mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntities {
    pub file: FileId,
    pub counts: Vec<EntityCount>,
}

/// The corpus's entities (refined labels, overrides applied) and who mentions them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusView {
    pub seq: Seq,
    /// Most mentioned first.
    pub entities: Vec<EntityRow>,
    /// One entry per analyzed article, in the order they were analyzed.
    pub articles: Vec<ArticleEntities>,
}

/// Which stretch of text makes two entities co-occur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Sentence,
    Paragraph,
    Article,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Sentence, Scope::Paragraph, Scope::Article];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Article => "article",
        }
    }
}

/// Ask for the co-occurrence network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkQuery {
    pub seq: Seq,
    pub scope: Scope,
    /// Edges lighter than this are left out (and nodes left without edges).
    pub min_weight: usize,
    /// Only entities of these labels (empty: all).
    pub labels: Vec<Label>,
    /// At most this many nodes, the most mentioned kept.
    pub max_nodes: usize,
}

/// A node of the network view, placed by the worker's layout (coordinates in 0..1000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeView {
    pub entity: EntityId,
    pub name: String,
    pub label: Label,
    pub mentions: usize,
    pub x: f64,
    pub y: f64,
}

/// An edge between [`NetworkView::nodes`] indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeView {
    pub source: usize,
    pub target: usize,
    pub weight: usize,
}

/// The co-occurrence network, laid out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkView {
    pub seq: Seq,
    pub scope: Scope,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
    /// Edges before the weight, label and size filters.
    pub total_edges: usize,
}

/// Ask for the timeline of the corpus (and mention counts over time for `entities`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineQuery {
    pub seq: Seq,
    pub entities: Vec<EntityId>,
}

/// A calendar date or range, ISO 8601 (`YYYY-MM-DD`), inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: String,
    pub end: String,
}

/// A DATE mention on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub file: FileId,
    /// [`crate::MentionView::id`] in its article.
    pub mention: usize,
    pub text: String,
    /// The sentence it comes from.
    pub sentence: String,
    /// `None`: could not be resolved (listed as such, never invented).
    pub resolved: Option<DateRange>,
    /// Why it was not resolved (the engine's reason, e.g. `no-publication-date`, `vague`).
    pub unresolved: Option<String>,
}

/// An article's publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDate {
    pub file: FileId,
    pub title: String,
    pub date: Option<String>,
}

/// Mentions of one entity per publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySeries {
    pub entity: EntityId,
    pub name: String,
    pub points: Vec<DateCount>,
}

/// Mentions on one publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCount {
    pub date: String,
    pub mentions: usize,
}

/// The corpus on a time axis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineView {
    pub seq: Seq,
    pub dates: Vec<DateMention>,
    pub articles: Vec<ArticleDate>,
    pub series: Vec<EntitySeries>,
}

/// Ask for every mention of an entity in context (KWIC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextsQuery {
    pub seq: Seq,
    pub entity: EntityId,
    /// Code points of context on each side.
    pub width: usize,
}

/// One mention in context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextRow {
    pub file: FileId,
    /// [`crate::MentionView::id`] in its article.
    pub mention: usize,
    pub span: Span,
    pub left: String,
    pub text: String,
    pub right: String,
}

/// Every mention of one entity, in corpus order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextsView {
    pub seq: Seq,
    pub entity: EntityId,
    pub rows: Vec<ContextRow>,
}

/// The export formats (`entity-lens export --format …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
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

impl ExportFormat {
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::SpacyJsonl,
        ExportFormat::MentionsCsv,
        ExportFormat::EntitiesCsv,
        ExportFormat::Graphml,
        ExportFormat::Gexf,
        ExportFormat::Brat,
        ExportFormat::Conll,
        ExportFormat::WebAnnotation,
        ExportFormat::Html,
    ];

    /// The CLI's `--format` name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::SpacyJsonl => "spacy-jsonl",
            ExportFormat::MentionsCsv => "mentions-csv",
            ExportFormat::EntitiesCsv => "entities-csv",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Brat => "brat",
            ExportFormat::Conll => "conll",
            ExportFormat::WebAnnotation => "web-annotation",
            ExportFormat::Html => "html",
        }
    }

    /// The download's file name.
    pub fn file_name(self) -> &'static str {
        match self {
            ExportFormat::SpacyJsonl => "corpus.spacy.jsonl",
            ExportFormat::MentionsCsv => "mentions.csv",
            ExportFormat::EntitiesCsv => "entities.csv",
            ExportFormat::Graphml => "network.graphml",
            ExportFormat::Gexf => "network.gexf",
            ExportFormat::Brat => "brat.zip",
            ExportFormat::Conll => "corpus.conll",
            ExportFormat::WebAnnotation => "annotations.jsonld",
            ExportFormat::Html => "report.html",
        }
    }

    /// The download's media type.
    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::SpacyJsonl => "application/jsonl",
            ExportFormat::MentionsCsv | ExportFormat::EntitiesCsv => "text/csv;charset=utf-8",
            ExportFormat::Graphml | ExportFormat::Gexf => "application/xml",
            ExportFormat::Brat => "application/zip",
            ExportFormat::Conll => "text/plain;charset=utf-8",
            ExportFormat::WebAnnotation => "application/ld+json",
            ExportFormat::Html => "text/html;charset=utf-8",
        }
    }
}

/// Ask for one export of the whole corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportQuery {
    pub seq: Seq,
    pub format: ExportFormat,
}

/// An export is ready. Its bytes travel beside this message as a transferred `ArrayBuffer`
/// (see the crate docs), not inside the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub seq: Seq,
    pub format: ExportFormat,
    pub bytes: usize,
}

/// A corpus question that could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QueryError {
    #[error("The recognizer's model is not loaded: {message}")]
    ModelUnavailable { message: String },
    #[error("No entity has the id {id}.")]
    UnknownEntity { id: EntityId },
    #[error("This export is not available yet: {message}")]
    ExportUnavailable { message: String },
    #[error("The corpus worker stopped: {message}")]
    WorkerCrashed { message: String },
}

/// The answer to a question that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryFailed {
    pub seq: Seq,
    pub error: QueryError,
}
