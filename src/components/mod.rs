//! The page's views. [`App`] owns the worker and the store; the rest only read the store.

mod file_list;
mod intake_panel;
mod reader;

use entity_lens_protocol::{AnalyzeFile, FileError, Request};
use leptos::prelude::*;

pub use file_list::FileList;
pub use intake_panel::IntakePanel;
pub use reader::Reader;

use crate::intake::Source;
use crate::state::{FileState, ModelStatus, Store};
use crate::worker::AnalysisWorker;

/// The worker handle shared by the views (`!Send`, so stored locally).
pub type WorkerSlot = StoredValue<Option<AnalysisWorker>, LocalStorage>;

/// How many rows join the list per task (a list of hundreds renders over a few frames).
const ROWS_PER_TASK: usize = 20;

/// Queues `sources` and sends them to the worker one by one. The list grows in chunks and each
/// read is its own task, so the UI thread is never blocked by a big batch.
pub fn submit(store: Store, worker: WorkerSlot, sources: Vec<Source>) {
    if sources.is_empty() {
        return;
    }
    store.start_batch(sources.len());
    leptos::task::spawn_local(async move {
        let names: Vec<String> = sources.iter().map(Source::name).collect();
        let mut rows = Vec::with_capacity(names.len());
        for (i, chunk) in names.chunks(ROWS_PER_TASK).enumerate() {
            if i > 0 {
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            rows.extend(store.push(chunk));
        }
        for (row, source) in rows.into_iter().zip(sources) {
            let bytes = match source.bytes().await {
                Ok(bytes) => bytes,
                Err(message) => {
                    row.state
                        .set(FileState::Failed(FileError::Unreadable { message }));
                    continue;
                }
            };
            let request = Request::Analyze(AnalyzeFile {
                id: row.id,
                name: row.name.to_string(),
                raw: matches!(source, Source::Text { .. }),
                bytes,
            });
            let sent = worker.with_value(|w| match w {
                Some(w) => w.send(&request).map_err(|e| e.to_string()),
                None => Err("the analysis worker is not running".to_owned()),
            });
            if let Err(message) = sent {
                row.state
                    .set(FileState::Failed(FileError::WorkerCrashed { message }));
            }
        }
    });
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::new();
    provide_context(store);
    let fail = move |message: String| {
        if store.model.get_untracked() == ModelStatus::Loading {
            store.model.set(ModelStatus::Failed(message.clone()));
        }
        store.fail_unfinished(&FileError::WorkerCrashed { message });
    };
    let worker = match AnalysisWorker::spawn(move |r| store.apply(r), fail) {
        Ok(w) => Some(w),
        Err(e) => {
            store.model.set(ModelStatus::Failed(e.to_string()));
            None
        }
    };
    let worker: WorkerSlot = StoredValue::new_local(worker);
    provide_context(worker);

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
            <Reader/>
        </main>
    }
}
