//! The list of files with their states, and the batch's progress bar (with an estimate of the
//! time left and a cancel button). Long lists are virtualized: only the rows in view (and a
//! few around them) are in the DOM.

use std::collections::HashSet;

use entity_lens_protocol::{FileError, FileId, Forget, Request};
use leptos::prelude::*;

use super::corpus::ask;
use super::WorkerSlot;
use crate::state::{now_ms, FileRow, FileState, Store};

/// Lists up to this long are rendered whole; longer ones only around what is in view.
const VIRTUAL_FROM: usize = 400;
/// Height of a row in CSS pixels (`.file-list.virtual .file` in the style).
const ROW_PX: f64 = 38.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 10;
/// Height of the list's viewport when it is not known yet.
const VIEWPORT_PX: f64 = 480.0;

/// "about 3 min left", "about 20 s left".
fn eta_text(ms: f64) -> String {
    let s = (ms / 1000.0).ceil() as u64;
    if s >= 120 {
        format!("about {} min left", s.div_ceil(60))
    } else {
        format!("about {s} s left")
    }
}

/// Every file added, its state, and a progress bar over the current batch.
#[component]
pub fn FileList() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let progress = Memo::new(move |_| store.progress());
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(VIEWPORT_PX);
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    // Ticks once a second while a batch runs, for the ETA.
    let tick = RwSignal::new(0u32);
    let ticker: StoredValue<Option<gloo::timers::callback::Interval>, LocalStorage> =
        StoredValue::new_local(Some(gloo::timers::callback::Interval::new(
            1000,
            move || {
                if store.batch.with_untracked(|b| b.finished < b.total) {
                    tick.update(|t| *t = t.wrapping_add(1));
                }
            },
        )));
    on_cleanup(move || ticker.set_value(None));
    // With entities chosen in a corpus view: the articles that mention one of them.
    let allowed = Memo::new(move |_| {
        let chosen = store.chosen.get();
        if chosen.is_empty() {
            return None;
        }
        let c = store.corpus.get()?;
        let picked: HashSet<usize> = c
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| chosen.contains(&e.id))
            .map(|(i, _)| i)
            .collect();
        Some(
            c.articles
                .iter()
                .filter(|a| a.counts.iter().any(|x| picked.contains(&x.entity)))
                .map(|a| a.file)
                .collect::<HashSet<FileId>>(),
        )
    });
    // The ids shown (all, or those mentioning a chosen entity), then the window of them in view.
    let shown_len = Memo::new(move |_| {
        let allowed = allowed.get();
        store.files.with(|files| match &allowed {
            None => files.len(),
            Some(a) => files.iter().filter(|f| a.contains(&f.id)).count(),
        })
    });
    // Virtual as soon as a long list is coming (the batch's size is known at the drop), so rows
    // are never all rendered while it fills.
    let virtual_list = Memo::new(move |_| {
        shown_len.get() > VIRTUAL_FROM || store.batch.with(|b| b.total) > VIRTUAL_FROM
    });
    let window = Memo::new(move |_| {
        let len = shown_len.get();
        if !virtual_list.get() {
            return (0, len);
        }
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_PX).ceil() as usize + 2 * OVERSCAN;
        (first.min(len), (first + count).min(len))
    });
    let shown = move || {
        let allowed = allowed.get();
        let (from, to) = window.get();
        store.files.with(|files| match &allowed {
            None => files.get(from..to).unwrap_or_default().to_vec(),
            Some(a) => files
                .iter()
                .filter(|f| a.contains(&f.id))
                .skip(from)
                .take(to - from)
                .cloned()
                .collect::<Vec<_>>(),
        })
    };
    // Heights are set through the CSSOM (`style:`), which the page's CSP allows (a `style`
    // attribute is inline style, refused).
    let pad_top = move || {
        let (from, _) = window.get();
        format!("{}px", from as f64 * ROW_PX)
    };
    let pad_bottom = move || {
        let (_, to) = window.get();
        format!("{}px", (shown_len.get() - to) as f64 * ROW_PX)
    };
    let on_scroll = move |_| {
        if let Some(list) = list_ref.get_untracked() {
            scroll_top.set(f64::from(list.scroll_top()));
            viewport.set(f64::from(list.client_height()).max(ROW_PX));
        }
    };
    let filter_note = move || {
        let n = allowed.get()?.len();
        let names = store.chosen.get();
        let names = store.corpus.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.entities
                        .iter()
                        .filter(|e| names.contains(&e.id))
                        .map(|e| e.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        });
        Some(view! {
            <p class="file-filter" aria-live="polite">
                {format!("{n} article{} mentioning {names}", if n == 1 { "" } else { "s" })}
                " "
                <button type="button" class="button small show-all" on:click=move |_| store.chosen.set(Vec::new())>"Show all"</button>
            </p>
        })
    };
    // Clears the workspace: the list, the corpus worker's documents and what this browser saved.
    let clear = move |_| {
        let ids = worker.with_value(|w| w.as_ref().map(|w| w.cancel()).unwrap_or_default());
        store.cancel(&ids);
        ask(store, worker, Request::Forget(Forget { ids: store.ids() }));
        store.clear();
        crate::store::clear(store);
    };
    let storage_error = move || {
        store
            .storage_error
            .get()
            .map(|m| view! { <p class="error storage-error" role="alert">{m}</p> })
    };
    let running = move || store.batch.with(|b| b.finished < b.total);
    let cancel = move |_| {
        let ids = worker.with_value(|w| w.as_ref().map(|w| w.cancel()).unwrap_or_default());
        store.cancel(&ids);
    };
    let summary = move || {
        let (done, total) = progress.get();
        if total == 0 {
            return "No files yet.".to_owned();
        }
        tick.track();
        let batch = store.batch.get();
        let mut text = format!("{done} of {total} analyzed");
        if let Some(eta) = batch.eta_ms(now_ms()) {
            text.push_str(" · ");
            text.push_str(&eta_text(eta));
        } else if let Some(end) = batch.finished_ms.filter(|_| batch.words > 0) {
            let seconds = ((end - batch.started_ms) / 1000.0).max(0.001);
            text.push_str(&format!(" · {} words in {seconds:.1} s", batch.words));
        }
        text
    };
    view! {
        <section class="files" aria-labelledby="files-title">
            <div class="files-head">
                <h2 id="files-title">"Files"</h2>
                <button type="button" class="button small clear-workspace" on:click=clear
                    title="Remove every file, also from this browser's storage"
                    disabled=move || store.files.with(Vec::is_empty)>"Clear"</button>
            </div>
            {storage_error}
            <progress class="batch" max=move || progress.get().1.max(1) value=move || progress.get().0
                aria-label="Batch progress"></progress>
            <div class="batch-line">
                <p class="batch-text" aria-live="polite" data-finished=move || progress.get().0
                    data-total=move || progress.get().1>{summary}</p>
                {move || running().then(|| view! {
                    <button type="button" class="button small cancel-batch" on:click=cancel>"Cancel"</button>
                })}
            </div>
            {filter_note}
            <ul class="file-list" class:virtual=move || virtual_list.get() node_ref=list_ref on:scroll=on_scroll
                data-rows=move || shown_len.get()>
                <li class="file-pad" aria-hidden="true" style:height=pad_top hidden=move || !virtual_list.get()></li>
                <For each=shown key=|row| row.id let:row>
                    <FileItem row=row fixed=Signal::derive(move || virtual_list.get())/>
                </For>
                <li class="file-pad" aria-hidden="true" style:height=pad_bottom hidden=move || !virtual_list.get()></li>
            </ul>
        </section>
    }
}

/// One file: a button that opens it, its state, and its error (as an alert). A file of several
/// articles is followed by its entries (`file#row3`), marked as its own; a table whose text
/// column could not be found offers its columns to choose from.
#[component]
fn FileItem(
    /// The file.
    row: FileRow,
    /// Rows have one height (the list is virtualized).
    fixed: Signal<bool>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let id = row.id;
    let state = row.state;
    let name = row.name.to_string();
    let open = move |_| {
        store.auto_open.set(false);
        // A split file has no article of its own: its first entry opens.
        let target = if state.with_untracked(|s| matches!(s, FileState::Split(_))) {
            store.files.with_untracked(|files| {
                files
                    .iter()
                    .find(|f| f.parent == Some(id))
                    .map_or(id, |f| f.id)
            })
        } else {
            id
        };
        store.selected.set(Some(target));
    };
    let label = move || {
        state.with(|s| match s {
            FileState::Queued => "queued".to_owned(),
            FileState::Analyzing(None) => "analyzing…".to_owned(),
            FileState::Analyzing(Some(p)) => format!("analyzing… {}%", p.percent()),
            FileState::Done(a) => {
                let n: usize = a.groups.refined.iter().map(|g| g.mentions).sum();
                format!("done · {n} entities")
            }
            FileState::Failed(_) => "error".to_owned(),
            FileState::Cancelled => "cancelled".to_owned(),
            FileState::Split(n) => format!("{n} article{}", if *n == 1 { "" } else { "s" }),
        })
    };
    let error = move || {
        state.with(|s| match s {
            FileState::Failed(e) => {
                let chooser = columns(e).map(|columns| {
                    view! { <ColumnChooser id=id columns=columns store=store worker=worker/> }
                });
                Some(view! { <p class="error" role="alert">{e.to_string()}</p> {chooser} })
            }
            _ => None,
        })
    };
    let entry_mark = row
        .parent
        .map(|_| view! { <span class="entry-mark" aria-hidden="true">"↳ "</span> });
    view! {
        <li class="file" class:entry=row.parent.is_some() data-file=name.clone()
            data-parent=row.parent.map(|p| p.to_string())
            data-state=move || state.with(FileState::key)
            style:height=move || if fixed.get() { "38px" } else { "" }
            style:box-sizing=move || if fixed.get() { "border-box" } else { "" }
            style:overflow=move || if fixed.get() { "hidden" } else { "" }>
            <button type="button" class="open" on:click=open
                aria-current=move || (store.selected.get() == Some(id)).then_some("true")>
                {entry_mark}{name.clone()}
            </button>
            <span class="state">{label}</span>
            {error}
        </li>
    }
}

/// The columns to choose the text from, when a table's could not be found (or the one asked
/// for is not there).
fn columns(error: &FileError) -> Option<Vec<String>> {
    match error {
        FileError::NoTextColumn { columns } | FileError::UnknownColumn { columns, .. } => {
            Some(columns.clone())
        }
        _ => None,
    }
}

/// A table's columns as buttons: choosing one reads the file again with it as the text column.
#[component]
fn ColumnChooser(
    /// The table's row in the list.
    id: FileId,
    /// Its columns, in order.
    columns: Vec<String>,
    store: Store,
    worker: WorkerSlot,
) -> impl IntoView {
    if store.table(id).is_none() {
        return view! {
            <p class="column-chooser">"Drop the file again to choose its text column."</p>
        }
        .into_any();
    }
    let buttons = columns
        .into_iter()
        .map(|column| {
            let c = column.clone();
            let choose = move |_| crate::worker::read_again(store, worker, id, c.clone());
            view! {
                <button type="button" class="button small choose-column" data-column=column.clone()
                    on:click=choose>{column.clone()}</button>
            }
        })
        .collect_view();
    view! {
        <div class="column-chooser" role="group" aria-label="Choose the text column">
            <span>"Text column: "</span>{buttons}
        </div>
    }
    .into_any()
}
