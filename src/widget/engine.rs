//! The analysis engine shared by every `<entity-lens>` widget of a page: one worker, started by
//! the first widget that needs it, whose responses are routed to the widget that asked.
//!
//! [`shared`] is the one place a widget gets its engine connection (the worker pool replaces
//! it). The worker script is served with the widget's assets, often from another origin than
//! the host page; browsers refuse a cross-origin worker script whatever its CORS headers, so the
//! worker then starts from a one-line `blob:` module that imports the real script (the host's
//! CSP must allow `worker-src blob:` and `script-src ASSETS`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use entity_lens_protocol::{AnalyzeFile, FileId, Forget, Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker, WorkerOptions};

use crate::state::ModelStatus;

/// Why the engine could not be reached.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    #[error("could not start the analysis worker: {0}")]
    Spawn(String),
    #[error("could not send to the analysis worker: {0}")]
    Send(String),
}

/// A JS exception as text (the one place this module turns JS errors into strings).
fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// What a widget hears from the engine: the model's status and the answers about its files.
pub type Listener = Rc<dyn Fn(&Response)>;

#[derive(Default)]
struct Routes {
    /// Every subscribed widget, by key.
    listeners: HashMap<u64, Listener>,
    /// Which widget sent each file.
    owners: HashMap<FileId, u64>,
    status: Option<ModelStatus>,
    /// The `blob:` URL the worker started from (revoked once the worker answers).
    blob_url: Option<String>,
}

/// The page's one analysis worker.
pub struct SharedEngine {
    worker: Worker,
    routes: Rc<RefCell<Routes>>,
    next_id: Cell<FileId>,
    next_key: Cell<u64>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<SharedEngine>>> = const { RefCell::new(None) };
    static STARTED: Cell<u32> = const { Cell::new(0) };
}

/// The page's engine, started on first use. `asset_base` is the absolute URL of the folder
/// holding `worker-shim.js` and `pkg/` (where `widget.js` was loaded from).
pub fn shared(asset_base: &str) -> Result<Rc<SharedEngine>, EngineError> {
    if let Some(engine) = ENGINE.with(|e| e.borrow().clone()) {
        return Ok(engine);
    }
    let engine = Rc::new(SharedEngine::start(asset_base)?);
    STARTED.with(|s| s.set(s.get() + 1));
    ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
    Ok(engine)
}

/// How many engines this page started (one, or zero before the first widget is seen).
pub fn started() -> u32 {
    STARTED.with(Cell::get)
}

/// Creates the worker: directly when the script is on the page's origin, through a `blob:`
/// module importing it otherwise. Returns the worker and the `blob:` URL, if one was made.
fn spawn(asset_base: &str) -> Result<(Worker, Option<String>), JsValue> {
    let script = Url::new_with_base("worker-shim.js", asset_base)?;
    let options = WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    options.set_name("entity-lens analysis");
    let here = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .location()
        .origin()?;
    if script.origin() == here {
        return Ok((Worker::new_with_options(&script.href(), &options)?, None));
    }
    let specifier = js_sys::JSON::stringify(&JsValue::from_str(&script.href()))?;
    let source = format!("import {};", String::from(specifier));
    let bag = BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&source.into()), &bag)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let worker = Worker::new_with_options(&url, &options)?;
    Ok((worker, Some(url)))
}

impl SharedEngine {
    fn start(asset_base: &str) -> Result<Self, EngineError> {
        let (worker, blob_url) = spawn(asset_base).map_err(|e| EngineError::Spawn(js_text(&e)))?;
        let routes = Rc::new(RefCell::new(Routes {
            blob_url,
            ..Routes::default()
        }));
        let r = routes.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // A JSON string, or `{json, record}` (an analysis with its corpus record, which
            // widgets keep no corpus of) or `{json, bytes}` (exports, which widgets never ask).
            let data = event.data();
            let json = data.as_string().or_else(|| {
                js_sys::Reflect::get(&data, &JsValue::from_str("json"))
                    .ok()
                    .and_then(|j| j.as_string())
            });
            let response = match json.map(|j| Response::from_json(&j)) {
                Some(Ok(response)) => response,
                Some(Err(_)) | None => return,
            };
            route(&r, &response);
        });
        let r = routes.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let message = match event.message() {
                m if m.is_empty() => "the worker script could not be loaded".to_owned(),
                m => m,
            };
            route(
                &r,
                &Response::Crashed(entity_lens_protocol::Crashed { id: None, message }),
            );
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            routes,
            next_id: Cell::new(1),
            next_key: Cell::new(1),
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Subscribes a widget; returns its key (for [`SharedEngine::analyze`] and
    /// [`SharedEngine::leave`]). The listener hears the model's status at once if it is known.
    pub fn join(&self, listener: Listener) -> u64 {
        let key = self.next_key.get();
        self.next_key.set(key + 1);
        let status = self.routes.borrow().status.clone();
        match status {
            Some(ModelStatus::Ready { load_ms }) => {
                listener(&Response::Ready(entity_lens_protocol::Ready {
                    model_load_ms: load_ms,
                    model_bytes: 0,
                }))
            }
            Some(ModelStatus::Failed(message)) => {
                listener(&Response::ModelFailed(entity_lens_protocol::ModelFailed {
                    message,
                }))
            }
            _ => {}
        }
        self.routes.borrow_mut().listeners.insert(key, listener);
        key
    }

    /// Unsubscribes a widget and lets the worker forget its files.
    pub fn leave(&self, key: u64) {
        let ids: Vec<FileId> = {
            let mut routes = self.routes.borrow_mut();
            routes.listeners.remove(&key);
            let ids = routes
                .owners
                .iter()
                .filter(|(_, k)| **k == key)
                .map(|(id, _)| *id)
                .collect();
            routes.owners.retain(|_, k| *k != key);
            ids
        };
        self.forget(ids);
    }

    /// Lets the worker drop files it keeps for corpus questions (widgets ask none).
    pub fn forget(&self, ids: Vec<FileId>) {
        if ids.is_empty() {
            return;
        }
        {
            let mut routes = self.routes.borrow_mut();
            for id in &ids {
                routes.owners.remove(id);
            }
        }
        // Best effort: a worker that cannot take it has nothing to keep either.
        let _ = self.send(&Request::Forget(Forget { ids }));
    }

    /// Sends one text or file for widget `key`; returns the file's id.
    pub fn analyze(
        &self,
        key: u64,
        name: String,
        bytes: Vec<u8>,
        raw: bool,
    ) -> Result<FileId, EngineError> {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.routes.borrow_mut().owners.insert(id, key);
        self.send(&Request::Analyze(AnalyzeFile {
            id,
            name,
            raw,
            bytes,
            text_column: None,
        }))?;
        Ok(id)
    }

    fn send(&self, request: &Request) -> Result<(), EngineError> {
        let value =
            serde_wasm_bindgen::to_value(request).map_err(|e| EngineError::Send(e.to_string()))?;
        self.worker
            .post_message(&value)
            .map_err(|e| EngineError::Send(js_text(&e)))
    }
}

/// Hands a response to the widgets it concerns: the model's status to all, a file's answer to
/// the widget that sent the file.
fn route(routes: &Rc<RefCell<Routes>>, response: &Response) {
    let listeners: Vec<Listener> = {
        let mut r = routes.borrow_mut();
        let owner = match response {
            Response::Ready(ready) => {
                r.status = Some(ModelStatus::Ready {
                    load_ms: ready.model_load_ms,
                });
                None
            }
            Response::ModelFailed(failed) => {
                r.status = Some(ModelStatus::Failed(failed.message.clone()));
                None
            }
            Response::Crashed(crashed) => {
                if r.status.is_none() && crashed.id.is_none() {
                    r.status = Some(ModelStatus::Failed(crashed.message.clone()));
                }
                crashed.id
            }
            Response::Started(s) => Some(s.id),
            Response::Analyzed(a) => Some(a.id),
            Response::Failed(f) => Some(f.id),
            _ => return,
        };
        if matches!(response, Response::Ready(_) | Response::ModelFailed(_)) {
            if let Some(url) = r.blob_url.take() {
                let _ = Url::revoke_object_url(&url);
            }
        }
        match owner {
            Some(id) => r
                .owners
                .get(&id)
                .and_then(|k| r.listeners.get(k))
                .cloned()
                .into_iter()
                .collect(),
            None => r.listeners.values().cloned().collect(),
        }
    };
    for listener in listeners {
        listener(response);
    }
}
