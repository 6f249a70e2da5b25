//! The list of files with their states, and the batch's progress bar.

use std::collections::HashSet;

use entity_lens_protocol::{FileId, Forget, Request};
use leptos::prelude::*;

use super::corpus::ask;
use super::WorkerSlot;
use crate::state::{FileRow, FileState, Store};

/// Every file added, its state, and a progress bar over the current batch.
#[component]
pub fn FileList() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let progress = Memo::new(move |_| store.progress());
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
    let shown = move || {
        let allowed = allowed.get();
        store.files.with(|files| {
            files
                .iter()
                .filter(|f| allowed.as_ref().is_none_or(|a| a.contains(&f.id)))
                .cloned()
                .collect::<Vec<_>>()
        })
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
    let clear = move |_| {
        ask(store, worker, Request::Forget(Forget { ids: store.ids() }));
        store.clear();
    };
    let summary = move || {
        let (done, total) = progress.get();
        if total == 0 {
            "No files yet.".to_owned()
        } else {
            format!("{done} of {total} analyzed")
        }
    };
    view! {
        <section class="files" aria-labelledby="files-title">
            <div class="files-head">
                <h2 id="files-title">"Files"</h2>
                <button type="button" class="button small" on:click=clear
                    disabled=move || store.files.with(Vec::is_empty)>"Clear"</button>
            </div>
            <progress class="batch" max=move || progress.get().1.max(1) value=move || progress.get().0
                aria-label="Batch progress"></progress>
            <p class="batch-text" aria-live="polite">{summary}</p>
            {filter_note}
            <ul class="file-list">
                <For each=shown key=|row| row.id let:row>
                    <FileItem row=row/>
                </For>
            </ul>
        </section>
    }
}

/// One file: a button that opens it, its state, and its error (as an alert).
#[component]
fn FileItem(
    /// The file.
    row: FileRow,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = row.id;
    let state = row.state;
    let name = row.name.to_string();
    let open = move |_| {
        store.auto_open.set(false);
        store.selected.set(Some(id));
    };
    let label = move || {
        state.with(|s| match s {
            FileState::Queued => "queued".to_owned(),
            FileState::Analyzing => "analyzing…".to_owned(),
            FileState::Done(a) => {
                let n: usize = a.groups.refined.iter().map(|g| g.mentions).sum();
                format!("done · {n} entities")
            }
            FileState::Failed(_) => "error".to_owned(),
        })
    };
    let error = move || {
        state.with(|s| match s {
            FileState::Failed(e) => {
                Some(view! { <p class="error" role="alert">{e.to_string()}</p> })
            }
            _ => None,
        })
    };
    view! {
        <li class="file" data-file=name.clone() data-state=move || state.with(FileState::key)>
            <button type="button" class="open" on:click=open
                aria-current=move || (store.selected.get() == Some(id)).then_some("true")>
                {name.clone()}
            </button>
            <span class="state">{label}</span>
            {error}
        </li>
    }
}
