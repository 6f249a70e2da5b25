//! The page's state: the file list, the open article, hidden labels; updated from worker
//! [`Response`]s. Every update is O(1) in the number of files: states are found through an
//! index, and the batch's progress is counted as files finish (no rescans of the list).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use entity_lens_protocol::{
    ArticleView, ContextsView, CorpusView, EntityMode, FileError, FileId, Label, NetworkView,
    Progress, Response, SplitBatch, TimelineView,
};
use leptos::prelude::*;

/// Where one file is.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Waiting for the worker.
    Queued,
    /// The worker is on it (and, in a long text, how far it is).
    Analyzing(Option<Progress>),
    /// Analyzed.
    Done(Arc<ArticleView>),
    /// Could not be analyzed.
    Failed(FileError),
    /// Its batch was cancelled before it was analyzed.
    Cancelled,
    /// A file of several articles (a table, an export): this many entries follow it in the list,
    /// one per article.
    Split(usize),
}

impl FileState {
    /// The state's name, as written in the list's `data-state` attribute.
    pub fn key(&self) -> &'static str {
        match self {
            FileState::Queued => "queued",
            FileState::Analyzing(_) => "analyzing",
            FileState::Done(_) => "done",
            FileState::Failed(_) => "error",
            FileState::Cancelled => "cancelled",
            FileState::Split(_) => "split",
        }
    }

    /// Done, failed or cancelled.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            FileState::Done(_) | FileState::Failed(_) | FileState::Cancelled | FileState::Split(_)
        )
    }
}

/// One row of the file list.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub id: FileId,
    pub name: Arc<str>,
    pub state: RwSignal<FileState>,
    /// The file this article was split from (its entry is listed under it).
    pub parent: Option<FileId>,
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
    /// Bumped whenever files are analyzed (at most once per [`CORPUS_REFRESH_MS`] while a batch
    /// runs) or forgotten: corpus views ask the worker again.
    pub corpus_version: RwSignal<u64>,
    /// The batch's progress (for the progress bar and its ETA).
    pub batch: RwSignal<Batch>,
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
    /// What could not be saved in the browser (or why nothing is), worded for people.
    pub storage_error: RwSignal<Option<String>>,
    next_id: RwSignal<FileId>,
    /// Each file's state, by id.
    index: StoredValue<HashMap<FileId, RwSignal<FileState>>>,
    /// When [`Store::corpus_version`] was last bumped for analyzed files, and whether a bump
    /// is waiting.
    corpus_refresh: StoredValue<(f64, bool)>,
    /// Dropped tables, kept to read again with the text column the user chooses.
    tables: StoredValue<HashMap<FileId, web_sys::File>, LocalStorage>,
}

/// Least time between two refreshes of the corpus views (the entity table, the network...)
/// while files are analyzed: each refresh is a question to the corpus worker and an answer that
/// grows with the corpus, so a batch of thousands must not ask once per file.
pub const CORPUS_REFRESH_MS: f64 = 1000.0;

/// Progress of the current batch: files added since every earlier one had finished.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Batch {
    /// The batch's first file.
    pub first: FileId,
    pub total: usize,
    pub finished: usize,
    /// Files analyzed (not failed or cancelled), and their words.
    pub done: usize,
    pub words: usize,
    /// Bytes sent to the workers.
    pub bytes: usize,
    /// `performance.now()` when the batch started, in milliseconds.
    pub started_ms: f64,
    /// When its last file finished.
    pub finished_ms: Option<f64>,
}

impl Batch {
    /// Estimated milliseconds left, from the pace so far (`None` before the first file).
    pub fn eta_ms(&self, now_ms: f64) -> Option<f64> {
        if self.finished == 0 || self.finished >= self.total {
            return None;
        }
        let per_file = (now_ms - self.started_ms) / self.finished as f64;
        Some(per_file * (self.total - self.finished) as f64)
    }
}

/// `performance.now()` (0 where there is none).
pub fn now_ms() -> f64 {
    leptos::prelude::window()
        .performance()
        .map_or(0.0, |p| p.now())
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
            batch: RwSignal::new(Batch::default()),
            auto_open: RwSignal::new(false),
            model: RwSignal::new(ModelStatus::Loading),
            corpus: RwSignal::new(None),
            network: RwSignal::new(None),
            timeline: RwSignal::new(None),
            contexts: RwSignal::new(None),
            query_error: RwSignal::new(None),
            chosen: RwSignal::new(Vec::new()),
            storage_error: RwSignal::new(None),
            next_id: RwSignal::new(1),
            index: StoredValue::new(HashMap::new()),
            corpus_refresh: StoredValue::new((f64::NEG_INFINITY, false)),
            tables: StoredValue::new_local(HashMap::new()),
        }
    }

    /// Starts a batch of `len` files (call before [`Store::push`]ing them): one file opens at
    /// once; of several, the first to finish opens. The progress bar restarts when the earlier
    /// files have all finished.
    pub fn start_batch(&self, len: usize) {
        self.grow_batch(len);
        if len == 1 {
            self.selected.set(Some(self.next_id.get_untracked()));
            self.auto_open.set(false);
        } else if len > 1 {
            self.auto_open.set(true);
        }
    }

    /// Adds `len` files to the batch (a new one when the earlier files have all finished).
    fn grow_batch(&self, len: usize) {
        let all_finished = self.batch.with_untracked(|b| b.finished >= b.total);
        if all_finished {
            self.batch.set(Batch {
                first: self.next_id.get_untracked(),
                started_ms: now_ms(),
                ..Batch::default()
            });
        }
        self.batch.update(|b| {
            b.total += len;
            b.finished_ms = None;
        });
    }

    /// Counts bytes sent to the workers in this batch.
    pub fn note_bytes(&self, bytes: usize) {
        self.batch.update(|b| b.bytes += bytes);
    }

    /// Sets file `id`'s state, counting it in the batch's progress when it finishes.
    pub fn finish(&self, id: FileId, state: FileState) {
        let Some(signal) = self.state_of(id) else {
            return;
        };
        let was_finished = signal.with_untracked(FileState::is_finished);
        let now_finished = state.is_finished();
        let words = match &state {
            FileState::Done(a) => Some(a.words),
            _ => None,
        };
        signal.set(state);
        if !was_finished && now_finished {
            self.batch.update(|b| {
                if id >= b.first {
                    b.finished += 1;
                    if let Some(w) = words {
                        b.done += 1;
                        b.words += w;
                    }
                    if b.finished >= b.total {
                        b.finished_ms = Some(now_ms());
                    }
                }
            });
        }
    }

    /// Notes that the corpus has grown: bumps [`Store::corpus_version`] at once when the last
    /// bump is [`CORPUS_REFRESH_MS`] old, else once when it will be (one bump for all the files
    /// analyzed meanwhile).
    pub fn corpus_grew(&self) {
        let now = now_ms();
        let (last, waiting) = self.corpus_refresh.get_value();
        if waiting {
            return;
        }
        if now - last >= CORPUS_REFRESH_MS {
            self.corpus_refresh.set_value((now, false));
            self.corpus_version.update(|v| *v += 1);
            return;
        }
        self.corpus_refresh.set_value((last, true));
        let store = *self;
        set_timeout(
            move || {
                // A store gone meanwhile (a widget removed) is left alone.
                if store
                    .corpus_refresh
                    .try_set_value((now_ms(), false))
                    .is_none()
                {
                    store.corpus_version.try_update(|v| *v += 1);
                }
            },
            std::time::Duration::from_millis((last + CORPUS_REFRESH_MS - now).max(0.0) as u64),
        );
    }

    /// Marks files of a cancelled batch.
    pub fn cancel(&self, ids: &[FileId]) {
        for &id in ids {
            self.finish(id, FileState::Cancelled);
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
                parent: None,
            })
            .collect();
        if let Some(last) = rows.last() {
            self.next_id.set(last.id + 1);
            self.index.update_value(|index| {
                index.extend(rows.iter().map(|r| (r.id, r.state)));
            });
            self.files
                .update(|files| files.extend(rows.iter().cloned()));
        }
        rows
    }

    /// Lists a batch of the entries of `parent`, a file of several articles, after its earlier
    /// entries: each is queued, or failed with its error (a row that could not be read). The
    /// parent shows how many it has; the batch's progress counts the entries. Returns their ids.
    pub fn insert_entries(&self, parent: FileId, split: &SplitBatch) -> Vec<FileId> {
        let first = self.next_id.get_untracked();
        let rows: Vec<FileRow> = split
            .entries
            .iter()
            .zip(first..)
            .map(|(entry, id)| FileRow {
                id,
                name: entry.name.as_str().into(),
                state: RwSignal::new(FileState::Queued),
                parent: Some(parent),
            })
            .collect();
        let ids: Vec<FileId> = rows.iter().map(|r| r.id).collect();
        if let Some(last) = rows.last() {
            self.next_id.set(last.id + 1);
        }
        self.index
            .update_value(|index| index.extend(rows.iter().map(|r| (r.id, r.state))));
        self.batch.update(|b| {
            b.total += rows.len();
            b.finished_ms = None;
        });
        self.files.update(|files| {
            let at = files
                .iter()
                .position(|f| f.id == parent)
                .map_or(files.len(), |p| {
                    p + 1
                        + files[p + 1..]
                            .iter()
                            .take_while(|f| f.parent == Some(parent))
                            .count()
                });
            files.splice(at..at, rows);
        });
        for (entry, &id) in split.entries.iter().zip(&ids) {
            if let Some(error) = &entry.error {
                self.finish(id, FileState::Failed(error.clone()));
            }
        }
        let count = split.first + split.entries.len();
        self.finish(parent, FileState::Split(count));
        // The file itself has no article to show: its first one to finish opens instead.
        if self.selected.get_untracked() == Some(parent) {
            self.selected.set(None);
            self.auto_open.set(true);
        }
        ids
    }

    /// Adds rows for files restored from the browser's storage, under their saved ids, in list
    /// order (the articles of the rows still `Queued` arrive from the corpus worker; the first
    /// to arrive opens, unless an article is open). Called for one slice of them at a time.
    pub fn restore_rows(&self, rows: Vec<FileRow>) {
        let Some(last) = rows.iter().map(|r| r.id).max() else {
            return;
        };
        let first = rows.iter().map(|r| r.id).min().unwrap_or(last);
        self.grow_batch(rows.len());
        if self.selected.get_untracked().is_none() {
            self.auto_open.set(true);
        }
        self.batch.update(|b| b.first = b.first.min(first));
        self.next_id
            .update(|n| *n = (*n).max(last.saturating_add(1)));
        self.index
            .update_value(|index| index.extend(rows.iter().map(|r| (r.id, r.state))));
        // Rows restored finished (a split file, a row that could not be read) count at once.
        let finished: Vec<(FileId, FileState)> = rows
            .iter()
            .filter_map(|r| {
                let state = r.state.get_untracked();
                state.is_finished().then(|| {
                    r.state.set(FileState::Queued);
                    (r.id, state)
                })
            })
            .collect();
        self.files.update(|files| files.extend(rows));
        for (id, state) in finished {
            self.finish(id, state);
        }
    }

    /// Keeps a dropped table's file, to read it again with another text column.
    pub fn keep_table(&self, id: FileId, file: web_sys::File) {
        self.tables.update_value(|t| {
            t.insert(id, file);
        });
    }

    /// The dropped table of row `id`, if kept.
    pub fn table(&self, id: FileId) -> Option<web_sys::File> {
        self.tables.with_value(|t| t.get(&id).cloned())
    }

    /// Puts a finished row back in the queue (read again), counting it in the batch.
    pub fn requeue(&self, id: FileId) {
        let Some(signal) = self.state_of(id) else {
            return;
        };
        let all_finished = self.batch.with_untracked(|b| b.finished >= b.total);
        if all_finished {
            self.batch.set(Batch {
                first: id,
                started_ms: now_ms(),
                ..Batch::default()
            });
        }
        self.batch.update(|b| {
            b.total += 1;
            b.first = b.first.min(id);
            b.finished_ms = None;
        });
        signal.set(FileState::Queued);
        self.selected.set(Some(id));
    }

    /// Replaces every file with one row (a widget shows one article at a time).
    pub fn show_only(&self, row: FileRow) {
        self.index.update_value(|index| {
            index.clear();
            index.insert(row.id, row.state);
        });
        self.files.set(vec![row]);
    }

    /// Removes every file.
    pub fn clear(&self) {
        self.tables.update_value(HashMap::clear);
        self.files.set(Vec::new());
        self.index.update_value(HashMap::clear);
        self.selected.set(None);
        self.chosen.set(Vec::new());
        self.corpus_version.update(|v| *v += 1);
        self.batch.set(Batch {
            first: self.next_id.get_untracked(),
            ..Batch::default()
        });
        self.auto_open.set(false);
    }

    /// The state signal of file `id`.
    pub fn state_of(&self, id: FileId) -> Option<RwSignal<FileState>> {
        self.index.with_value(|index| index.get(&id).copied())
    }

    /// Fails every file that has not finished (the workers are gone).
    pub fn fail_unfinished(&self, error: &FileError) {
        let open: Vec<FileId> = self.files.with_untracked(|files| {
            files
                .iter()
                .filter(|f| !f.state.with_untracked(FileState::is_finished))
                .map(|f| f.id)
                .collect()
        });
        for id in open {
            self.finish(id, FileState::Failed(error.clone()));
        }
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
                    state.set(FileState::Analyzing(None));
                }
            }
            Response::Progress(progress) => {
                if let Some(state) = self.state_of(progress.id) {
                    if state.with_untracked(|s| matches!(s, FileState::Analyzing(_))) {
                        state.set(FileState::Analyzing(Some(progress)));
                    }
                }
            }
            Response::Analyzed(done) => {
                if self.state_of(done.id).is_some() {
                    self.finish(done.id, FileState::Done(Arc::new(done.article)));
                    self.corpus_grew();
                    if self.auto_open.get_untracked() {
                        self.auto_open.set(false);
                        // Opened in a task of its own (rendering an article is the longest
                        // step), unless the user opens another one meanwhile.
                        let store = *self;
                        let id = done.id;
                        let before = self.selected.get_untracked();
                        set_timeout(
                            move || {
                                if store.selected.try_get_untracked() == Some(before) {
                                    store.selected.set(Some(id));
                                }
                            },
                            std::time::Duration::ZERO,
                        );
                    }
                }
            }
            Response::Failed(failed) => self.finish(failed.id, FileState::Failed(failed.error)),
            // The pool gives a split file's entries to the list itself (`Store::insert_entries`).
            Response::Split(_) => {}
            Response::Crashed(crashed) => {
                let error = FileError::WorkerCrashed {
                    message: crashed.message,
                };
                match crashed.id.filter(|&id| self.state_of(id).is_some()) {
                    Some(id) => self.finish(id, FileState::Failed(error)),
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
        self.batch.with(|b| (b.finished, b.total))
    }
}
