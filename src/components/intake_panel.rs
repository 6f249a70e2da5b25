//! Ways in: drop anywhere on the window, the file and folder pickers, pasted text.

use leptos::ev;
use leptos::prelude::*;
use leptos::web_sys::{HtmlInputElement, HtmlTextAreaElement};

use super::{submit, WorkerSlot};
use crate::intake::{from_file_list, Dropped, Source};
use crate::state::Store;

/// Drop target (the whole window), pickers and the paste box.
#[component]
pub fn IntakePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let worker = expect_context::<WorkerSlot>();
    let dragging = RwSignal::new(false);
    let pasted = RwSignal::new(0u32);
    let paste_ref = NodeRef::<leptos::html::Textarea>::new();

    // Drops anywhere on the window.
    let over = window_event_listener(ev::dragover, move |ev| {
        ev.prevent_default();
        dragging.set(true);
    });
    let leave = window_event_listener(ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        ev.prevent_default();
        dragging.set(false);
        let Some(transfer) = ev.data_transfer() else {
            return;
        };
        let dropped = Dropped::take(&transfer);
        leptos::task::spawn_local(async move {
            submit(store, worker, dropped.into_sources().await);
        });
    });
    // Ctrl+V outside the text fields adds the clipboard's text.
    let add_text = move |text: String| {
        if text.trim().is_empty() {
            return;
        }
        pasted.update(|n| *n += 1);
        let name = format!("pasted-text-{}.txt", pasted.get_untracked());
        submit(store, worker, vec![Source::Text { name, text }]);
    };
    let paste = window_event_listener(ev::paste, move |ev| {
        let in_field = ev
            .target()
            .and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT"));
        if in_field {
            return;
        }
        if let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text").ok()) {
            ev.prevent_default();
            add_text(text);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
        paste.remove();
    });

    let on_pick = move |ev: ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            submit(store, worker, from_file_list(&list));
        }
        input.set_value("");
    };
    let analyze_paste = move |_| {
        if let Some(area) = paste_ref.get() {
            let area: HtmlTextAreaElement = area;
            add_text(area.value());
            area.set_value("");
        }
    };

    view! {
        <section class="intake" aria-labelledby="intake-title">
            <h2 id="intake-title">"Add articles"</h2>
            <p class="hint">"Drop article files or whole folders anywhere on this window."</p>
            <div class="pickers">
                <input id="pick-files" class="visually-hidden" type="file" multiple=true on:change=on_pick/>
                <label for="pick-files" class="button">"Choose files…"</label>
                <input id="pick-folder" class="visually-hidden" type="file" multiple=true prop:webkitdirectory=true
                    on:change=on_pick/>
                <label for="pick-folder" class="button">"Choose a folder…"</label>
            </div>
            <label for="paste-box" class="paste-label">"…or paste text:"</label>
            <textarea id="paste-box" node_ref=paste_ref rows="3"
                placeholder="Paste an article here"></textarea>
            <button type="button" class="button" on:click=analyze_paste>"Analyze pasted text"</button>
        </section>
        <div class="drop-overlay" class:active=move || dragging.get() aria-hidden="true">
            <p>"Drop to analyze"</p>
        </div>
    }
}
