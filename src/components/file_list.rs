//! The list of files with their states, and the batch's progress bar.

use leptos::prelude::*;

use crate::state::{FileRow, FileState, Store};

/// Every file added, its state, and a progress bar over the current batch.
#[component]
pub fn FileList() -> impl IntoView {
    let store = expect_context::<Store>();
    let progress = Memo::new(move |_| store.progress());
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
                <button type="button" class="button small" on:click=move |_| store.clear()
                    disabled=move || store.files.with(Vec::is_empty)>"Clear"</button>
            </div>
            <progress class="batch" max=move || progress.get().1.max(1) value=move || progress.get().0
                aria-label="Batch progress"></progress>
            <p class="batch-text" aria-live="polite">{summary}</p>
            <ul class="file-list">
                <For each=move || store.files.get() key=|row| row.id let:row>
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
                let n: usize = a.groups.iter().map(|g| g.mentions).sum();
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
