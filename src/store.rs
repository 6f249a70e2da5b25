//! The workspace kept in the browser (IndexedDB), so a reload or a crash loses nothing: every
//! analyzed file (its name and its document record: text, sentences, tokens, mentions; see
//! `entity_lens_protocol::DocumentRecord`) is saved as it arrives, and the user's choices
//! (hidden labels, raw or refined, hand merges and splits) whenever they change. At start the
//! saved files are given back to the corpus worker, which rebuilds each article's view, so
//! nothing is analyzed again.
//!
//! A file of several articles (a table, an export) is saved as a row of its own (`split`, with
//! its name) and its articles under it (`parent`); a row that could not be read is saved with
//! its error, so the list comes back as it was.
//!
//! The IndexedDB calls are in `store.js` (schema version and migrations there); this module
//! decides what is saved and when. One tab writes (it holds a Web Lock); another tab open on
//! the same workspace reads it at start and says that it saves nothing. A write the browser
//! refuses (storage full) is shown, naming what was not saved.

use std::collections::HashSet;

use std::collections::HashMap;

use entity_lens_protocol::{EntityMode, FileError, FileId, Label, Overrides, SplitBatch};
use js_sys::{Array, Reflect};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::WorkerSlot;
use crate::pool::js_text;
use crate::state::{FileRow, FileState, Store};

#[wasm_bindgen(module = "/src/store.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn open_workspace(on_error: &js_sys::Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn load_files(after: &JsValue, count: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn load_choices() -> Result<JsValue, JsValue>;
    fn save_file(file: &JsValue);
    fn save_choices(json: &str);
    #[wasm_bindgen(catch)]
    async fn clear_workspace() -> Result<JsValue, JsValue>;
}

/// The user's choices, as saved (JSON; fields may be added, never renamed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Choices {
    #[serde(default)]
    hidden: Vec<Label>,
    #[serde(default)]
    mode: EntityMode,
    #[serde(default)]
    overrides: Overrides,
}

thread_local! {
    /// Whether saving is on in this tab (set once the workspace is open and this tab writes).
    static SAVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The file each article of a split file came from, for saving it under its file.
    static PARENTS: std::cell::RefCell<HashMap<FileId, FileId>> =
        std::cell::RefCell::new(HashMap::new());
}

fn set(o: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

/// Saves an analyzed file (its record is the JSON string the analysis worker made).
pub fn save_done(id: FileId, name: &str, record: &JsValue) {
    if !SAVING.with(std::cell::Cell::get) {
        return;
    }
    let file = js_sys::Object::new();
    set(&file, "id", &JsValue::from(id));
    set(&file, "name", &JsValue::from_str(name));
    set(&file, "state", &JsValue::from_str("done"));
    set(&file, "record", record);
    if let Some(parent) = PARENTS.with_borrow(|p| p.get(&id).copied()) {
        set(&file, "parent", &JsValue::from(parent));
    }
    save_file(&file);
}

/// Notes a batch of the entries of split file `parent` (ids `ids`): the file is saved as a
/// `split` row, each entry that could not be read with its error; the others are saved as they
/// are analyzed ([`save_done`]).
pub fn save_split(parent: FileId, name: &str, split: &SplitBatch, ids: &[FileId]) {
    PARENTS.with_borrow_mut(|p| p.extend(ids.iter().map(|&id| (id, parent))));
    if !SAVING.with(std::cell::Cell::get) {
        return;
    }
    let file = js_sys::Object::new();
    set(&file, "id", &JsValue::from(parent));
    set(&file, "name", &JsValue::from_str(name));
    set(&file, "state", &JsValue::from_str("split"));
    let count = split.first + split.entries.len();
    set(&file, "articles", &JsValue::from(count as u32));
    save_file(&file);
    for (entry, &id) in split.entries.iter().zip(ids) {
        let Some(error) = &entry.error else { continue };
        let Ok(json) = serde_json::to_string(error) else {
            continue;
        };
        let file = js_sys::Object::new();
        set(&file, "id", &JsValue::from(id));
        set(&file, "name", &JsValue::from_str(&entry.name));
        set(&file, "state", &JsValue::from_str("error"));
        set(&file, "parent", &JsValue::from(parent));
        set(&file, "error", &JsValue::from_str(&json));
        save_file(&file);
    }
}

/// Empties the saved workspace (the page's "Clear" action).
pub fn clear(store: Store) {
    PARENTS.with_borrow_mut(HashMap::clear);
    leptos::task::spawn_local(async move {
        if let Err(e) = clear_workspace().await {
            store.storage_error.set(Some(format!(
                "The saved workspace could not be cleared: {}",
                js_text(&e)
            )));
        }
    });
}

/// Opens the saved workspace, gives its files back to the page and the corpus worker, restores
/// the choices, then saves whatever changes. Call once, after the worker pool has started.
pub fn start(store: Store, worker: WorkerSlot, overrides: RwSignal<Overrides>) {
    let restored = RwSignal::new(false);
    // Choices are saved whenever they change, once the saved ones are back.
    Effect::new(move |_| {
        let choices = Choices {
            hidden: {
                let mut h: Vec<Label> = store.hidden.get().into_iter().collect();
                h.sort();
                h
            },
            mode: store.mode.get(),
            overrides: overrides.get(),
        };
        if !restored.get() || !SAVING.with(std::cell::Cell::get) {
            return;
        }
        match serde_json::to_string(&choices) {
            Ok(json) => save_choices(&json),
            Err(e) => store
                .storage_error
                .set(Some(format!("Your choices could not be saved: {e}"))),
        }
    });
    leptos::task::spawn_local(async move {
        let on_error = Closure::<dyn Fn(String, Array)>::new(move |why: String, what: Array| {
            let names: Vec<String> = what.iter().filter_map(|n| n.as_string()).collect();
            let shown = if names.len() > 5 {
                format!("{} and {} more", names[..5].join(", "), names.len() - 5)
            } else {
                names.join(", ")
            };
            store
                .storage_error
                .set(Some(format!("Not saved in this browser ({why}): {shown}")));
        });
        let writer = match open_workspace(on_error.as_ref().unchecked_ref()).await {
            Ok(w) => w.as_bool().unwrap_or(false),
            Err(e) => {
                store.storage_error.set(Some(format!(
                    "This browser cannot keep the workspace, so a reload starts empty: {}",
                    js_text(&e)
                )));
                restored.set(true);
                return;
            }
        };
        // The callback lives as long as the page.
        on_error.forget();
        if !writer {
            store.storage_error.set(Some(
                "This workspace is open in another tab: what you do here is not saved.".to_owned(),
            ));
        }
        // New files are saved from now on; the restored ones are already saved.
        SAVING.with(|s| s.set(writer));
        if let Err(e) = restore(store, worker, overrides).await {
            store.storage_error.set(Some(format!(
                "The saved workspace could not be read: {}",
                js_text(&e)
            )));
        }
        restored.set(true);
    });
}

/// Saved files read per IndexedDB request (each page is read in a task of its own).
const LOAD_PER_TASK: u32 = 100;
/// Restored rows listed, and records handed to the corpus worker, per task.
const RESTORE_PER_TASK: usize = 50;

/// A saved file, as read back.
struct Saved {
    id: FileId,
    name: String,
    parent: Option<FileId>,
    state: FileState,
    /// The record (a JS string, handed on unread), for a file that was analyzed.
    record: Option<JsValue>,
}

fn get(o: &JsValue, k: &str) -> Option<JsValue> {
    Reflect::get(o, &JsValue::from_str(k)).ok()
}

/// One saved file's row (`None` for a row this build cannot read).
fn saved(file: &JsValue) -> Option<Saved> {
    let id = get(file, "id")?.as_f64()? as FileId;
    let name = get(file, "name")?.as_string()?;
    let parent = get(file, "parent")
        .and_then(|v| v.as_f64())
        .map(|p| p as FileId);
    let text = |k: &str| get(file, k).and_then(|v| v.as_string());
    let (state, record) = match text("state").as_deref() {
        Some("split") => {
            let n = get(file, "articles")
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            (FileState::Split(n as usize), None)
        }
        Some("error") => {
            let error = serde_json::from_str::<FileError>(&text("error")?).ok()?;
            (FileState::Failed(error), None)
        }
        _ => (
            FileState::Queued,
            Some(get(file, "record").filter(JsValue::is_string)?),
        ),
    };
    Some(Saved {
        id,
        name,
        parent,
        state,
        record,
    })
}

/// Gives the saved files back (rows, then their records to the corpus worker, which answers
/// with each article's view) and restores the choices. Every step is a short task: the files
/// are read a page at a time, listed and handed on in slices.
async fn restore(
    store: Store,
    worker: WorkerSlot,
    overrides: RwSignal<Overrides>,
) -> Result<(), JsValue> {
    let mut rows: Vec<Saved> = Vec::new();
    let mut after = JsValue::NULL;
    loop {
        let page: Array = load_files(&after, LOAD_PER_TASK).await?.unchecked_into();
        let n = page.length();
        rows.extend(page.iter().filter_map(|f| saved(&f)));
        // The next page starts after the last id read (ids are the store's keys).
        match get(&page.get(n.saturating_sub(1)), "id").filter(|id| id.as_f64().is_some()) {
            Some(last) if n == LOAD_PER_TASK => after = last,
            _ => break,
        }
    }
    PARENTS.with_borrow_mut(|p| {
        p.extend(rows.iter().filter_map(|r| Some((r.id, r.parent?))));
    });
    // The list's order: each file, then the articles split from it.
    rows.sort_by_key(|r| (r.parent.unwrap_or(r.id), r.parent.is_some(), r.id));
    let yield_now = || gloo_timers::future::TimeoutFuture::new(0);
    for chunk in rows.chunks(RESTORE_PER_TASK) {
        store.restore_rows(
            chunk
                .iter()
                .map(|r| FileRow {
                    id: r.id,
                    name: r.name.as_str().into(),
                    state: RwSignal::new(r.state.clone()),
                    parent: r.parent,
                })
                .collect(),
        );
        yield_now().await;
    }
    for chunk in rows.chunks(RESTORE_PER_TASK) {
        let sent = worker.with_value(|w| {
            let Some(w) = w else { return Ok(()) };
            chunk.iter().try_for_each(|r| match &r.record {
                Some(record) => w.restore(r.id, r.parent, &r.name, record),
                None => Ok(()),
            })
        });
        if let Err(e) = sent {
            store.query_error.set(Some(e.to_string()));
            break;
        }
        yield_now().await;
    }
    let choices = load_choices().await?;
    let choices: Option<Choices> = choices
        .as_string()
        .and_then(|json| serde_json::from_str(&json).ok());
    if let Some(c) = choices {
        store
            .hidden
            .set(c.hidden.into_iter().collect::<HashSet<_>>());
        store.mode.set(c.mode);
        if c.overrides != Overrides::default() {
            overrides.set(c.overrides);
        }
    }
    Ok(())
}
