//! The `<entity-lens>` widget's wasm side: the page's own components (the
//! [`Reader`](crate::components::Reader) with its legend, marks and entity panel, and, with the
//! `corpus` view, the entity table, network, timeline and contexts) fed by the page's worker
//! [`pool`], which every widget of a page shares.
//!
//! `widget.js` (the custom element, plain JS so that nothing large loads before a widget is
//! seen) creates the shadow root, loads this module when the widget first becomes visible or is
//! used, and drives it through [`EntityLensWidget`]: what to analyze, which labels and views to
//! show, whether visitors may drop files. Results go back through one `notify(kind, detail)`
//! function: `"status"`, `"analyzed"` and `"error"`, which the element turns into events.
//!
//! **One pool for every widget.** Each widget is a [`Client`](crate::pool::Client) of
//! [`pool::shared_with_size`] with [`WIDGET_WORKERS`] analysis worker (a host page is someone
//! else's: widgets do not start a worker per core there). A widget without the `corpus` view is a
//! [`Pool::reader`] (no corpus worker); with it, a full client whose corpus worker keeps the
//! widget's articles. The pool is held while any widget is mounted and [`IDLE_RELEASE_MS`] after
//! the last one leaves (so a page that replaces its widgets does not reload the model), then
//! its workers end; [`release_idle_engine`] ends them at once.

mod view;

use view::{FilesSlot, Widget};

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use entity_lens_protocol::{
    ArticleView, EntityMode, FileError, FileId, Forget, Label, Overrides, Request, Response,
};
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::components::{ask as corpus_ask, OverridesSlot, ReaderParts, Tab, WorkerSlot};
use crate::intake::Source;
use crate::pool::{self, Callbacks, Pool, PoolError};
use crate::state::{FileState, ModelStatus, Store};
use crate::worker::AnalysisWorker;

/// Analysis workers of the widgets' pool (when the widgets start it; a page that started the
/// pool of the same assets first keeps its size).
pub const WIDGET_WORKERS: usize = 1;
/// How long the pool outlives the last widget removed.
pub const IDLE_RELEASE_MS: u32 = 60_000;

thread_local! {
    /// The pool the widgets hold (kept between widgets, see the module's doc).
    static HELD: RefCell<Option<Pool>> = const { RefCell::new(None) };
    /// Widgets mounted now.
    static MOUNTED: Cell<u32> = const { Cell::new(0) };
    /// Pools the widgets started since the page loaded.
    static POOLS: Cell<u32> = const { Cell::new(0) };
    /// The pending release of an idle pool.
    static RELEASE: RefCell<Option<gloo::timers::callback::Timeout>> = const { RefCell::new(None) };
}

/// The widgets' pool, started on first use.
fn shared_pool(asset_base: &str) -> Result<Pool, PoolError> {
    if let Some(pool) = HELD.with_borrow(Clone::clone) {
        return Ok(pool);
    }
    let pool = pool::shared_with_size(asset_base, WIDGET_WORKERS)?;
    POOLS.with(|p| p.set(p.get() + 1));
    HELD.with_borrow_mut(|h| *h = Some(pool.clone()));
    Ok(pool)
}

/// Lets the pool go if no widget is mounted (its workers end when no client holds it).
fn release_if_idle() -> bool {
    if MOUNTED.with(Cell::get) > 0 {
        return false;
    }
    RELEASE.with_borrow_mut(|r| r.take());
    HELD.with_borrow_mut(Option::take).is_some()
}

/// One entity of an `analyzed` event: code-point offsets into `detail.text` (as spaCy and the
/// exports count), UTF-8 byte offsets beside them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityOut<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
    byte_start: usize,
    byte_end: usize,
    /// spaCy's own label (none when refinement added the entity).
    spacy_label: Option<&'static str>,
    /// kept, relabeled, added or removed by refinement.
    change: &'static str,
}

/// The `detail` of an `analyzed` event.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalyzedDetail<'a> {
    entities: Vec<EntityOut<'a>>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    source: Option<&'a str>,
    /// The analyzed text (the article's cleaned body for `src` and dropped files).
    text: &'a str,
    /// `refined` or `raw` (spaCy's exact output).
    mode: &'static str,
    words: usize,
    name: &'a str,
    /// Articles the widget holds (its corpus, with the `corpus` view).
    articles: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusDetail<'a> {
    state: &'static str,
    message: Option<&'a str>,
    load_ms: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ErrorDetail<'a> {
    message: &'a str,
}

/// The widget's settings, set from the element's attributes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Labels to show (`None`: all).
    labels: RwSignal<Option<Vec<Label>>>,
    /// Views offered: the article, the entity panel beside it, the corpus tabs.
    article: RwSignal<bool>,
    entities: RwSignal<bool>,
    corpus: RwSignal<bool>,
    /// Visitors may drop or pick files.
    drop: RwSignal<bool>,
}

/// What one widget holds (all handles are `Copy` or shared).
struct Inner {
    asset_base: String,
    store: Store,
    /// This widget's client of the pool (`None` until connected, or if the pool failed).
    worker: WorkerSlot,
    /// Whether the client keeps a corpus (a full client, not a reader).
    corpus_client: Cell<bool>,
    settings: Settings,
    tab: RwSignal<Tab>,
    /// The text being analyzed, shown plain until the highlights arrive.
    pending: RwSignal<Option<Arc<str>>>,
    /// What the widget analyzed since it last started afresh (sent again if its client changes).
    sources: RefCell<Vec<Source>>,
    notify: js_sys::Function,
    weak: Weak<Inner>,
}

impl Inner {
    fn emit<T: Serialize>(&self, kind: &str, detail: &T) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let detail = detail.serialize(&serializer).unwrap_or(JsValue::NULL);
        // An exception in the host's listener is the host's; the widget goes on.
        let _ = self.notify.call2(&JsValue::NULL, &kind.into(), &detail);
    }

    fn error(&self, message: &str) {
        self.emit("error", &ErrorDetail { message });
    }

    /// Joins the pool as a reader, or as a full client when the corpus view is on; a reader
    /// that needs a corpus becomes a full client and sends its articles again.
    fn connect(&self) {
        let want_corpus = self.settings.corpus.get_untracked();
        let connected = self.worker.with_value(Option::is_some);
        if connected && (self.corpus_client.get() || !want_corpus) {
            return;
        }
        let weak = self.weak.clone();
        let on_response = Rc::new(
            move |response: Response, _bytes: Option<js_sys::ArrayBuffer>| {
                if let Some(inner) = weak.upgrade() {
                    inner.hear(response);
                }
            },
        );
        let weak = self.weak.clone();
        let on_failure = Rc::new(move |message: String| {
            if let Some(inner) = weak.upgrade() {
                inner.model_failed(&message);
                inner
                    .store
                    .fail_unfinished(&FileError::WorkerCrashed { message });
            }
        });
        let callbacks = Callbacks {
            on_response,
            on_failure,
            on_record: None,
            // A table or an export dropped into the widget lists its articles (the picker).
            on_split: Some(crate::worker::split_hook(self.store)),
        };
        let client = shared_pool(&self.asset_base).and_then(|pool| {
            if want_corpus {
                pool.client(callbacks)
            } else {
                pool.reader(callbacks)
            }
        });
        match client {
            Ok(client) => {
                // The previous client (a reader) leaves the pool as it drops, outside the slot.
                let previous = self
                    .worker
                    .try_update_value(|w| w.replace(AnalysisWorker::from(client)));
                drop(previous);
                self.corpus_client.set(want_corpus);
                if connected {
                    let sources = self.sources.take();
                    self.store.clear();
                    self.submit(sources);
                }
            }
            Err(e) => {
                self.worker.set_value(None);
                self.model_failed(&e.to_string());
            }
        }
    }

    /// Starts afresh: the widget's articles are forgotten (here and in its corpus worker).
    fn clear(&self) {
        let ids = self.store.ids();
        if self.corpus_client.get() && !ids.is_empty() {
            corpus_ask(self.store, self.worker, Request::Forget(Forget { ids }));
        }
        self.sources.borrow_mut().clear();
        self.store.clear();
    }

    /// Sends files or texts to the pool, as the page does with a drop (rows, then the queue).
    fn submit(&self, sources: Vec<Source>) {
        self.connect();
        self.sources.borrow_mut().extend(sources.iter().cloned());
        crate::worker::submit(self.store, self.worker, sources);
    }

    fn article(&self, id: FileId) -> Option<(Arc<str>, Arc<ArticleView>)> {
        self.store.files.with_untracked(|files| {
            let row = files.iter().find(|f| f.id == id)?;
            match row.state.get_untracked() {
                FileState::Done(article) => Some((row.name.clone(), article)),
                _ => None,
            }
        })
    }

    /// Tells the host about article `id` (after its analysis, or a change of mode or labels).
    fn announce(&self, id: FileId) {
        let Some((name, article)) = self.article(id) else {
            return;
        };
        let mode = self.store.mode.get_untracked();
        let allowed = self.settings.labels.get_untracked();
        let entities = article
            .mentions
            .iter()
            .filter_map(|m| {
                let label = m.label_in(mode)?;
                if allowed.as_ref().is_some_and(|a| !a.contains(&label)) {
                    return None;
                }
                Some(EntityOut {
                    start: m.span.char.start,
                    end: m.span.char.end,
                    label: label.as_str(),
                    text: article.text.get(m.span.byte.clone())?,
                    byte_start: m.span.byte.start,
                    byte_end: m.span.byte.end,
                    spacy_label: m.raw_label.map(Label::as_str),
                    change: m.change.as_str(),
                })
            })
            .collect();
        self.emit(
            "analyzed",
            &AnalyzedDetail {
                entities,
                title: article.title.as_deref(),
                date: article.date.as_deref(),
                source: article.source.as_deref(),
                text: &article.text,
                mode: mode.as_str(),
                words: article.words,
                name: &name,
                articles: self.store.files.with_untracked(Vec::len),
            },
        );
    }

    /// Announces the article shown, if it is analyzed.
    fn announce_shown(&self) {
        if let Some(id) = self.store.selected.get_untracked() {
            self.announce(id);
        }
    }

    /// One message from the pool about this widget's files or corpus.
    fn hear(&self, response: Response) {
        let store = self.store;
        match response {
            Response::Ready(ready) => {
                let load_ms = ready.model_load_ms;
                store.apply(Response::Ready(ready));
                self.emit(
                    "status",
                    &StatusDetail {
                        state: "ready",
                        message: None,
                        load_ms: Some(load_ms),
                    },
                );
            }
            Response::ModelFailed(failed) => self.model_failed(&failed.message),
            Response::Analyzed(done) => {
                // A file of an earlier text (replaced since) is no longer in the store.
                let id = done.id;
                let ours = store.state_of(id).is_some();
                store.apply(Response::Analyzed(done));
                if ours {
                    self.announce(id);
                }
            }
            Response::Failed(failed) => {
                let ours = store.state_of(failed.id).is_some();
                let message = failed.error.to_string();
                store.apply(Response::Failed(failed));
                if ours {
                    self.error(&message);
                }
            }
            other => store.apply(other),
        }
    }

    fn model_failed(&self, message: &str) {
        if self.store.model.get_untracked() == ModelStatus::Loading {
            self.store
                .model
                .set(ModelStatus::Failed(message.to_owned()));
            self.emit(
                "status",
                &StatusDetail {
                    state: "failed",
                    message: Some(message),
                    load_ms: None,
                },
            );
            self.error(&format!("The recognizer could not start: {message}"));
        }
    }
}

/// A mounted widget, driven by `widget.js`.
#[wasm_bindgen]
pub struct EntityLensWidget {
    inner: Rc<Inner>,
    view: Option<Box<dyn std::any::Any>>,
}

/// Mounts a widget into `target` (an element inside the widget's shadow root). `asset_base` is
/// the absolute URL of the folder `widget.js` came from; `notify(kind, detail)` receives
/// `"status"`, `"analyzed"` and `"error"`. The widget joins the pool when it is first
/// configured or given something to analyze.
#[wasm_bindgen]
pub fn mount_widget(
    target: web_sys::HtmlElement,
    asset_base: &str,
    notify: js_sys::Function,
) -> Result<EntityLensWidget, JsValue> {
    console_error_panic_hook::set_once();
    let made: Rc<Cell<Option<Rc<Inner>>>> = Rc::new(Cell::new(None));
    let out = made.clone();
    let asset_base = asset_base.to_owned();
    let handle = leptos::mount::mount_to(target, move || {
        let store = Store::new();
        provide_context(store);
        let settings = Settings {
            labels: RwSignal::new(None),
            article: RwSignal::new(true),
            entities: RwSignal::new(true),
            corpus: RwSignal::new(false),
            drop: RwSignal::new(false),
        };
        provide_context(ReaderParts {
            entities: settings.entities.into(),
            article: settings.article.into(),
            labels: settings.labels.into(),
        });
        // What the page's corpus views expect around them.
        let worker: WorkerSlot = StoredValue::new_local(None);
        provide_context(worker);
        let tab = RwSignal::new(Tab::Read);
        provide_context(tab);
        let kwic: RwSignal<Option<String>> = RwSignal::new(None);
        provide_context(kwic);
        let overrides = OverridesSlot(RwSignal::new(Overrides::default()));
        provide_context(overrides);
        crate::components::watch_corpus(store, worker, tab);
        // Corrections (merge, split in the entity table) go to the corpus worker, then the
        // table is asked again.
        Effect::new(move |first: Option<()>| {
            let o = overrides.0.get();
            if first.is_some() {
                corpus_ask(store, worker, Request::SetOverrides(o));
                store.corpus_version.update(|v| *v += 1);
            }
        });
        // The labels shown: the others are hidden like a legend toggle hides them.
        Effect::new(move |_| {
            let allowed = settings.labels.get();
            store.hidden.set(match allowed {
                Some(allowed) => Label::ALL
                    .into_iter()
                    .filter(|l| !allowed.contains(l))
                    .collect(),
                None => HashSet::new(),
            });
        });
        let pending = RwSignal::new(None);
        let inner = Rc::new_cyclic(|weak| Inner {
            asset_base,
            store,
            worker,
            corpus_client: Cell::new(false),
            settings,
            tab,
            pending,
            sources: RefCell::new(Vec::new()),
            notify,
            weak: weak.clone(),
        });
        let weak = Rc::downgrade(&inner);
        let on_files: Rc<dyn Fn(Vec<Source>)> = Rc::new(move |sources: Vec<Source>| {
            if let Some(inner) = weak.upgrade() {
                inner.dropped(sources);
            }
        });
        let on_files: FilesSlot = StoredValue::new_local(on_files);
        out.set(Some(inner));
        view! { <Widget pending=pending settings=settings tab=tab on_files=on_files/> }
    });
    let inner = made
        .take()
        .ok_or_else(|| JsValue::from_str("the widget did not mount"))?;
    MOUNTED.with(|m| m.set(m.get() + 1));
    RELEASE.with_borrow_mut(|r| r.take());
    Ok(EntityLensWidget {
        inner,
        view: Some(Box::new(handle)),
    })
}

impl Inner {
    /// Files dropped or picked by a visitor: with the corpus view they join the widget's
    /// corpus; without it they replace what it shows.
    fn dropped(&self, sources: Vec<Source>) {
        if sources.is_empty() {
            return;
        }
        if !self.settings.corpus.get_untracked() {
            self.clear();
        }
        self.pending.set(None);
        self.submit(sources);
    }
}

#[wasm_bindgen]
impl EntityLensWidget {
    /// Analyzes `text` as given (no cleanup: offsets are into this very text); the widget's
    /// earlier articles are forgotten.
    pub fn analyze_text(&self, text: String) {
        let inner = &self.inner;
        inner.clear();
        inner.pending.set(Some(text.as_str().into()));
        inner.submit(vec![Source::Text {
            name: String::new(),
            text,
        }]);
    }

    /// Analyzes an article file (decoded, split and cleaned like a dropped file); the widget's
    /// earlier articles are forgotten.
    pub fn analyze_file(&self, file: web_sys::File) {
        let inner = &self.inner;
        inner.clear();
        inner.pending.set(None);
        inner.submit(vec![Source::File(file)]);
    }

    /// The labels to show, comma-separated (`None` or empty: all). Unknown names are ignored.
    pub fn set_labels(&self, labels: Option<String>) {
        let wanted: Vec<Label> = labels
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_ascii_uppercase())
            .filter_map(|s| Label::ALL.into_iter().find(|l| l.as_str() == s))
            .collect();
        let value = (!wanted.is_empty()).then_some(wanted);
        if self.inner.settings.labels.get_untracked() != value {
            self.inner.settings.labels.set(value);
            self.inner.announce_shown();
        }
    }

    /// The views offered, comma-separated: `reader` (the article), `entities` (the entity
    /// panel beside it), `corpus` (the entity table, network, timeline and contexts of the
    /// widget's articles). `None` or empty: `reader,entities`. Joins the pool (as a full client
    /// when `corpus` is on).
    pub fn set_views(&self, views: Option<String>) {
        let views = views.unwrap_or_default();
        let names: Vec<&str> = views
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let default = names.is_empty();
        let has = |v: &str| names.contains(&v);
        let (article, entities, corpus) = (
            default || has("reader"),
            default || has("entities"),
            has("corpus"),
        );
        let s = self.inner.settings;
        // With none of the reader's parts, the article shows (unless the corpus is all).
        s.article.set(article || (!entities && !corpus));
        s.entities.set(entities);
        s.corpus.set(corpus);
        let tab = self.inner.tab.get_untracked();
        let reading = s.article.get_untracked() || entities;
        if !corpus && tab != Tab::Read {
            self.inner.tab.set(Tab::Read);
        } else if corpus && !reading && tab == Tab::Read {
            self.inner.tab.set(Tab::Entities);
        }
        self.inner.connect();
    }

    /// `refined` (default) or `raw` (spaCy's exact output).
    pub fn set_mode(&self, mode: Option<String>) {
        let mode = match mode.as_deref().map(str::trim) {
            Some("raw") => EntityMode::Raw,
            _ => EntityMode::Refined,
        };
        if self.inner.store.mode.get_untracked() != mode {
            self.inner.store.mode.set(mode);
            self.inner.announce_shown();
        }
    }

    /// Whether visitors may drop or pick their own files.
    pub fn set_drop(&self, on: bool) {
        self.inner.settings.drop.set(on);
    }

    /// Removes the widget's content and leaves the pool (which stays for the page's other
    /// widgets, and [`IDLE_RELEASE_MS`] after the last one).
    pub fn unmount(&mut self) {
        if self.view.is_none() {
            return;
        }
        // Leaving the pool ends the corpus worker and cancels files still waiting.
        let client = self.inner.worker.try_update_value(Option::take);
        drop(client);
        self.view.take();
        let left = MOUNTED.with(|m| {
            m.set(m.get().saturating_sub(1));
            m.get()
        });
        if left == 0 {
            let timeout = gloo::timers::callback::Timeout::new(IDLE_RELEASE_MS, || {
                release_if_idle();
            });
            RELEASE.with_borrow_mut(|r| *r = Some(timeout));
        }
    }
}

/// How many worker pools the widgets of this page started (one, or zero before the first
/// widget is seen; one more after an idle pool was released and a widget came back).
#[wasm_bindgen]
pub fn widget_engines() -> u32 {
    POOLS.with(Cell::get)
}

/// Ends the widgets' pool now if no widget is mounted (it ends by itself
/// [`IDLE_RELEASE_MS`] after the last one leaves). Returns whether a pool was let go.
#[wasm_bindgen]
pub fn release_idle_engine() -> bool {
    release_if_idle()
}
