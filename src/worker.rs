//! The analysis worker, seen from the UI thread: spawns `worker-shim.js` as a module worker,
//! sends [`Request`]s, and hands each decoded [`Response`] to a callback (with the bytes that
//! travel beside an export's message).

use entity_lens_protocol::{Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker script, relative to the page (same origin: the page's CSP allows only `'self'`).
pub const WORKER_URL: &str = "worker-shim.js";

/// Why a message could not be sent or received.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("could not start the analysis worker: {0}")]
    Spawn(String),
    #[error("could not send to the analysis worker: {0}")]
    Send(String),
}

/// A JS exception as text (the one place JS errors become strings).
fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// A running worker; terminated when dropped.
pub struct AnalysisWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl AnalysisWorker {
    /// Starts the worker. `on_response` gets every message; `on_failure` gets a description when
    /// the worker itself fails (script or wasm could not load) or sends something undecodable.
    pub fn spawn(
        on_response: impl Fn(Response, Option<js_sys::ArrayBuffer>) + 'static,
        on_failure: impl Fn(String) + Clone + 'static,
    ) -> Result<Self, WorkerError> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name("entity-lens analysis");
        let worker = Worker::new_with_options(WORKER_URL, &options)
            .map_err(|e| WorkerError::Spawn(js_text(&e)))?;
        let fail = on_failure.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            // Text, or `{json, bytes}` when an export's bytes come along.
            let (json, bytes) = match data.as_string() {
                Some(json) => (Some(json), None),
                None => (
                    js_sys::Reflect::get(&data, &JsValue::from_str("json"))
                        .ok()
                        .and_then(|j| j.as_string()),
                    js_sys::Reflect::get(&data, &JsValue::from_str("bytes"))
                        .ok()
                        .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok()),
                ),
            };
            let Some(json) = json else {
                fail("the worker sent a message that is not text".to_owned());
                return;
            };
            match Response::from_json(&json) {
                Ok(response) => on_response(response, bytes),
                Err(e) => fail(e.to_string()),
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            on_failure(if message.is_empty() {
                "the worker script could not be loaded".to_owned()
            } else {
                message
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends one request (the bytes travel as a `Uint8Array`).
    pub fn send(&self, request: &Request) -> Result<(), WorkerError> {
        let value =
            serde_wasm_bindgen::to_value(request).map_err(|e| WorkerError::Send(e.to_string()))?;
        self.worker
            .post_message(&value)
            .map_err(|e| WorkerError::Send(js_text(&e)))
    }
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
