//! # Entity Lens page
//!
//! A Leptos client-side-rendered app: people drop article files (or folders, or paste text), the
//! analysis Web Worker (`crates/worker`, loaded by `worker-shim.js`) runs the engine on them, and
//! this crate renders what comes back: the file list with each file's state, the open article
//! with its entities highlighted in displaCy's markup, a legend of label toggles and an entity
//! panel. The UI thread never analyzes anything, and file text is only ever inserted as text.
//!
//! Modules: [`state`] (the page's reactive store, fed by worker responses), [`pool`] (the
//! shared pool of analysis workers), [`worker`] (the page's handle on it), [`store`] (the
//! workspace saved in IndexedDB), [`intake`] (files from drops, pickers and pastes),
//! [`components`] (the views). The standalone page (`index.html` → `main.js`) calls [`mount`];
//! the `<entity-lens>` widget (`widget.js`) mounts [`widget`] into its shadow root, with the same
//! components.
#![forbid(unsafe_code)]

pub mod components;
pub mod intake;
pub mod pool;
pub mod state;
pub mod store;
pub mod widget;
pub mod worker;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the page into the element matching `selector` (the standalone page uses `#app`).
#[wasm_bindgen]
pub fn mount(selector: &str) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let target = leptos::prelude::document()
        .query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(&format!("no element matches {selector}")))?
        .dyn_into::<web_sys::HtmlElement>()?;
    leptos::mount::mount_to(target, components::App).forget();
    Ok(())
}
