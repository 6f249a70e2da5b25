//! Raw page text → article: headline, date, source, dateline, byline, tags, body; clutter removed.
//!
//! Text copied or scraped from a news page carries the page with it: widgets, menus, app and
//! language prompts, share buttons, comment forms, related-article lists, the headline twice,
//! a date line, a dateline. [`clean`] keeps the article:
//!
//! 1. `lines`: split on any line ending (`\n`, `\r\n`, `\r`, U+2028 ...), trim, group
//!    non-blank lines into units (a line, or the lines of one hard-wrapped paragraph).
//! 2. `classify`: score every unit jusText-style (length, stop-word density, sentence shape,
//!    chrome vocabulary, character make-up, capitalization, block shape).
//! 3. `metadata`: recognize metadata lines (date lines, relative timestamps, bylines, source
//!    and tag lines), pick the headline among the units before the first body paragraph, mark
//!    its repetitions, and treat everything above it as page header.
//! 4. The rules decide (context smoothing after jusText; bulleted lists decided as a whole;
//!    after the last good paragraph, everything from the first page line on is page; a
//!    reader-comment section goes from its header to the end). The learned line [`model`]
//!    (measured, not yet the default) decides again from its own reading of every unit and
//!    its neighbours plus what the rules decided; the rules' headline and metadata lines and
//!    the comment-section cut stay hard constraints.
//! 5. The body's first paragraphs are checked for a dateline (`YEREVAN (Agency - date) ...`,
//!    cut from the paragraph) and for a lead repeated right below itself (the first copy goes).
//! 6. [`sentences`]: a rule-based split of the body, for the UI.
//!
//! Offsets: [`Article::paragraphs`] and [`Article::sentences`] are spans of [`Article::text`];
//! [`Removed::span`] and [`Segment::original`] are spans of the decoded original, so every
//! character of the body can be traced back ([`Article::to_original`]). Whitespace-only or empty
//! input gives an empty article.
//!
//! The publication date is only reported when the text states it: a date line below the
//! headline, a `Published ...` line, or the dateline. A date above the headline (a page header
//! beside a weather widget, "today is ...") and relative times ("42 minutes ago") are not used.

mod classify;
mod lines;
mod metadata;
pub mod model;
pub mod sentences;

use std::collections::HashSet;

use serde::Serialize;

use crate::span::Span;
use classify::{Class, Features};
use lines::{Line, Unit};
use metadata::LineKind;

/// Why a stretch of the original was left out of the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RemovalReason {
    /// Page chrome: navigation, widgets, share buttons, comment forms, ads.
    Boilerplate,
    /// The headline (reported in [`Article::title`]).
    Title,
    /// The headline again.
    DuplicateTitle,
    /// A date line (the date is in [`Article::date`] when it is the publication date).
    Date,
    /// A byline (in [`Article::byline`]).
    Byline,
    /// A tag line (in [`Article::tags`]).
    Tags,
    /// A dateline cut from the head of a paragraph (in [`Article::dateline`]).
    Dateline,
    /// A paragraph repeated (a lead repeated under the dateline, a copied block).
    Duplicate,
    /// Other metadata: timestamps, source lines, view counters.
    Metadata,
    /// A reader-comment section below the article (from its header to the end).
    Comments,
}

impl RemovalReason {
    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Boilerplate => "boilerplate",
            Self::Title => "title",
            Self::DuplicateTitle => "duplicate-title",
            Self::Date => "date",
            Self::Byline => "byline",
            Self::Tags => "tags",
            Self::Dateline => "dateline",
            Self::Duplicate => "duplicate",
            Self::Metadata => "metadata",
            Self::Comments => "comments",
        }
    }
}

/// A stretch of the decoded original that is not part of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Offsets into the decoded original text.
    pub span: Span,
    /// Why it was cut.
    pub reason: RemovalReason,
}

/// A piece of [`Article::text`] copied verbatim from the original (one line, or its tail after
/// a dateline): the two spans have the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Offsets into the clean body.
    pub text: Span,
    /// Offsets into the decoded original.
    pub original: Span,
}

/// A cleaned article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The headline, once, as written.
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`), when the text states one.
    pub date: Option<String>,
    /// The agency or publication the text names as its source (`Sputnik`, `AzVision.az`).
    pub source: Option<String>,
    /// The dateline's place (`YEREVAN`).
    pub dateline: Option<String>,
    /// The author named in a byline.
    pub byline: Option<String>,
    /// Tags or topics listed by the page.
    pub tags: Vec<String>,
    /// The clean body: what recognition runs on. Lines end with `\n`; paragraphs are separated
    /// by one blank line.
    pub text: String,
    /// Body paragraphs, offsets into `text`.
    pub paragraphs: Vec<Span>,
    /// Approximate sentences, offsets into `text` ([`sentences::split`]: rule-based, for the
    /// UI before the parser runs; the pipeline's sentences come from the parser).
    pub sentences: Vec<Span>,
    /// What was cut from the original, and why, in document order.
    pub removed: Vec<Removed>,
    /// Where each piece of `text` comes from in the original, in order.
    pub segments: Vec<Segment>,
}

impl Article {
    /// The code-point offset in the original of code point `char_offset` of [`Article::text`]
    /// (`None` for the line breaks the cleaner inserted between pieces, and past the end).
    pub fn to_original(&self, char_offset: usize) -> Option<usize> {
        let i = self
            .segments
            .partition_point(|s| s.text.char.end <= char_offset);
        let seg = self.segments.get(i)?;
        (seg.text.char.start <= char_offset)
            .then(|| seg.original.char.start + (char_offset - seg.text.char.start))
    }
}

/// How many units at each end of a document are checked for metadata lines.
const EDGE_UNITS: usize = 400;

/// Per-unit decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    Cut(RemovalReason),
}

/// Which classifier decides body vs chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The learned line model ([`model`]), the rules as features and hard constraints.
    Model,
    /// The previous hand-tuned rules alone (jusText-style scores and context smoothing), kept
    /// for the side-by-side benchmark.
    Rules,
}

/// One cleaning run, with what the benchmark and the training script need.
struct Run {
    article: Article,
    /// Byte range of every unit in the original, and whether it was kept.
    units: Vec<(std::ops::Range<usize>, bool)>,
    /// The unit model's inputs (model mode only).
    inputs: Vec<model::UnitInput>,
    /// The decision model's rules features (model mode only).
    rules: Vec<[f32; model::RULES]>,
}

/// Cleans decoded page text into an article.
///
/// The learned hybrid decides body and chrome ([`model`]: the rules' decisions and scores among
/// its inputs, their headline and metadata lines as hard constraints). Over the 281 held-out
/// pages of sites never trained on (`tools/cleanup/bench.py`) it reaches body F1 0.785 against the
/// rules' 0.766 (better on 145 pages, worse on 65); it is behind on one of its sets (readability
/// pages, 0.821 vs 0.834) and level on the clutter benchmark's held-out set 2 (line recall 0.933 vs
/// 0.939, character recall 0.895 vs 0.894). The rules alone remain [`training::clean_rules`].
///
/// A text longer than [`MODEL_MAX_BYTES`] is not one page but a collection (a year of articles
/// in one file): the learned cleaner, trained on single pages, cut up to half of such texts'
/// prose (59 % of 400 concatenated news stories kept), so the rules, which keep it, clean them.
pub fn clean(text: &str) -> Article {
    let mode = if text.len() > MODEL_MAX_BYTES {
        Mode::Rules
    } else {
        Mode::Model
    };
    run(text, mode).article
}

/// The longest text the learned cleaner is used on (see [`clean`]); the pages it was trained and
/// measured on are far shorter.
pub const MODEL_MAX_BYTES: usize = 128 * 1024;

/// What the training and benchmark tools read (`tools/cleanup/`); not a stable API.
#[doc(hidden)]
pub mod training {
    use super::{model, run, Article, Mode};

    /// One unit of a cleaned text.
    #[derive(Debug, Clone)]
    pub struct UnitRow {
        /// Byte range in the original.
        pub byte: std::ops::Range<usize>,
        /// The unit model's input.
        pub input: model::UnitInput,
        /// The decision model's rules features ([`model::RULES`]).
        pub rules: Vec<f32>,
        /// Kept by the learned cleaner.
        pub keep_model: bool,
        /// Kept by the previous rules.
        pub keep_rules: bool,
    }

    /// The learned line model with the rules as features and constraints (= [`super::clean`]).
    pub fn clean_learned(text: &str) -> Article {
        run(text, Mode::Model).article
    }

    /// The previous rules alone (the benchmark's baseline).
    pub fn clean_rules(text: &str) -> Article {
        run(text, Mode::Rules).article
    }

    /// Both cleaners on `text`: the per-unit rows, the learned cleaner's article, the rules'.
    pub fn compare(text: &str) -> (Vec<UnitRow>, Article, Article) {
        let m = run(text, Mode::Model);
        let r = run(text, Mode::Rules);
        let rows = m
            .units
            .iter()
            .zip(&r.units)
            .zip(m.inputs)
            .zip(m.rules)
            .map(|((((byte, km), (_, kr)), input), rules)| UnitRow {
                byte: byte.clone(),
                input,
                rules: rules.to_vec(),
                keep_model: *km,
                keep_rules: *kr,
            })
            .collect();
        (rows, m.article, r.article)
    }
}

/// What both deciders read: the segmented text and every unit's measurements.
struct Prep<'t> {
    text: &'t str,
    lines: Vec<Line<'t>>,
    units: Vec<Unit>,
    feats: Vec<Features>,
    kinds: Vec<Option<LineKind>>,
    /// Units per block.
    block_sizes: Vec<usize>,
}

impl<'t> Prep<'t> {
    fn new(text: &'t str) -> Self {
        let lines = lines::split_lines(text);
        let units = lines::units(&lines);
        let mut prep = Prep {
            text,
            lines,
            units,
            feats: Vec::new(),
            kinds: Vec::new(),
            block_sizes: Vec::new(),
        };
        let shorts_block = blocks_of_shorts(&prep.units, &prep.lines);
        prep.block_sizes = vec![0usize; prep.units.last().map_or(0, |u| u.block + 1)];
        for u in &prep.units {
            if let Some(n) = prep.block_sizes.get_mut(u.block) {
                *n += 1;
            }
        }
        prep.feats = prep
            .units
            .iter()
            .zip(&shorts_block)
            .map(|(u, &b)| classify::features(prep.unit_text(u), b))
            .collect();
        // Metadata lines live at the edges of a page: only the first and last units are
        // checked, which keeps huge inputs (millions of lines) cheap.
        let n_units = prep.units.len();
        let near_edge = |i: usize| i < EDGE_UNITS || i + EDGE_UNITS >= n_units;
        prep.kinds = prep
            .units
            .iter()
            .zip(&prep.feats)
            .enumerate()
            .map(|(i, (u, f))| {
                near_edge(i)
                    .then(|| metadata::line_kind(prep.unit_text(u), f.words, f.ends_sentence))
                    .flatten()
            })
            .collect();
        prep
    }

    fn unit_text(&self, u: &Unit) -> &'t str {
        let first = &self.lines[u.lines.start];
        let last = &self.lines[u.lines.end - 1];
        self.text
            .get(first.byte.start..last.byte.end)
            .unwrap_or_default()
    }

    fn text_of(&self, i: usize) -> &'t str {
        self.units.get(i).map_or("", |u| self.unit_text(u))
    }
}

/// The body/chrome decision of every unit (before the dateline and repeat checks).
struct Decision {
    fates: Vec<Fate>,
    title_idx: Option<usize>,
}

fn run(text: &str, mode: Mode) -> Run {
    let p = Prep::new(text);
    if p.units.is_empty() {
        return Run {
            article: Article::default(),
            units: Vec::new(),
            inputs: Vec::new(),
            rules: Vec::new(),
        };
    }
    let rule_classes: Vec<Class> = p.feats.iter().map(classify::initial_class).collect();
    let by_rules = decide(&p, rule_classes.clone(), true, None);
    let (decision, inputs, rules) = match mode {
        Mode::Rules => (by_rules, Vec::new(), Vec::new()),
        Mode::Model => {
            let learned = model::EMBEDDED.as_ref().ok();
            let views: Vec<model::UnitView<'_>> = p
                .units
                .iter()
                .zip(&p.feats)
                .zip(&p.kinds)
                .map(|((u, f), k)| model::UnitView {
                    text: p.unit_text(u),
                    feats: f,
                    is_metadata: k.is_some(),
                    lines: u.lines.len(),
                    block_units: p.block_sizes.get(u.block).copied().unwrap_or(1),
                })
                .collect();
            let bits = learned.map_or(model::HASH_BITS, model::LineModel::hash_bits);
            let inputs: Vec<model::UnitInput> = (0..views.len())
                .map(|i| model::unit_features(&views, i, bits))
                .collect();
            let rules = rules_features(&p, &rule_classes, &by_rules);
            match learned {
                Some(m) => {
                    let logits: Vec<f32> = inputs.iter().map(|x| m.unit_logit(x)).collect();
                    // The run of units the rules keep at the very end of the text: the
                    // training pages all end in page chrome (footers), a pasted article ends
                    // in its body, so there the rules decide.
                    let body_to_end = by_rules
                        .fates
                        .iter()
                        .rposition(|&f| f != Fate::Keep)
                        .map_or(0, |k| k + 1);
                    let classes = (0..p.units.len())
                        .map(|i| {
                            let f = &p.feats[i];
                            // Rules that are right stay hard constraints: the structural
                            // verdicts, a chrome phrase in a short unit the rules call bad,
                            // a line repeated three times or more (menus, "Share").
                            let chrome = f.hard_bad
                                || (f.phrases > 0 && rule_classes[i] == Class::Bad)
                                || rules[i][REPEATS] >= REPEATED;
                            if i >= body_to_end {
                                return Class::Good;
                            }
                            if chrome {
                                return Class::Bad;
                            }
                            let mut x = [0f32; model::STAGE2];
                            x[..model::CONTEXT]
                                .copy_from_slice(&model::context_features(&logits, i));
                            x[model::CONTEXT..].copy_from_slice(&rules[i]);
                            if m.decision_logit(&x) < m.threshold {
                                Class::Bad
                            } else {
                                Class::Good
                            }
                        })
                        .collect();
                    // The rules' headline and metadata lines are hard constraints.
                    let d = decide(&p, classes, false, Some(by_rules.title_idx));
                    (d, inputs, rules)
                }
                None => (by_rules, inputs, rules),
            }
        }
    };
    let Decision {
        mut fates,
        title_idx,
    } = decision;
    let units = &p.units;
    let lines = &p.lines;
    let mut article = Article::default();
    if let Some(t) = title_idx {
        article.title = Some(
            p.text_of(t)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }

    // Dateline in one of the first two body paragraphs.
    let kept: Vec<usize> = (0..units.len())
        .filter(|&i| fates[i] == Fate::Keep)
        .collect();
    let mut dateline_cut: Option<(usize, usize)> = None;
    for &i in kept.iter().take(2) {
        if let Some(d) = metadata::dateline(lines[units[i].lines.start].text) {
            article.dateline = Some(d.place);
            article.source = d.source;
            if article.date.is_none() {
                article.date = d.date;
            }
            dateline_cut = Some((i, d.len));
            break;
        }
    }
    let found_dateline = dateline_cut;
    let body_text = |i: usize| -> &str {
        let t = p.text_of(i);
        match found_dateline {
            Some((j, len)) if j == i => t.get(len..).unwrap_or(t),
            _ => t,
        }
    };

    // Repeated paragraphs: a lead repeated right below itself, or any exact repeat.
    let tokens: Vec<Vec<metadata::Word>> = kept
        .iter()
        .map(|&i| metadata::norm_tokens(body_text(i), 400))
        .collect();
    for w in 0..kept.len().saturating_sub(1) {
        let (a, b) = (kept[w], kept[w + 1]);
        if fates[a] != Fate::Keep || fates[b] != Fate::Keep {
            continue;
        }
        if metadata::repeated_in(&tokens[w], &tokens[w + 1]) {
            fates[a] = Fate::Cut(RemovalReason::Duplicate);
        } else if metadata::repeated_in(&tokens[w + 1], &tokens[w]) {
            fates[b] = Fate::Cut(RemovalReason::Duplicate);
        }
    }
    let mut seen: HashSet<&[metadata::Word]> = HashSet::new();
    for (w, &i) in kept.iter().enumerate() {
        if fates[i] == Fate::Keep && tokens[w].len() >= 4 && !seen.insert(&tokens[w]) {
            fates[i] = Fate::Cut(RemovalReason::Duplicate);
        }
    }
    // Freed before the article is assembled (a copy of the text).
    drop(seen);
    drop(tokens);
    if dateline_cut.is_some_and(|(i, _)| fates[i] != Fate::Keep) {
        // The dateline's paragraph went as a duplicate: its metadata still stands, but there
        // is nothing to cut from the body.
        dateline_cut = None;
    }

    collect_metadata(
        &mut article,
        units,
        &p.kinds,
        &fates,
        title_idx,
        |i| body_text(i),
        |u| p.unit_text(u),
    );
    assemble(&mut article, lines, units, &fates, dateline_cut);
    article.sentences = sentences::split(&article.text, &article.paragraphs);
    let units = units
        .iter()
        .zip(&fates)
        .map(|(u, f)| {
            let first = &lines[u.lines.start];
            let last = &lines[u.lines.end - 1];
            (first.byte.start..last.byte.end, *f == Fate::Keep)
        })
        .collect();
    Run {
        article,
        units,
        inputs,
        rules,
    }
}

/// Decides every unit from its class (the rules' jusText classes, or the learned model's
/// good / bad), with the rules' hard constraints: metadata lines, the headline (found among
/// the units before the first good one, unless `title` is given) and everything above it,
/// context smoothing, the page tail after the last good unit, a reader-comment section.
/// `lists` decides bulleted lists as a whole (the rules; the learned model reads its
/// neighbours itself).
fn decide(
    p: &Prep<'_>,
    mut classes: Vec<Class>,
    lists: bool,
    title: Option<Option<usize>>,
) -> Decision {
    let units = &p.units;
    let feats = &p.feats;
    let kinds = &p.kinds;
    for (c, k) in classes.iter_mut().zip(kinds) {
        if k.is_some() {
            *c = Class::Bad;
        }
    }

    let mut fates: Vec<Option<Fate>> = vec![None; units.len()];

    // The headline: among the units before the first good one.
    let title_idx = title.unwrap_or_else(|| {
        let first_good = classes
            .iter()
            .position(|&c| c == Class::Good)
            .unwrap_or(units.len());
        // A single line is the text itself, never a headline over nothing.
        (units.len() > 1)
            .then(|| find_title(units, feats, kinds, first_good, |u| p.unit_text(u)))
            .flatten()
    });
    if let Some(t) = title_idx {
        fates[t] = Some(Fate::Cut(RemovalReason::Title));
        for f in fates.iter_mut().take(t) {
            *f = Some(Fate::Cut(RemovalReason::Boilerplate));
        }
        let title_tokens = metadata::norm_tokens(p.text_of(t), 64);
        let title_chars = feats[t].chars;
        for i in (0..units.len()).filter(|&i| i != t) {
            if feats[i].chars <= title_chars * 2 + 20 {
                let toks = metadata::norm_tokens(p.text_of(i), 64);
                if metadata::near_same(&title_tokens, &toks) {
                    fates[i] = Some(Fate::Cut(RemovalReason::DuplicateTitle));
                }
            }
        }
    }
    for (i, kind) in kinds.iter().enumerate() {
        if fates[i].is_some() {
            continue;
        }
        if let Some(kind) = kind {
            fates[i] = Some(Fate::Cut(match kind {
                LineKind::Date { .. } => RemovalReason::Date,
                LineKind::Byline(_) => RemovalReason::Byline,
                LineKind::Tags(_) => RemovalReason::Tags,
                LineKind::RelativeTime | LineKind::Source(_) => RemovalReason::Metadata,
            }));
        }
    }

    // Context smoothing over the rest.
    for (c, f) in classes.iter_mut().zip(&fates) {
        if matches!(f, Some(Fate::Cut(_))) {
            *c = Class::Bad;
        }
    }
    // Bulleted lists: runs of two or more items with the same bullet are decided together.
    let runs = if lists { list_runs(feats) } else { Vec::new() };
    let list_item = |i: usize| {
        fates[i].is_none()
            && !feats[i].hard_bad
            && feats[i].phrases == 0
            && feats[i].chrome_density < 0.34
    };
    for run in &runs {
        for i in run.clone() {
            if list_item(i) && classes[i] == Class::Bad {
                classes[i] = Class::Short;
            }
        }
    }
    let scores: Vec<f32> = feats.iter().map(|f| f.score).collect();
    let mut keep = classify::smooth(&classes, &scores);
    for run in &runs {
        let before = run.start.checked_sub(1).is_some_and(|p| keep[p]);
        let after = keep.get(run.end).copied().unwrap_or(false);
        if before || after || run.clone().any(|i| keep[i]) {
            for i in run.clone() {
                if list_item(i) {
                    keep[i] = true;
                }
            }
        }
    }
    for (f, k) in fates.iter_mut().zip(keep) {
        if f.is_none() {
            *f = Some(if k {
                Fate::Keep
            } else {
                Fate::Cut(RemovalReason::Boilerplate)
            });
        }
    }
    let mut fates: Vec<Fate> = fates
        .into_iter()
        .map(|f| f.unwrap_or(Fate::Cut(RemovalReason::Boilerplate)))
        .collect();

    // The tail: after the last good paragraph, once page chrome has started, what follows is
    // page too (footers, partner boxes, notices), unless it is good prose itself.
    if let Some(last_good) = classes.iter().rposition(|&c| c == Class::Good) {
        if let Some(first_cut) = (last_good + 1..units.len()).find(|&i| fates[i] != Fate::Keep) {
            for f in &mut fates[first_cut..] {
                if *f == Fate::Keep {
                    *f = Fate::Cut(RemovalReason::Boilerplate);
                }
            }
        }
    }

    // Safety net: when nothing scored as body (a very short text, an unusual language or
    // layout), keep the units that are not page furniture rather than return an empty article.
    if !fates.contains(&Fate::Keep) {
        for (f, feat) in fates.iter_mut().zip(feats) {
            let prose = !feat.hard_bad
                && feat.phrases == 0
                && feat.chrome_density < 0.34
                && feat.reader_address == 0
                && !feat.imperative
                && (feat.ends_sentence || feat.words >= 3);
            if *f == Fate::Cut(RemovalReason::Boilerplate) && prose {
                *f = Fate::Keep;
            }
        }
    }

    // A reader-comment section: from its header (after the body has started) to the end.
    if let Some(first_kept) = fates.iter().position(|&f| f == Fate::Keep) {
        let header = (first_kept + 1..units.len()).find(|&i| {
            fates[i] != Fate::Keep && metadata::comments_header(p.text_of(i), feats[i].words)
        });
        if let Some(h) = header {
            for f in &mut fates[h..] {
                *f = Fate::Cut(RemovalReason::Comments);
            }
        }
    }
    Decision { fates, title_idx }
}

/// Index of `ln(1 + other copies of the unit's text)` in [`rules_features`].
const REPEATS: usize = 13;
/// Three copies or more of one line: two others give ln 3 = 1.10, one other ln 2 = 0.69.
const REPEATED: f32 = 1.0;

/// What the rules decided and measured around every unit: the decision model's `RULES`
/// inputs (order is the artifact's layout; `tools/cleanup/train.py` reads them as dumped).
fn rules_features(p: &Prep<'_>, classes: &[Class], rules: &Decision) -> Vec<[f32; model::RULES]> {
    let n = p.units.len();
    let ln1 = |x: usize| (x as f32).ln_1p();
    let b = |x: bool| if x { 1.0f32 } else { 0.0 };
    let kept: Vec<bool> = rules.fates.iter().map(|&f| f == Fate::Keep).collect();
    let chars: Vec<usize> = p.feats.iter().map(|f| f.chars).collect();
    let total_chars = chars.iter().sum::<usize>().max(1);
    let kept_chars: usize = chars
        .iter()
        .zip(&kept)
        .filter(|(_, &k)| k)
        .map(|(c, _)| c)
        .sum();
    // Kept units before each position (prefix sums) for window fractions.
    let mut prefix = vec![0usize; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + usize::from(kept[i]);
    }
    let window = |i: usize, r: usize| -> f32 {
        let (a, z) = (i.saturating_sub(r), (i + r + 1).min(n));
        let others = prefix[z] - prefix[a] - usize::from(kept[i]);
        others as f32 / (z - a - 1).max(1) as f32
    };
    let first_kept = kept.iter().position(|&k| k);
    let last_kept = kept.iter().rposition(|&k| k);
    // Distance to the nearest other kept unit, both ways.
    let mut near = vec![n; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        if let Some(l) = last {
            near[i] = i - l;
        }
        if kept[i] {
            last = Some(i);
        }
    }
    last = None;
    for i in (0..n).rev() {
        if let Some(l) = last {
            near[i] = near[i].min(l - i);
        }
        if kept[i] {
            last = Some(i);
        }
    }
    // The page's densest stretch of prose: the run of units with the largest sum of
    // (score - 0.5) weighted by length (maximum subarray).
    let (mut best, mut best_range, mut sum, mut start) = (f32::MIN, (0usize, 0usize), 0f32, 0usize);
    for (i, f) in p.feats.iter().enumerate() {
        let s = (f.score - 0.5).clamp(-3.0, 3.0) * ln1(f.chars);
        if sum <= 0.0 {
            sum = s;
            start = i;
        } else {
            sum += s;
        }
        if sum > best {
            best = sum;
            best_range = (start, i);
        }
    }
    // Repeated lines (menus shown twice, "Share" under every teaser).
    let norm: Vec<Vec<metadata::Word>> = (0..n)
        .map(|i| metadata::norm_tokens(p.text_of(i), 64))
        .collect();
    let mut counts: std::collections::HashMap<&[metadata::Word], usize> =
        std::collections::HashMap::new();
    for t in norm.iter().filter(|t| !t.is_empty()) {
        *counts.entry(t.as_slice()).or_default() += 1;
    }
    let mut seen: HashSet<&[metadata::Word]> = HashSet::new();
    let mut chars_before = 0usize;
    (0..n)
        .map(|i| {
            let f = &p.feats[i];
            let fate = rules.fates[i];
            let class = match classes[i] {
                Class::Good => 1.0,
                Class::NearGood => 0.66,
                Class::Short => 0.33,
                Class::Bad => 0.0,
            };
            let repeats = if norm[i].is_empty() {
                0
            } else {
                counts.get(norm[i].as_slice()).copied().unwrap_or(1) - 1
            };
            let later_copy = !norm[i].is_empty() && !seen.insert(norm[i].as_slice());
            let (ra, rz) = best_range;
            let to_region = if i < ra { ra - i } else { i.saturating_sub(rz) };
            let x = [
                b(kept[i]),
                b(matches!(
                    fate,
                    Fate::Cut(RemovalReason::Title | RemovalReason::DuplicateTitle)
                )),
                b(p.kinds[i].is_some()),
                b(fate == Fate::Cut(RemovalReason::Comments)),
                b(fate == Fate::Cut(RemovalReason::Boilerplate)),
                class,
                f.score.clamp(-10.0, 10.0) / 5.0,
                window(i, 2),
                window(i, 6),
                b(first_kept.is_some_and(|a| a <= i) && last_kept.is_some_and(|z| i <= z)),
                ln1(near[i]),
                b(to_region == 0),
                ln1(to_region),
                ln1(repeats),
                b(later_copy),
                i as f32 / n as f32,
                chars_before as f32 / total_chars as f32,
                kept_chars as f32 / total_chars as f32,
                b(rules.title_idx.is_some_and(|t| i > t)),
                b(rules.title_idx.is_none()),
                ln1(f.chars),
                f.stop_density,
                f.chrome_density,
                b(f.ends_sentence),
                f.phrases.min(3) as f32,
                b(f.block_of_shorts),
                ln1(n),
                b(f.bullet.is_some()),
                chars[i] as f32 / total_chars as f32,
            ];
            chars_before += chars[i];
            x
        })
        .collect()
}

/// Runs of two or more consecutive units starting with the same list bullet.
fn list_runs(feats: &[Features]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < feats.len() {
        let Some(b) = feats[i].bullet else {
            i += 1;
            continue;
        };
        let end = feats[i..]
            .iter()
            .position(|f| f.bullet != Some(b))
            .map_or(feats.len(), |p| i + p);
        if end - i >= 2 {
            runs.push(i..end);
        }
        i = end;
    }
    runs
}

/// Units in blocks of three or more short lines (menus, widgets, link lists).
fn blocks_of_shorts(units: &[Unit], lines: &[Line<'_>]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut start = 0;
    while start < units.len() {
        let block = units[start].block;
        let end = units[start..]
            .iter()
            .position(|u| u.block != block)
            .map_or(units.len(), |p| start + p);
        let all_short = units[start..end]
            .iter()
            .all(|u| u.lines.len() == 1 && lines[u.lines.start].text.chars().nth(49).is_none());
        if end - start >= 3 && all_short {
            out[start..end].iter_mut().for_each(|b| *b = true);
        }
        start = end;
    }
    out
}

fn headline_like(f: &Features, text: &str) -> bool {
    let tail = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}']);
    // Wire headlines in capitals may end with a full stop ("SKIING - WORLD CUP RESULTS.").
    let caps = text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase);
    (2..=30).contains(&f.words)
        && (f.words >= 3 || f.chars >= 15)
        && f.chars <= 250
        && f.letters >= 0.6
        && (!tail.ends_with('.') || tail.ends_with("...") || caps)
        && f.phrases == 0
        && !f.imperative
        && !f.ends_colon
        && f.chrome_density < 0.34
        && f.handles == 0
        && f.hashtags == 0
        && f.urls == 0
        && !f.hard_bad
}

fn find_title<'t>(
    units: &[Unit],
    feats: &[Features],
    kinds: &[Option<LineKind>],
    first_good: usize,
    unit_text: impl Fn(&Unit) -> &'t str,
) -> Option<usize> {
    // The first good unit may itself be the headline (a question headline scores as prose):
    // it is a candidate too when it stands alone in its block.
    let alone = |i: usize| {
        let b = units[i].block;
        units.iter().filter(|u| u.block == b).take(2).count() == 1
    };
    let candidate = |i: usize| {
        kinds[i].is_none()
            && units[i].lines.len() == 1
            && (feats[i].words >= 3 || i == 0)
            && headline_like(&feats[i], unit_text(&units[i]))
            && !metadata::only_date_words(unit_text(&units[i]))
    };
    let mut candidates: Vec<usize> = (0..first_good.min(units.len()))
        .filter(|&i| candidate(i))
        .collect();
    let last = candidates.last().copied();
    if first_good < units.len() && alone(first_good) && candidate(first_good) {
        candidates.push(first_good);
    }
    // Headline score: words (capped), minus page-furniture words and phrases, minus a label
    // prefix ("LIVE: ...", worse in capitals), minus stop words (prompts talk to the reader:
    // "We value your ..."), plus a bonus for the last candidate before the body (the headline
    // sits above the article, teasers and tickers above it).
    let score = |i: usize| -> f32 {
        let f = &feats[i];
        let text = unit_text(&units[i]);
        let words = f.words as f32;
        let mut s = words.min(8.0);
        s -= 3.0 * f.chrome_density * words + 3.0 * f.phrases as f32;
        s -= 0.5 * f.stop_density * words + 1.5 * f.reader_address.min(2) as f32;
        if f.imperative {
            s -= 2.0;
        }
        if let Some((label, _)) = text.split_once(':') {
            if label.chars().count() <= 24 {
                let caps = label.chars().any(char::is_alphabetic)
                    && !label.chars().any(char::is_lowercase);
                s -= if caps { 6.0 } else { 2.0 };
            }
        }
        if Some(i) == last {
            s += 1.0;
        }
        if i == first_good {
            // It scored as prose: a headline only when nothing better stands above it.
            s -= 1.0;
        }
        s
    };
    let mut best: Option<(usize, f32)> = None;
    for &i in &candidates {
        let s = score(i);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    // A headline repeated (the page's title, then the article's): take the first copy.
    let best = best.map(|(i, _)| i)?;
    let tokens = metadata::norm_tokens(unit_text(&units[best]), 64);
    candidates
        .iter()
        .copied()
        .find(|&c| {
            c == best
                || metadata::near_same(&tokens, &metadata::norm_tokens(unit_text(&units[c]), 64))
        })
        .or(Some(best))
}

#[allow(clippy::too_many_arguments)]
fn collect_metadata<'t>(
    article: &mut Article,
    units: &[Unit],
    kinds: &[Option<LineKind>],
    fates: &[Fate],
    title_idx: Option<usize>,
    body_text: impl Fn(usize) -> &'t str,
    unit_text: impl Fn(&Unit) -> &'t str,
) {
    let first_body = fates
        .iter()
        .position(|&f| f == Fate::Keep)
        .unwrap_or(units.len());
    let mut published: Option<String> = None;
    let mut below_title: Option<String> = None;
    for (i, kind) in kinds.iter().enumerate() {
        if fates[i] == Fate::Cut(RemovalReason::Comments) {
            break;
        }
        let before_title = title_idx.is_none_or(|t| i < t);
        match kind {
            Some(LineKind::Date {
                iso,
                published: p,
                updated,
                today,
                place,
            }) => {
                if *today || *updated {
                    continue;
                }
                if let Some(place) = place {
                    // A dateline line: the story's place and date.
                    if article.dateline.is_none() {
                        article.dateline = Some(place.clone());
                    }
                    if published.is_none() {
                        published = Some(iso.clone());
                    }
                    continue;
                }
                if *p && published.is_none() {
                    published = Some(iso.clone());
                } else if !before_title && i < first_body && below_title.is_none() {
                    below_title = Some(iso.clone());
                }
            }
            Some(LineKind::Byline(name)) => {
                if article.byline.is_none() {
                    article.byline = Some(name.clone());
                }
                if article.source.is_none() {
                    article.source =
                        metadata::byline_parts(unit_text(&units[i])).and_then(|(_, a)| a);
                }
                if !before_title && i < first_body && below_title.is_none() {
                    below_title = metadata::find_date(unit_text(&units[i])).map(|d| d.iso);
                }
            }
            Some(LineKind::Source(s)) => {
                if article.source.is_none() {
                    article.source = Some(s.clone());
                }
            }
            Some(LineKind::Tags(tags)) => {
                for t in tags {
                    if !article.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
                        article.tags.push(t.clone());
                    }
                }
            }
            Some(LineKind::RelativeTime) | None => {}
        }
    }
    if let Some(d) = published.or(below_title) {
        article.date = Some(d);
    }
    if article.source.is_none() {
        article.source = (0..units.len())
            .filter(|&i| fates[i] == Fate::Keep)
            .take(2)
            .find_map(|i| metadata::reports_source(body_text(i)));
    }
}

/// Builds the body text, paragraph spans, segments and removed spans.
fn assemble(
    article: &mut Article,
    lines: &[Line<'_>],
    units: &[Unit],
    fates: &[Fate],
    dateline_cut: Option<(usize, usize)>,
) {
    let mut out = String::new();
    let mut out_chars = 0usize;
    for (i, (unit, fate)) in units.iter().zip(fates).enumerate() {
        let first = &lines[unit.lines.start];
        let last = &lines[unit.lines.end - 1];
        if let Fate::Cut(reason) = *fate {
            article.removed.push(Removed {
                span: Span {
                    byte: first.byte.start..last.byte.end,
                    char: first.char_start..last.char().end,
                },
                reason,
            });
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
            out_chars += 2;
        }
        let para_start = (out.len(), out_chars);
        for (j, line) in lines[unit.lines.clone()].iter().enumerate() {
            if j > 0 {
                out.push('\n');
                out_chars += 1;
            }
            let mut piece = line.text;
            let mut byte_start = line.byte.start;
            let mut char_start = line.char_start;
            if j == 0 {
                if let Some((_, len)) = dateline_cut.filter(|&(u, _)| u == i) {
                    let prefix = piece.get(..len).unwrap_or_default();
                    let shown = prefix.trim_end_matches(lines::is_trim);
                    let prefix_chars = prefix.chars().count();
                    article.removed.push(Removed {
                        span: Span {
                            byte: byte_start..byte_start + shown.len(),
                            char: char_start..char_start + shown.chars().count(),
                        },
                        reason: RemovalReason::Dateline,
                    });
                    piece = piece.get(len..).unwrap_or(piece);
                    byte_start += len;
                    char_start += prefix_chars;
                }
            }
            let piece_chars = piece.chars().count();
            article.segments.push(Segment {
                text: Span {
                    byte: out.len()..out.len() + piece.len(),
                    char: out_chars..out_chars + piece_chars,
                },
                original: Span {
                    byte: byte_start..byte_start + piece.len(),
                    char: char_start..char_start + piece_chars,
                },
            });
            out.push_str(piece);
            out_chars += piece_chars;
        }
        article.paragraphs.push(Span {
            byte: para_start.0..out.len(),
            char: para_start.1..out_chars,
        });
    }
    article.text = out;
}
