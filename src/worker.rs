//! The page's handle on the analysis workers: a [`Client`] of the shared [`pool`]
//! under the name the views use ([`AnalysisWorker`]), [`submit`], which turns dropped or
//! picked files into queued rows and hands them to the pool, [`split_hook`], which lists the
//! articles of a file of several under it, and [`read_again`], which reads a table again with
//! the text column the user chose.

use std::rc::Rc;

use entity_lens_protocol::{max_bytes, FileError, FileId, Request, Response};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::intake::Source;
use crate::pool::{self, Callbacks, Client, Data, Pending, PoolError, SplitHook};
use crate::state::{FileState, Store};

/// Why the workers could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("could not start the analysis workers: {0}")]
    Spawn(String),
    #[error("could not send to the analysis workers: {0}")]
    Send(String),
}

impl From<PoolError> for WorkerError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Send(m) => WorkerError::Send(m),
            other => WorkerError::Spawn(other.to_string()),
        }
    }
}

/// The document's base URL: the standalone page's assets are beside it.
fn document_base() -> String {
    leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_else(|| "./".to_owned())
}

/// `?workers=N` in the page's address sets the pool's size (benchmarks compare sizes).
fn requested_size() -> Option<usize> {
    let search = Reflect::get(&js_sys::global(), &JsValue::from_str("location"))
        .and_then(|l| Reflect::get(&l, &JsValue::from_str("search")))
        .ok()?
        .as_string()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("workers="))?
        .parse()
        .ok()
}

/// This page's place in the shared worker pool; leaves it when dropped.
pub struct AnalysisWorker {
    client: Client,
}

impl From<Client> for AnalysisWorker {
    /// A handle on a client made elsewhere (the widget's, of its own pool and callbacks).
    fn from(client: Client) -> Self {
        Self { client }
    }
}

impl AnalysisWorker {
    /// Joins the pool of the page's assets (starting it if needed). `on_response` gets every
    /// message about this page's files and corpus; `on_failure` a description when the workers
    /// cannot run at all.
    pub fn spawn(
        on_response: impl Fn(Response, Option<js_sys::ArrayBuffer>) + 'static,
        on_failure: impl Fn(String) + Clone + 'static,
    ) -> Result<Self, WorkerError> {
        let base = document_base();
        let pool = match requested_size() {
            Some(n) => pool::shared_with_size(&base, n)?,
            None => pool::shared(&base)?,
        };
        // The page's store (provided before the workers start) lists split files' articles.
        let store = leptos::prelude::use_context::<Store>();
        let client = pool.client(Callbacks {
            on_response: Rc::new(on_response),
            on_failure: Rc::new(on_failure),
            on_record: Some(Rc::new(crate::store::save_done)),
            on_split: store.map(split_hook),
        })?;
        Ok(Self { client })
    }

    /// Sends one request (files to the analysis workers, questions to the corpus worker).
    pub fn send(&self, request: &Request) -> Result<(), WorkerError> {
        Ok(self.client.send(request)?)
    }

    /// Gives a saved record back to the corpus worker (see [`Client::restore`]).
    pub fn restore(
        &self,
        id: FileId,
        parent: Option<FileId>,
        name: &str,
        record: &JsValue,
    ) -> Result<(), WorkerError> {
        Ok(self.client.restore(id, parent, name, record)?)
    }

    /// Queues files for analysis.
    pub fn analyze(&self, files: Vec<Pending>) {
        self.client.analyze(files);
    }

    /// Stops the running batch; returns the files that will not be analyzed.
    pub fn cancel(&self) -> Vec<entity_lens_protocol::FileId> {
        self.client.cancel()
    }

    /// Number of analysis workers.
    pub fn workers(&self) -> usize {
        self.client.workers()
    }
}

/// Lists the entries of a file of several articles under it in `store` (and saves them with
/// the workspace); the pool then analyzes each.
pub fn split_hook(store: Store) -> SplitHook {
    Rc::new(
        move |parent: FileId, split: &entity_lens_protocol::SplitBatch| {
            use leptos::prelude::*;
            let ids = store.insert_entries(parent, split);
            let name = store.files.with_untracked(|files| {
                files
                    .iter()
                    .find(|f| f.id == parent)
                    .map(|f| f.name.to_string())
            });
            if let Some(name) = name {
                crate::store::save_split(parent, &name, split, &ids);
            }
            ids
        },
    )
}

/// Reads the table of row `id` again with `column` as its text column (the user's choice after
/// the column could not be found by name).
pub fn read_again(
    store: Store,
    worker: leptos::prelude::StoredValue<Option<AnalysisWorker>, leptos::prelude::LocalStorage>,
    id: FileId,
    column: String,
) {
    use leptos::prelude::*;
    let Some(file) = store.table(id) else {
        return;
    };
    store.requeue(id);
    let pending = Pending {
        id,
        name: file.name(),
        raw: false,
        text_column: Some(column),
        data: Data::File(file),
    };
    let sent = worker.with_value(|w| match w {
        Some(w) => {
            w.analyze(vec![pending]);
            true
        }
        None => false,
    });
    if !sent {
        store.finish(
            id,
            FileState::Failed(FileError::WorkerCrashed {
                message: "the analysis workers are not running".to_owned(),
            }),
        );
    }
}

/// How many rows join the list per task while the list's view fills (each is rendered: a few
/// milliseconds per row on a slow machine), then once it is full (a long list renders only
/// the rows in view), so no task of a big drop takes long.
const ROWS_RENDERED_PER_TASK: usize = 4;
const ROWS_PER_TASK: usize = 200;
/// Rows after which the list's view is full (a long list's view and what it renders around).
const ROWS_IN_VIEW: usize = 48;
/// How many dropped files are looked at (name, size) per task.
const TAKE_PER_TASK: usize = 250;

/// Queues `sources` as rows of the list and hands them to the pool (which reads each file only
/// when a worker takes it). A file over its limit ([`max_bytes`]: larger for saved pages and
/// tables, whose articles are held to the limit one by one) fails at once, naming the limit.
pub fn submit(
    store: Store,
    worker: leptos::prelude::StoredValue<Option<AnalysisWorker>, leptos::prelude::LocalStorage>,
    sources: Vec<Source>,
) {
    use leptos::prelude::*;
    if sources.is_empty() {
        return;
    }
    store.start_batch(sources.len());
    leptos::task::spawn_local(async move {
        // Each step of a big drop is its own short task: names, rows, then the queue.
        let yield_now = || gloo_timers::future::TimeoutFuture::new(0);
        yield_now().await;
        let mut names: Vec<String> = Vec::with_capacity(sources.len());
        for chunk in sources.chunks(TAKE_PER_TASK) {
            names.extend(chunk.iter().map(Source::name));
            yield_now().await;
        }
        let mut rows = Vec::with_capacity(names.len());
        let mut rest = names.as_slice();
        while !rest.is_empty() {
            let listed = store.files.with_untracked(Vec::len);
            let n = if listed < ROWS_IN_VIEW {
                ROWS_RENDERED_PER_TASK
            } else {
                ROWS_PER_TASK
            };
            let (chunk, later) = rest.split_at(n.min(rest.len()));
            rows.extend(store.push(chunk));
            rest = later;
            yield_now().await;
        }
        let mut pending = Vec::with_capacity(rows.len());
        // Bytes sent, counted once per task (each count updates the progress line).
        let mut bytes = 0;
        for (i, (row, source)) in rows.into_iter().zip(sources).enumerate() {
            if i > 0 && i % TAKE_PER_TASK == 0 {
                store.note_bytes(std::mem::take(&mut bytes));
                yield_now().await;
            }
            let raw = matches!(source, Source::Text { .. });
            let data = match source {
                Source::File(file) => {
                    if entity_lens_protocol::intake::is_container(&row.name) {
                        store.keep_table(row.id, file.clone());
                    }
                    Data::File(file)
                }
                Source::Text { text, .. } => Data::Bytes(Rc::new(text.into_bytes())),
            };
            let size = data.size();
            let limit = max_bytes(&row.name);
            if size > limit {
                store.finish(
                    row.id,
                    FileState::Failed(FileError::TooLarge {
                        name: row.name.to_string(),
                        size,
                        limit,
                    }),
                );
                continue;
            }
            bytes += size;
            pending.push(Pending {
                id: row.id,
                name: row.name.to_string(),
                raw,
                text_column: None,
                data,
            });
        }
        store.note_bytes(bytes);
        let ids: Vec<_> = pending.iter().map(|p| p.id).collect();
        let sent = worker.with_value(|w| match w {
            Some(w) => {
                w.analyze(pending);
                true
            }
            None => false,
        });
        if !sent {
            for id in ids {
                store.finish(
                    id,
                    FileState::Failed(FileError::WorkerCrashed {
                        message: "the analysis workers are not running".to_owned(),
                    }),
                );
            }
        }
    });
}
