//! The open article: header (title, date, source), legend, highlighted body, entity panel.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use entity_lens_protocol::{ArticleView, EntityMode, Label, LabelGroup, MentionView, Piece};
use leptos::either::Either;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use crate::state::{FileState, Store};

/// What a reader shows around the article (the widget's `views` and `labels`); without this
/// context (the page), everything.
#[derive(Debug, Clone, Copy)]
pub struct ReaderParts {
    /// The article's text with its highlights.
    pub article: Signal<bool>,
    /// The entity panel beside it.
    pub entities: Signal<bool>,
    /// The only labels offered in the legend and the panel (`None`: all).
    pub labels: Signal<Option<Vec<Label>>>,
}

impl ReaderParts {
    fn get() -> Self {
        use_context::<Self>().unwrap_or(Self {
            article: Signal::stored(true),
            entities: Signal::stored(true),
            labels: Signal::stored(None),
        })
    }

    /// Whether `label` is offered.
    fn offers(&self, label: Label) -> bool {
        self.labels
            .with(|l| l.as_ref().is_none_or(|l| l.contains(&label)))
    }
}

/// The reading pane for the selected file.
#[component]
pub fn Reader() -> impl IntoView {
    let store = expect_context::<Store>();
    // A memo, so that files joining the list do not re-render the open article.
    let selected = Memo::new(move |_| {
        let id = store.selected.get()?;
        store.files.with(|files| {
            files
                .iter()
                .find(|f| f.id == id)
                .map(|f| (f.name.clone(), f.state))
        })
    });
    let body = move || {
        match selected.get() {
        None => view! {
            <p class="placeholder">"Drop article files to read them with their entities highlighted."</p>
        }
        .into_any(),
        Some((name, state)) => {
            // Re-render only when the state's kind changes, not on every list update.
            let view = move || match state.get() {
                FileState::Done(article) => view! { <Article name=name.to_string() article=article/> }.into_any(),
                FileState::Failed(e) => view! {
                    <p class="placeholder">{format!("{name}: {e}")}</p>
                }
                .into_any(),
                FileState::Analyzing(Some(p)) => view! {
                    <p class="placeholder">{format!("Analyzing {name}… {}%", p.percent())}</p>
                }
                .into_any(),
                _ => view! { <p class="placeholder">{format!("Analyzing {name}…")}</p> }.into_any(),
            };
            view.into_any()
        }
    }
    };
    view! { <div class="reader" part="reader">{body}</div> }
}

/// One analyzed article.
#[component]
fn Article(
    /// The file's name (`data-file`).
    name: String,
    /// What the worker made of it.
    article: Arc<ArticleView>,
) -> impl IntoView {
    let title = article.title.clone().unwrap_or_else(|| name.clone());
    let date = article.date.clone().map(|d| {
        let shown = d.clone();
        view! { <time class="date" datetime=d>{shown}</time> }
    });
    let by = |b: &String| {
        if b.to_lowercase().starts_with("by ") {
            b.clone()
        } else {
            format!("By {b}")
        }
    };
    let texts = [
        article.source.clone().map(|s| ("source", s)),
        article.byline.as_ref().map(|b| ("byline", by(b))),
        article.dateline.clone().map(|d| ("dateline", d)),
    ];
    let texts = texts
        .into_iter()
        .flatten()
        .map(|(class, text)| view! { <span class=class>{text}</span> })
        .collect::<Vec<_>>();
    let has_meta = date.is_some() || !texts.is_empty();
    let meta = view! { {date} {texts} };
    let a = article.clone();
    let origin = article.clone();
    let store = expect_context::<Store>();
    let legend = article.clone();
    let panel = article.clone();
    let parts = ReaderParts::get();
    // Unique per reader: several widgets (or readers) may share a document.
    let title_id = format!("article-title-{}", next_uid());
    let head = (!title.is_empty() || has_meta).then(|| {
        view! {
            <header class="article-head" part="article-head">
                <h2 id=title_id.clone() part="title">{title}</h2>
                <p class="meta">{meta}</p>
                <super::provenance::Provenance article=origin/>
            </header>
        }
    });
    // A long article is shown one section at a time.
    let layout = Arc::new(Layout::new(&article));
    let section = RwSignal::new(0usize);
    let reader = next_uid();
    {
        let layout = layout.clone();
        let mentions = article.clone();
        let goto: Goto = Rc::new(move |ids: &[usize]| {
            let Some(target) = ids
                .first()
                .and_then(|&id| layout.section_of_mention(&mentions, id))
            else {
                return false;
            };
            let moved = section.try_get_untracked().is_some_and(|s| s != target);
            if moved {
                section.set(target);
            }
            moved
        });
        SECTIONS.with_borrow_mut(|s| s.insert(reader, goto));
        on_cleanup(move || {
            SECTIONS.with_borrow_mut(|s| s.remove(&reader));
        });
    }
    // Blocks of the section rendered so far (the body adds them in slices), and its size.
    let shown = RwSignal::new(0usize);
    let in_section = {
        let layout = layout.clone();
        move || {
            layout
                .sections
                .get(section.get())
                .map_or(0, ExactSizeIterator::len)
        }
    };
    let nav = (layout.sections.len() > 1)
        .then(|| view! { <Sections count=layout.sections.len() section=section/> });
    let body = view! {
        <article data-file=name aria-labelledby=title_id part="article" data-reader=reader
            class:hidden=move || !parts.article.get()
            data-mode=move || store.mode.get().as_str()
            aria-busy=move || (shown.get() < in_section()).then_some("true")>
            {head}
            {nav}
            {move || {
                let at = section.get();
                view! { <Body article=a.clone() layout=layout.clone() section=at shown=shown/> }
            }}
        </article>
    };
    // The legend and the entity panel join in a task after the text's first slice (each task
    // of opening an article stays short).
    let later = RwSignal::new(false);
    let panel_later = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        later.try_set(true);
        // The entity panel (a button per entity) in a task of its own, after the legend.
        gloo_timers::future::TimeoutFuture::new(0).await;
        panel_later.try_set(true);
    });
    view! {
        <div class="reading">
            <div class="reading-tools" part="tools">
                <ModeSwitch/>
                {move || {
                    parts.labels.track();
                    later.get().then(|| view! { <Legend article=legend.clone() mode=store.mode.get()/> })
                }}
            </div>
            <div class="reading-main">
                {body}
                {move || {
                    parts.labels.track();
                    (panel_later.get() && parts.entities.get())
                        .then(|| view! { <EntityPanel article=panel.clone() mode=store.mode.get()/> })
                }}
            </div>
        </div>
    }
}

/// Bytes of text whose paragraphs join the body per task: the first slice (about a screenful)
/// renders with the article, the rest in later tasks, so opening a long article never holds the
/// page (every task stays short, whatever the article's length).
const SLICE_BYTES: usize = 1_000;

/// A paragraph longer than this is shown as several blocks of at most about this many bytes
/// (cut after a space, never inside a mention): a pasted text or a file without paragraph
/// breaks is one paragraph, and one block is rendered in one task.
const BLOCK_BYTES: usize = 8 * 1024;

/// An article longer than this is shown in sections of about this many bytes, one at a time,
/// with a navigation between them: the DOM holds one section's paragraphs and marks (a few
/// thousand), never a 30 MB text's hundreds of thousands.
const SECTION_BYTES: usize = 128 * 1024;

/// How an article is cut for the reader: paragraphs into blocks (one `<p>` each), blocks into
/// sections (see [`BLOCK_BYTES`], [`SECTION_BYTES`]). An ordinary article is one section of
/// its paragraphs.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    /// Byte ranges of the text, in order.
    blocks: Vec<Range<usize>>,
    /// The blocks of each section, in order (at least one section).
    sections: Vec<Range<usize>>,
    /// [`ArticleView::longest_mention`].
    longest: usize,
}

impl Layout {
    fn new(article: &ArticleView) -> Self {
        let longest = article.longest_mention();
        let mut blocks = Vec::with_capacity(article.paragraphs.len());
        for p in &article.paragraphs {
            cut_block(article, p.byte.clone(), longest, &mut blocks);
        }
        let mut sections = Vec::new();
        let (mut first, mut bytes) = (0, 0);
        for (i, b) in blocks.iter().enumerate() {
            if i > first && bytes + b.len() > SECTION_BYTES {
                sections.push(first..i);
                (first, bytes) = (i, 0);
            }
            bytes += b.len();
        }
        sections.push(first..blocks.len());
        Self {
            blocks,
            sections,
            longest,
        }
    }

    /// The section holding byte `at` of the text (the last one when `at` is past them).
    fn section_of(&self, at: usize) -> usize {
        let block = self.blocks.partition_point(|b| b.end <= at);
        self.sections
            .partition_point(|s| s.end <= block)
            .min(self.sections.len().saturating_sub(1))
    }

    /// The section where mention `id` ([`MentionView::id`]) starts.
    fn section_of_mention(&self, article: &ArticleView, id: usize) -> Option<usize> {
        // Ids grow with the position in the list (the engine's order).
        let i = article.mentions.partition_point(|m| m.id < id);
        let m = article.mentions.get(i).filter(|m| m.id == id)?;
        Some(self.section_of(m.span.byte.start))
    }
}

/// Pushes paragraph `range` as blocks of about [`BLOCK_BYTES`] (whole when it is not longer).
fn cut_block(
    article: &ArticleView,
    range: Range<usize>,
    longest: usize,
    blocks: &mut Vec<Range<usize>>,
) {
    let text = article.text.as_str();
    let mut from = range.start;
    while range.end.saturating_sub(from) > BLOCK_BYTES {
        let mut limit = from + BLOCK_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        // After the last whitespace before the limit, else at the limit.
        let mut cut = text
            .get(from..limit)
            .and_then(|s| s.char_indices().rev().find(|(_, c)| c.is_whitespace()))
            .map_or(limit, |(i, c)| from + i + c.len_utf8());
        if cut <= from {
            cut = limit;
        }
        // Never inside a mention: after the end of any that covers the cut.
        let first = article.first_mention_reaching(cut, longest);
        for m in article.mentions.get(first..).unwrap_or_default() {
            if m.span.byte.start >= cut {
                break;
            }
            if m.span.byte.end > cut {
                cut = m.span.byte.end.min(range.end);
            }
        }
        if cut <= from || !text.is_char_boundary(cut) {
            break;
        }
        blocks.push(from..cut);
        from = cut;
    }
    if from < range.end {
        blocks.push(from..range.end);
    }
}

/// An article's way to its section holding the first of some mentions: true when it moved.
type Goto = Rc<dyn Fn(&[usize]) -> bool>;

thread_local! {
    /// Each article on screen by its `data-reader` number (links from the entity panel and the
    /// contexts go to the section that holds a mention).
    static SECTIONS: RefCell<HashMap<u32, Goto>> = RefCell::new(HashMap::new());
}

/// Previous, next, and a choice of a long article's sections.
#[component]
fn Sections(
    /// How many sections.
    count: usize,
    /// The one shown.
    section: RwSignal<usize>,
) -> impl IntoView {
    let options = (0..count)
        .map(|i| view! { <option value=i.to_string()>{(i + 1).to_string()}</option> })
        .collect_view();
    let choose = move |ev: leptos::ev::Event| {
        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
            section.set(i.min(count - 1));
        }
    };
    view! {
        <nav class="article-sections" aria-label="Parts of this long article" data-sections=count>
            <button type="button" class="button small section-prev"
                disabled=move || { section.get() == 0 }
                on:click=move |_| section.update(|s| *s = s.saturating_sub(1))>"‹ Previous part"</button>
            <label>"Part "
                <select class="section-select" on:change=choose
                    prop:value=move || section.get().to_string()>{options}</select>
                {format!(" of {count}")}
            </label>
            <button type="button" class="button small section-next"
                disabled=move || { section.get() + 1 >= count }
                on:click=move |_| section.update(|s| *s = (*s + 1).min(count - 1))>"Next part ›"</button>
        </nav>
    }
}

/// The block index after `from` at which the slice starting there ends (at least one block,
/// then whole blocks up to [`SLICE_BYTES`] of text, never past `end`).
fn slice_end(layout: &Layout, from: usize, end: usize) -> usize {
    let mut bytes = 0;
    let mut at = from;
    for b in layout.blocks.get(from..end).unwrap_or_default() {
        if at > from && bytes + b.len() > SLICE_BYTES {
            break;
        }
        bytes += b.len();
        at += 1;
    }
    at
}

/// The body of one section: paragraphs with displaCy marks in the chosen mode, minus hidden
/// labels. Paragraphs join in slices (see [`SLICE_BYTES`]); the article is `aria-busy` until
/// all are in. Each paragraph is one reactive view (re-rendered when labels are hidden or the
/// mode changes), its marks plain elements.
#[component]
fn Body(
    /// The article.
    article: Arc<ArticleView>,
    /// How it is cut.
    layout: Arc<Layout>,
    /// The section shown.
    section: usize,
    /// Blocks of the section in the DOM so far (owned by the article, which shows `aria-busy`
    /// from it).
    shown: RwSignal<usize>,
) -> impl IntoView {
    let blocks = layout.sections.get(section).cloned().unwrap_or(0..0);
    let (first, total) = (blocks.start, blocks.len());
    shown.set(slice_end(&layout, first, blocks.end) - first);
    {
        let layout = layout.clone();
        leptos::task::spawn_local(async move {
            loop {
                // A task of its own for each slice; the loop ends when the section is gone.
                gloo_timers::future::TimeoutFuture::new(0).await;
                let Some(n) = shown.try_get_untracked() else {
                    return;
                };
                if n >= total {
                    return;
                }
                shown.set(slice_end(&layout, first + n, first + total) - first);
            }
        });
    }
    view! {
        <For each=move || first..first + shown.get() key=|i| *i let:i>
            <Paragraph article=article.clone() range=layout.blocks.get(i).cloned().unwrap_or(0..0)
                longest=layout.longest/>
        </For>
    }
}

/// One paragraph (or block of a long one) of the body.
#[component]
fn Paragraph(
    /// The article.
    article: Arc<ArticleView>,
    /// Its bytes in the text.
    range: Range<usize>,
    /// [`ArticleView::longest_mention`].
    longest: usize,
) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        let hidden = store.hidden.get();
        let mode = store.mode.get();
        let pieces = article
            .pieces_in(range.clone(), mode, longest)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => Either::Left(text.to_owned()),
                Piece::Mention { text, label, .. } if hidden.contains(&label) => {
                    Either::Left(text.to_owned())
                }
                Piece::Mention {
                    mention,
                    label,
                    text,
                } => Either::Right(mark(mention, label, text, mode)),
            })
            .collect::<Vec<_>>();
        view! { <p>{pieces}</p> }
    }
}

/// One highlighted mention: `<mark class="entity" data-label=…>text<span>LABEL</span></mark>`,
/// with static attributes only.
fn mark(mention: &MentionView, label: Label, text: &str, mode: EntityMode) -> impl IntoView {
    let name = format!("{text} ({label})");
    let other = match mode {
        EntityMode::Refined => mention.raw_label,
        EntityMode::Raw => mention.label,
    };
    let title = match (mode, other) {
        (_, Some(o)) if o == label => label.describe().to_owned(),
        (EntityMode::Refined, Some(o)) => format!("{} (spaCy: {o})", label.describe()),
        (EntityMode::Refined, None) => format!("{} (added by refinement)", label.describe()),
        (EntityMode::Raw, Some(o)) => format!("{} (refined: {o})", label.describe()),
        (EntityMode::Raw, None) => format!("{} (removed by refinement)", label.describe()),
    };
    view! {
        <mark class="entity" part="entity" data-label=label.as_str() data-mention=mention.id
            data-change=mention.change.as_str() aria-label=name title=title>
            {text.to_owned()}<span>{label.as_str()}</span>
        </mark>
    }
}

/// Refined labels or spaCy's exact output, for every article.
#[component]
fn ModeSwitch() -> impl IntoView {
    let store = expect_context::<Store>();
    let option = move |mode: EntityMode, text: &'static str, hint: &'static str| {
        view! {
            <button type="button" class="mode" data-mode=mode.as_str() title=hint
                aria-pressed=move || if store.mode.get() == mode { "true" } else { "false" }
                on:click=move |_| store.mode.set(mode)>
                {text}
            </button>
        }
    };
    view! {
        <div class="mode-switch" role="group" aria-label="Entity labels">
            {option(EntityMode::Refined, "Refined", "Entities corrected by Entity Lens's refinement")}
            {option(EntityMode::Raw, "spaCy (raw)", "spaCy en_core_web_sm's exact output")}
        </div>
    }
}

/// One toggle per label of the article, with its mention count.
#[component]
fn Legend(
    /// The article.
    article: Arc<ArticleView>,
    /// Which labels to count.
    mode: EntityMode,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let parts = ReaderParts::get();
    let groups: Vec<_> = article
        .groups
        .get(mode)
        .iter()
        .filter(|g| parts.offers(g.label))
        .collect();
    let toggles = groups
        .iter()
        .map(|g| {
            let label: Label = g.label;
            let shown = move || !store.hidden.with(|h| h.contains(&label));
            let toggle = move |_| {
                store.hidden.update(|h| {
                    if !h.remove(&label) {
                        h.insert(label);
                    }
                })
            };
            view! {
                <button type="button" class="toggle" data-label=label.as_str()
                    aria-pressed=move || if shown() { "true" } else { "false" }
                    title=label.describe() on:click=toggle>
                    <span class="swatch" data-label=label.as_str()></span>
                    {label.as_str()}
                    <span class="count">{g.mentions}</span>
                </button>
            }
        })
        .collect_view();
    let empty = groups
        .is_empty()
        .then(|| view! { <p class="hint">"No entities found."</p> });
    view! {
        <div class="legend" part="legend" role="group" aria-label="Show or hide entity labels">
            {toggles}
            {empty}
        </div>
    }
}

/// Entities listed per label at first in the entity panel.
const ENTITIES_SHOWN: usize = 200;
/// Entities a "show more" adds.
const ENTITIES_MORE: usize = 500;

/// The article's entities grouped by label; a click scrolls to and flashes the mentions.
#[component]
fn EntityPanel(
    /// The article.
    article: Arc<ArticleView>,
    /// Which labels to list.
    mode: EntityMode,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let parts = ReaderParts::get();
    let panel_id = format!("entities-title-{}", next_uid());
    let heading_id = panel_id.clone();
    // One label's group per task: a long article's panel (up to 200 entities for each of
    // 18 labels) built at once held the page for over 100 ms.
    let groups: Vec<LabelGroup> = article
        .groups
        .get(mode)
        .iter()
        .filter(|g| parts.offers(g.label))
        .cloned()
        .collect();
    let ready = RwSignal::new(groups.len().min(1));
    let count = groups.len();
    leptos::task::spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(0).await;
            match ready.try_get_untracked() {
                Some(n) if n < count => ready.set(n + 1),
                _ => return,
            }
        }
    });
    let groups = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let visible = Memo::new(move |_| ready.get() > i);
            move || visible.get().then(|| label_group(store, g.clone()))
        })
        .collect_view();
    view! {
        <aside class="entity-panel" part="entity-panel" aria-labelledby=heading_id>
            <h2 id=panel_id>"Entities"</h2>
            {groups}
        </aside>
    }
}

/// One label's entities in the entity panel (see [`EntityPanel`]).
fn label_group(store: Store, g: LabelGroup) -> impl IntoView {
    // A long article's labels have thousands of entities: the first ones, then more
    // on demand (each a short task).
    let limit = RwSignal::new(ENTITIES_SHOWN);
    let all = g.entities.len();
    let group = g.clone();
    let entries = move || {
        group
        .entities
        .iter()
        .take(limit.get())
        .map(|e| {
            let mentions = e.mentions.clone();
            let label = group.label;
            let go = move |ev: leptos::ev::MouseEvent| {
                // The marks of this reader only (several may share a document).
                let scope = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|b| b.closest(".reading").ok().flatten());
                let was_hidden = store.hidden.with_untracked(|h| h.contains(&label));
                if was_hidden {
                    store.hidden.update(|h| {
                        h.remove(&label);
                    });
                }
                // Once the marks are in the body (it re-renders when the label was
                // hidden, and adds a long article's paragraphs in slices).
                if let Some(scope) = scope {
                    flash_when_shown(scope.into(), mentions.clone());
                }
            };
            let count = e.mentions.len();
            view! {
                <li>
                    <button type="button" class="entity-link" data-label=label.as_str()
                        on:click=go
                        aria-label=format!("{}, {} mention{}", e.text, count, if count == 1 { "" } else { "s" })>
                        <span class="entity-text">{e.text.clone()}</span>
                        <span class="count">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view()
    };
    let more = move || {
        let left = all.saturating_sub(limit.get());
        (left > 0).then(|| {
            let next = left.min(ENTITIES_MORE);
            view! {
                <button type="button" class="button small more-entities"
                    on:click=move |_| limit.update(|l| *l += ENTITIES_MORE)>
                    {format!("Show {next} more (of {left})")}
                </button>
            }
        })
    };
    view! {
        <section class="entity-group" data-label=g.label.as_str()>
            <h3><span class="swatch" data-label=g.label.as_str()></span>{g.label.as_str()}
                " " <span class="count">{g.mentions}</span></h3>
            <ul>{entries}</ul>
            {more}
        </section>
    }
}

/// A number unique in this page (for element ids).
fn next_uid() -> u32 {
    thread_local! {
        static UID: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    UID.with(|u| {
        u.set(u.get() + 1);
        u.get()
    })
}

/// The elements in `scope` (an element, a shadow root or a document) matching `selector`.
fn query_all(scope: &web_sys::Node, selector: &str) -> Option<web_sys::NodeList> {
    if let Some(el) = scope.dyn_ref::<web_sys::Element>() {
        el.query_selector_all(selector).ok()
    } else if let Some(fragment) = scope.dyn_ref::<web_sys::DocumentFragment>() {
        fragment.query_selector_all(selector).ok()
    } else {
        scope
            .dyn_ref::<web_sys::Document>()?
            .query_selector_all(selector)
            .ok()
    }
}

/// The marks of `mentions` inside `scope`, in document order: one query for all of them (a
/// query per mention made an entity of hundreds of mentions one task of hundreds of ms).
fn marks_of(scope: &web_sys::Node, mentions: &[usize]) -> Vec<web_sys::HtmlElement> {
    let wanted: std::collections::HashSet<&usize> = mentions.iter().collect();
    let Some(list) = query_all(scope, "article mark[data-mention]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|m| {
            m.get_attribute("data-mention")
                .and_then(|id| id.parse::<usize>().ok())
                .is_some_and(|id| wanted.contains(&id))
        })
        .collect()
}

/// Scrolls to the first of `mentions` inside `scope` and flashes them all.
fn flash(scope: &web_sys::Node, mentions: &[usize]) {
    let marks = marks_of(scope, mentions);
    if let Some(first) = marks.first() {
        let options = ScrollIntoViewOptions::new();
        options.set_behavior(ScrollBehavior::Smooth);
        options.set_block(ScrollLogicalPosition::Center);
        first.scroll_into_view_with_scroll_into_view_options(&options);
    }
    // Restart the animation: one layout for all the marks (not one per mark).
    for mark in &marks {
        let _ = mark.class_list().remove_1("flash");
    }
    if let Some(first) = marks.first() {
        let _ = first.offset_width();
    }
    for mark in &marks {
        let _ = mark.class_list().add_1("flash");
    }
    gloo::timers::callback::Timeout::new(1600, move || {
        for mark in marks {
            let _ = mark.class_list().remove_1("flash");
        }
    })
    .forget();
}

/// Flashes `mentions` once the article that holds them is on screen in `scope` (the root the
/// asking view lives in: after a tab switch or a file change, the article renders a moment
/// later): tries for up to about four seconds. When none is in the section shown, a long
/// article turns to the section of the first.
pub fn flash_when_shown(scope: web_sys::Node, mentions: Vec<usize>) {
    fn attempt(scope: web_sys::Node, mentions: Vec<usize>, left: u32) {
        if !marks_of(&scope, &mentions).is_empty() {
            flash(&scope, &mentions);
            return;
        }
        // Each article on screen in the scope goes to the section of the first mention.
        if let Some(list) = query_all(&scope, "article[data-reader]") {
            for el in (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let reader = el
                    .get_attribute("data-reader")
                    .and_then(|r| r.parse::<u32>().ok());
                let goto = reader.and_then(|r| SECTIONS.with_borrow(|s| s.get(&r).cloned()));
                if let Some(goto) = goto {
                    goto(&mentions);
                }
            }
        }
        if left > 0 {
            gloo::timers::callback::Timeout::new(50, move || attempt(scope, mentions, left - 1))
                .forget();
        }
    }
    attempt(scope, mentions, 80);
}
