//! The page's state: the file list, the open article, hidden labels; updated from worker
//! [`Response`]s.

use std::collections::HashSet;
use std::sync::Arc;

use entity_lens_protocol::{
    ArticleView, ContextsView, CorpusView, EntityMode, FileError, FileId, Label, NetworkView,
    Response, TimelineView,
};
use leptos::prelude::*;

/// Where one file is.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Waiting for the worker.
    Queued,
    /// The worker is on it.
    Analyzing,
    /// Analyzed.
    Done(Arc<ArticleView>),
    /// Could not be analyzed.
    Failed(FileError),
}

impl FileState {
    /// The state's name, as written in the list's `data-state` attribute.
    pub fn key(&self) -> &'static str {
        match self {
            FileState::Queued => "queued",
            FileState::Analyzing => "analyzing",
            FileState::Done(_) => "done",
            FileState::Failed(_) => "error",
        }
    }

    /// Done or failed.
    pub fn is_finished(&self) -> bool {
        matches!(self, FileState::Done(_) | FileState::Failed(_))
    }
}

/// One row of the file list.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub id: FileId,
    pub name: Arc<str>,
    pub state: RwSignal<FileState>,
}

/// Whether the worker's model is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelStatus {
    Loading,
    Ready { load_ms: f64 },
    Failed(String),
}

/// The page's reactive store (all handles are `Copy`).
#[derive(Debug, Clone, Copy)]
pub struct Store {
    /// Every file added, in order.
    pub files: RwSignal<Vec<FileRow>>,
    /// The article being read.
    pub selected: RwSignal<Option<FileId>>,
    /// Labels whose highlights are switched off.
    pub hidden: RwSignal<HashSet<Label>>,
    /// Refined labels (default) or spaCy's exact output.
    pub mode: RwSignal<EntityMode>,
    /// Bumped whenever a file is analyzed or forgotten: corpus views ask the worker again.
    pub corpus_version: RwSignal<u64>,
    /// Index in `files` where the current batch starts (for the progress bar).
    pub batch_start: RwSignal<usize>,
    /// Open the next file that finishes (set when a batch of several files arrives).
    pub auto_open: RwSignal<bool>,
    pub model: RwSignal<ModelStatus>,
    /// The worker's latest answers to the corpus questions (it answers in order, so the latest
    /// answer is to the latest question).
    pub corpus: RwSignal<Option<Arc<CorpusView>>>,
    pub network: RwSignal<Option<Arc<NetworkView>>>,
    pub timeline: RwSignal<Option<Arc<TimelineView>>>,
    pub contexts: RwSignal<Option<Arc<ContextsView>>>,
    /// The latest corpus question that failed, worded for people.
    pub query_error: RwSignal<Option<String>>,
    /// Entities chosen in the corpus views: the file list shows only articles mentioning one.
    pub chosen: RwSignal<Vec<String>>,
    next_id: RwSignal<FileId>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self {
            files: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            hidden: RwSignal::new(HashSet::new()),
            mode: RwSignal::new(EntityMode::Refined),
            corpus_version: RwSignal::new(0),
            batch_start: RwSignal::new(0),
            auto_open: RwSignal::new(false),
            model: RwSignal::new(ModelStatus::Loading),
            corpus: RwSignal::new(None),
            network: RwSignal::new(None),
            timeline: RwSignal::new(None),
            contexts: RwSignal::new(None),
            query_error: RwSignal::new(None),
            chosen: RwSignal::new(Vec::new()),
            next_id: RwSignal::new(1),
        }
    }

    /// Starts a batch of `len` files (call before [`Store::push`]ing them): one file opens at
    /// once; of several, the first to finish opens. The progress bar restarts when the earlier
    /// files have all finished.
    pub fn start_batch(&self, len: usize) {
        let all_finished = self.files.with_untracked(|files| {
            files
                .iter()
                .all(|f| f.state.with_untracked(FileState::is_finished))
        });
        if all_finished {
            self.batch_start.set(self.files.with_untracked(Vec::len));
        }
        if len == 1 {
            self.selected.set(Some(self.next_id.get_untracked()));
            self.auto_open.set(false);
        } else if len > 1 {
            self.auto_open.set(true);
        }
    }

    /// Appends queued files to the list and returns their rows.
    pub fn push(&self, names: &[String]) -> Vec<FileRow> {
        let first = self.next_id.get_untracked();
        let rows: Vec<FileRow> = names
            .iter()
            .zip(first..)
            .map(|(name, id)| FileRow {
                id,
                name: name.as_str().into(),
                state: RwSignal::new(FileState::Queued),
            })
            .collect();
        if let Some(last) = rows.last() {
            self.next_id.set(last.id + 1);
            self.files
                .update(|files| files.extend(rows.iter().cloned()));
        }
        rows
    }

    /// Removes every file.
    pub fn clear(&self) {
        self.files.set(Vec::new());
        self.selected.set(None);
        self.chosen.set(Vec::new());
        self.corpus_version.update(|v| *v += 1);
        self.batch_start.set(0);
        self.auto_open.set(false);
    }

    /// The state signal of file `id`.
    pub fn state_of(&self, id: FileId) -> Option<RwSignal<FileState>> {
        self.files
            .with_untracked(|files| files.iter().find(|f| f.id == id).map(|f| f.state))
    }

    /// Fails every file that has not finished (the worker is gone).
    pub fn fail_unfinished(&self, error: &FileError) {
        self.files.with_untracked(|files| {
            for f in files {
                if !f.state.with_untracked(FileState::is_finished) {
                    f.state.set(FileState::Failed(error.clone()));
                }
            }
        });
    }

    /// Applies one message from the worker.
    pub fn apply(&self, response: Response) {
        match response {
            Response::Ready(ready) => self.model.set(ModelStatus::Ready {
                load_ms: ready.model_load_ms,
            }),
            Response::ModelFailed(failed) => self.model.set(ModelStatus::Failed(failed.message)),
            Response::Started(started) => {
                if let Some(state) = self.state_of(started.id) {
                    state.set(FileState::Analyzing);
                }
            }
            Response::Analyzed(done) => {
                if let Some(state) = self.state_of(done.id) {
                    state.set(FileState::Done(Arc::new(done.article)));
                    self.corpus_version.update(|v| *v += 1);
                    if self.auto_open.get_untracked() {
                        self.auto_open.set(false);
                        self.selected.set(Some(done.id));
                    }
                }
            }
            Response::Failed(failed) => {
                if let Some(state) = self.state_of(failed.id) {
                    state.set(FileState::Failed(failed.error));
                }
            }
            Response::Crashed(crashed) => {
                let error = FileError::WorkerCrashed {
                    message: crashed.message,
                };
                match crashed.id.and_then(|id| self.state_of(id)) {
                    Some(state) => state.set(FileState::Failed(error)),
                    None => self.fail_unfinished(&error),
                }
            }
            Response::Corpus(view) => {
                self.query_error.set(None);
                self.corpus.set(Some(Arc::new(view)));
            }
            Response::Network(view) => self.network.set(Some(Arc::new(view))),
            Response::Timeline(view) => self.timeline.set(Some(Arc::new(view))),
            Response::Contexts(view) => self.contexts.set(Some(Arc::new(view))),
            // The download itself is made where the bytes arrive (`components::corpus`).
            Response::Exported(_) => self.query_error.set(None),
            Response::QueryFailed(failed) => self.query_error.set(Some(failed.error.to_string())),
        }
    }

    /// Ids of every file in the list.
    pub fn ids(&self) -> Vec<FileId> {
        self.files
            .with_untracked(|files| files.iter().map(|f| f.id).collect())
    }

    /// Files finished and total in the current batch.
    pub fn progress(&self) -> (usize, usize) {
        let start = self.batch_start.get();
        self.files.with(|files| {
            let batch = files.get(start..).unwrap_or_default();
            let done = batch
                .iter()
                .filter(|f| f.state.with(FileState::is_finished))
                .count();
            (done, batch.len())
        })
    }
}
