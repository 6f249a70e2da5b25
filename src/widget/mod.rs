//! The `<entity-lens>` widget's wasm side: one article read with the page's own components
//! ([`Reader`](crate::components::Reader) and its legend, marks and entity panel), fed by the
//! engine all widgets of a page share ([`engine::shared`]).
//!
//! `widget.js` (the custom element, plain JS so that nothing large loads before a widget is
//! seen) creates the shadow root, loads this module when the widget first becomes visible or is
//! used, and drives it through [`EntityLensWidget`]: what to analyze, which labels and views to
//! show, whether visitors may drop files. Results go back through one `notify(kind, detail)`
//! function: `"status"`, `"analyzed"` and `"error"`, which the element turns into events.

pub mod engine;

use std::any::Any;
use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use entity_lens_protocol::{ArticleView, EntityMode, FileError, FileId, Label, Response};
use leptos::ev;
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlInputElement;

use crate::components::{Reader, ReaderParts};
use crate::intake::{from_file_list, Dropped, Source};
use crate::state::{FileRow, FileState, ModelStatus, Store};
use engine::SharedEngine;

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

/// What the widget does with files dropped or picked (`!Send`, so stored locally).
type FilesSlot = StoredValue<Rc<dyn Fn(Vec<Source>)>, LocalStorage>;

/// The widget's settings, set from the element's attributes.
#[derive(Debug, Clone, Copy)]
struct Settings {
    /// Labels to show (`None`: all).
    labels: RwSignal<Option<Vec<Label>>>,
    /// Views offered: the article and the entity panel.
    article: RwSignal<bool>,
    entities: RwSignal<bool>,
    /// Visitors may drop or pick files.
    drop: RwSignal<bool>,
}

/// What one widget holds (all handles are `Copy` or shared).
struct Inner {
    engine: Rc<SharedEngine>,
    key: Cell<u64>,
    store: Store,
    settings: Settings,
    /// The text being analyzed, shown plain until the highlights arrive.
    pending: RwSignal<Option<Arc<str>>>,
    current: Cell<Option<FileId>>,
    notify: js_sys::Function,
    owner: Owner,
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

    /// Sends a text or file to the engine; the previous one is forgotten.
    fn submit(&self, name: String, bytes: Vec<u8>, raw: bool, preview: Option<Arc<str>>) {
        if let Some(previous) = self.current.take() {
            self.engine.forget(vec![previous]);
        }
        let store = self.store;
        self.pending.set(preview);
        match self
            .engine
            .analyze(self.key.get(), name.clone(), bytes, raw)
        {
            Ok(id) => {
                let state = self.owner.with(|| RwSignal::new(FileState::Queued));
                store.show_only(FileRow {
                    id,
                    name: name.into(),
                    state,
                    parent: None,
                });
                store.selected.set(Some(id));
                self.current.set(Some(id));
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn article(&self) -> Option<(Arc<str>, Arc<ArticleView>)> {
        let id = self.current.get()?;
        self.store.files.with_untracked(|files| {
            let row = files.iter().find(|f| f.id == id)?;
            match row.state.get_untracked() {
                FileState::Done(article) => Some((row.name.clone(), article)),
                _ => None,
            }
        })
    }

    /// Tells the host what the widget shows now (after an analysis, or a change of mode or
    /// labels).
    fn announce(&self) {
        let Some((name, article)) = self.article() else {
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
            },
        );
    }

    /// One message from the engine about this widget.
    fn hear(&self, response: &Response) {
        let store = self.store;
        match response {
            Response::Ready(ready) => {
                store.model.set(ModelStatus::Ready {
                    load_ms: ready.model_load_ms,
                });
                self.emit(
                    "status",
                    &StatusDetail {
                        state: "ready",
                        message: None,
                        load_ms: Some(ready.model_load_ms),
                    },
                );
            }
            Response::ModelFailed(failed) => self.model_failed(&failed.message),
            Response::Crashed(crashed) if crashed.id.is_none() => {
                self.model_failed(&crashed.message);
                store.fail_unfinished(&FileError::WorkerCrashed {
                    message: crashed.message.clone(),
                });
            }
            other => {
                let (done, failed) = match other {
                    Response::Analyzed(a) => (Some(a.id), None),
                    Response::Failed(f) => (None, Some((f.id, f.error.to_string()))),
                    Response::Crashed(c) => (None, c.id.map(|id| (id, c.message.clone()))),
                    _ => (None, None),
                };
                store.apply(other.clone());
                if done.is_some() && done == self.current.get() {
                    self.announce();
                }
                if let Some((id, message)) = failed {
                    if Some(id) == self.current.get() {
                        self.error(&message);
                    }
                }
            }
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
    view: Option<Box<dyn Any>>,
}

/// Mounts a widget into `target` (an element inside the widget's shadow root). `asset_base` is
/// the absolute URL of the folder `widget.js` came from; `notify(kind, detail)` receives
/// `"status"`, `"analyzed"` and `"error"`.
#[wasm_bindgen]
pub fn mount_widget(
    target: web_sys::HtmlElement,
    asset_base: &str,
    notify: js_sys::Function,
) -> Result<EntityLensWidget, JsValue> {
    console_error_panic_hook::set_once();
    let engine = engine::shared(asset_base).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let made: Rc<Cell<Option<Rc<Inner>>>> = Rc::new(Cell::new(None));
    let out = made.clone();
    let handle = leptos::mount::mount_to(target, move || {
        let store = Store::new();
        provide_context(store);
        let settings = Settings {
            labels: RwSignal::new(None),
            article: RwSignal::new(true),
            entities: RwSignal::new(true),
            drop: RwSignal::new(false),
        };
        provide_context(ReaderParts {
            entities: settings.entities.into(),
            article: settings.article.into(),
            labels: settings.labels.into(),
        });
        let pending = RwSignal::new(None);
        let inner = Rc::new(Inner {
            engine: engine.clone(),
            key: Cell::new(0),
            store,
            settings,
            pending,
            current: Cell::new(None),
            notify,
            owner: Owner::current().unwrap_or_default(),
        });
        let weak = Rc::downgrade(&inner);
        let key = engine.join(Rc::new(move |response: &Response| {
            if let Some(inner) = weak.upgrade() {
                inner.hear(response);
            }
        }));
        inner.key.set(key);
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
        let weak = Rc::downgrade(&inner);
        let on_files: Rc<dyn Fn(Vec<Source>)> = Rc::new(move |sources: Vec<Source>| {
            let Some(source) = sources.into_iter().next() else {
                return;
            };
            let weak = weak.clone();
            leptos::task::spawn_local(async move {
                let bytes = source.bytes().await;
                let Some(inner) = weak.upgrade() else { return };
                match bytes {
                    Ok(bytes) => inner.submit(source.name(), bytes, false, None),
                    Err(message) => inner.error(&FileError::Unreadable { message }.to_string()),
                }
            });
        });
        out.set(Some(inner));
        let on_files = StoredValue::new_local(on_files);
        view! { <Widget pending=pending settings=settings on_files=on_files/> }
    });
    let inner = made
        .take()
        .ok_or_else(|| JsValue::from_str("the widget did not mount"))?;
    Ok(EntityLensWidget {
        inner,
        view: Some(Box::new(handle)),
    })
}

#[wasm_bindgen]
impl EntityLensWidget {
    /// Analyzes `text` as given (no cleanup: offsets are into this very text).
    pub fn analyze_text(&self, text: String) {
        let preview: Arc<str> = text.as_str().into();
        self.inner
            .submit(String::new(), text.into_bytes(), true, Some(preview));
    }

    /// Analyzes an article file's bytes (decoded and cleaned like a dropped file).
    pub fn analyze_bytes(&self, name: String, bytes: Vec<u8>) {
        self.inner.submit(name, bytes, false, None);
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
            self.inner.announce();
        }
    }

    /// The views offered, comma-separated: `reader` (the article), `entities` (the entity
    /// panel). `None` or empty: both.
    pub fn set_views(&self, views: Option<String>) {
        let views = views.unwrap_or_default();
        let names: Vec<&str> = views
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let has = |v: &str| names.is_empty() || names.contains(&v);
        let (article, entities) = (has("reader"), has("entities"));
        let s = self.inner.settings;
        // With neither, the article shows.
        s.article.set(article || !entities);
        s.entities.set(entities);
    }

    /// `refined` (default) or `raw` (spaCy's exact output).
    pub fn set_mode(&self, mode: Option<String>) {
        let mode = match mode.as_deref().map(str::trim) {
            Some("raw") => EntityMode::Raw,
            _ => EntityMode::Refined,
        };
        if self.inner.store.mode.get_untracked() != mode {
            self.inner.store.mode.set(mode);
            self.inner.announce();
        }
    }

    /// Whether visitors may drop or pick their own files.
    pub fn set_drop(&self, on: bool) {
        self.inner.settings.drop.set(on);
    }

    /// Removes the widget's content and lets the engine forget its files (the engine stays
    /// for the page's other widgets).
    pub fn unmount(&mut self) {
        self.inner.engine.leave(self.inner.key.get());
        self.inner.current.set(None);
        self.view.take();
    }
}

/// How many engines this page started (for tests and diagnostics).
#[wasm_bindgen]
pub fn widget_engines() -> u32 {
    engine::started()
}

/// The widget's content: the article (plain until analyzed, then with its highlights), and the
/// drop zone when visitors may bring their own files.
#[component]
fn Widget(
    /// The text being analyzed, shown until the highlights arrive.
    pending: RwSignal<Option<Arc<str>>>,
    settings: Settings,
    /// Files dropped or picked.
    on_files: FilesSlot,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let dragging = RwSignal::new(false);
    let state = Memo::new(move |_| {
        let id = store.selected.get()?;
        let state = store
            .files
            .with(|f| f.iter().find(|r| r.id == id).map(|r| r.state))?;
        Some(state.with(|s| s.key()))
    });
    let body = move || {
        match state.get() {
        Some("done") => view! { <Reader/> }.into_any(),
        _ => pending
            .get()
            .map(|text| {
                view! {
                    <div class="reader plain" part="reader">
                        <article class="plain-text" part="article"><p>{text.to_string()}</p></article>
                    </div>
                }
            })
            .into_any(),
    }
    };
    let on_drop = move |ev: ev::DragEvent| {
        if !settings.drop.get_untracked() {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        let Some(transfer) = ev.data_transfer() else {
            return;
        };
        let dropped = Dropped::take(&transfer);
        leptos::task::spawn_local(async move {
            let sources = dropped.into_sources().await;
            on_files.with_value(|f| f(sources));
        });
    };
    let on_pick = move |ev: ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            let sources = from_file_list(&list);
            on_files.with_value(|f| f(sources));
        }
        input.set_value("");
    };
    let drop_zone = move || {
        settings.drop.get().then(|| {
            view! {
                <div class="drop-zone" part="drop-zone" class:active=move || dragging.get()>
                    "Drop an article file here, or "
                    <label class="button small">"choose one…"
                        <input class="visually-hidden" type="file" on:change=on_pick/>
                    </label>
                </div>
            }
        })
    };
    view! {
        <div class="widget-body" data-state=move || state.get().unwrap_or("empty")
            on:dragover=move |ev: ev::DragEvent| {
                if settings.drop.get_untracked() {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            {body}
            {drop_zone}
        </div>
    }
}
