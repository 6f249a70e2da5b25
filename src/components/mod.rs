//! The page's views. [`App`] owns the worker and the store; the rest only read the store.

mod contexts;
mod corpus;
mod file_list;
mod intake_panel;
mod network;
mod provenance;
mod reader;
mod timeline;

use entity_lens_protocol::{FileError, Label, Overrides, Request, Response};
use leptos::prelude::*;

pub use contexts::ContextsPanel;
pub use corpus::{ask, watch_corpus, EntitiesView, ExportsView, OverridesSlot};
pub use file_list::FileList;
pub use intake_panel::IntakePanel;
pub use network::NetworkPanel;
pub use reader::{Reader, ReaderParts};
pub use timeline::TimelinePanel;

use crate::intake::Source;
use crate::state::{ModelStatus, Store};
use crate::worker::AnalysisWorker;

/// The worker handle shared by the views (`!Send`, so stored locally).
pub type WorkerSlot = StoredValue<Option<AnalysisWorker>, LocalStorage>;

/// Queues `sources` and hands them to the worker pool (see [`crate::worker::submit`]).
pub fn submit(store: Store, worker: WorkerSlot, sources: Vec<Source>) {
    crate::worker::submit(store, worker, sources);
}

/// The views of the workspace, one tab each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Read,
    Entities,
    Network,
    Timeline,
    Contexts,
    Export,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Read,
        Tab::Entities,
        Tab::Network,
        Tab::Timeline,
        Tab::Contexts,
        Tab::Export,
    ];

    /// The tab's title.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Read => "Read",
            Tab::Entities => "Entities",
            Tab::Network => "Network",
            Tab::Timeline => "Timeline",
            Tab::Contexts => "Contexts",
            Tab::Export => "Export",
        }
    }

    /// The tab's key (`data-tab`).
    pub fn key(self) -> &'static str {
        match self {
            Tab::Read => "read",
            Tab::Entities => "entities",
            Tab::Network => "network",
            Tab::Timeline => "timeline",
            Tab::Contexts => "contexts",
            Tab::Export => "export",
        }
    }
}

/// displaCy's colour of a label (the same as `style/main.css`), for SVG drawn and saved.
pub fn label_color(label: Label) -> &'static str {
    match label {
        Label::Org => "#7aecec",
        Label::Product => "#bfeeb7",
        Label::Gpe => "#feca74",
        Label::Loc => "#ff9561",
        Label::Person => "#aa9cfc",
        Label::Norp => "#c887fb",
        Label::Fac => "#9cc9cc",
        Label::Event => "#ffeb80",
        Label::Law | Label::Language => "#ff8197",
        Label::WorkOfArt => "#f0d0ff",
        Label::Date | Label::Time => "#bfe1d9",
        Label::Money | Label::Quantity | Label::Ordinal | Label::Cardinal | Label::Percent => {
            "#e4e7d2"
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    provide_context(store);
    let tab = RwSignal::new(Tab::Read);
    provide_context(tab);
    // The entity whose contexts are shown.
    let kwic: RwSignal<Option<String>> = RwSignal::new(None);
    provide_context(kwic);
    let overrides = corpus::OverridesSlot(RwSignal::new(Overrides::default()));
    provide_context(overrides);
    let fail = move |message: String| {
        if store.model.get_untracked() == ModelStatus::Loading {
            store.model.set(ModelStatus::Failed(message.clone()));
        }
        store.fail_unfinished(&FileError::WorkerCrashed { message });
    };
    let on_response = move |response: Response, bytes: Option<js_sys::ArrayBuffer>| {
        if let (Response::Exported(e), Some(bytes)) = (&response, &bytes) {
            if let Err(message) = corpus::download(bytes, e.format.file_name(), e.format.mime()) {
                store.query_error.set(Some(message));
            }
        }
        store.apply(response)
    };
    let worker = match AnalysisWorker::spawn(on_response, fail) {
        Ok(w) => Some(w),
        Err(e) => {
            store.model.set(ModelStatus::Failed(e.to_string()));
            None
        }
    };
    let worker: WorkerSlot = StoredValue::new_local(worker);
    provide_context(worker);
    corpus::watch_corpus(store, worker, tab);
    // The workspace saved in the browser comes back, and is saved as it changes.
    crate::store::start(store, worker, overrides.0);
    // Corrections go to the worker (which keeps them for exports); then the table is asked again.
    Effect::new(move |first: Option<()>| {
        let o = overrides.0.get();
        if first.is_some() {
            corpus::ask(store, worker, Request::SetOverrides(o));
            store.corpus_version.update(|v| *v += 1);
        }
    });

    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            view! {
                <button type="button" role="tab" class="tab" data-tab=t.key() id=format!("tab-{}", t.key())
                    aria-selected=move || if tab.get() == t { "true" } else { "false" }
                    aria-controls="workspace-panel"
                    on:click=move |_| tab.set(t)>{t.name()}</button>
            }
        })
        .collect_view();
    let panel = move || match tab.get() {
        Tab::Read => view! { <Reader/> }.into_any(),
        Tab::Entities => view! { <EntitiesView/> }.into_any(),
        Tab::Network => view! { <NetworkPanel/> }.into_any(),
        Tab::Timeline => view! { <TimelinePanel/> }.into_any(),
        Tab::Contexts => view! { <ContextsPanel/> }.into_any(),
        Tab::Export => view! { <ExportsView/> }.into_any(),
    };
    let query_error = move || {
        store
            .query_error
            .get()
            .map(|m| view! { <p class="error query-error" role="alert">{m}</p> })
    };

    let status = move || match store.model.get() {
        ModelStatus::Loading => "Loading the recognizer…".to_owned(),
        ModelStatus::Ready { load_ms } => {
            format!("Recognizer ready (model loaded in {load_ms:.0} ms)")
        }
        ModelStatus::Failed(message) => format!("The recognizer could not start: {message}"),
    };
    let model_state = move || match store.model.get() {
        ModelStatus::Loading => "loading",
        ModelStatus::Ready { .. } => "ready",
        ModelStatus::Failed(_) => "failed",
    };

    view! {
        <header class="top">
            <h1>"Entity Lens"</h1>
            <p class="model-status" data-model=model_state aria-live="polite">{status}</p>
        </header>
        <main class="layout">
            <div class="side">
                <IntakePanel/>
                <FileList/>
            </div>
            <div class="workspace">
                <div class="tabs" role="tablist" aria-label="Views">{tabs}</div>
                {query_error}
                <div id="workspace-panel" role="tabpanel" class="workspace-panel"
                    data-tab=move || tab.get().key()>{panel}</div>
            </div>
        </main>
    }
}
