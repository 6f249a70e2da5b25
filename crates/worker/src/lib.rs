//! # Entity Lens worker
//!
//! The engine, compiled to wasm and run inside a module Web Worker (`worker-shim.js` loads this
//! module, calls [`load`] once, then [`handle`] for every message). The model is embedded in
//! this wasm and loaded once; each request is answered with typed
//! [`Response`](entity_lens_protocol::Response)s posted as JSON strings.

use std::cell::OnceCell;

use entity_lens_engine::Engine;
use entity_lens_protocol::{
    analyze, bundled_model, Analyzed, Failed, FileError, ModelFailed, Ready, Request, Response,
    Started,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The engine, built once per worker: `Err` holds the model's load error for every file.
    static ENGINE: OnceCell<Result<Engine, String>> = const { OnceCell::new() };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Converts a response to the JSON string that is posted (one place for the encoding error).
fn encode(response: &Response) -> Result<JsValue, JsError> {
    let json = response
        .to_json()
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(JsValue::from_str(&json))
}

fn post(response: &Response) -> Result<(), JsError> {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope
        .post_message(&encode(response)?)
        .map_err(|e| JsError::new(&format!("postMessage failed: {e:?}")))
}

/// Loads the model (once) and returns the `Ready` or `ModelFailed` message as JSON.
#[wasm_bindgen]
pub fn load() -> Result<JsValue, JsError> {
    let model = bundled_model();
    let t0 = now_ms();
    let response = ENGINE.with(|cell| {
        let engine = cell.get_or_init(|| Engine::new(model).map_err(|e| e.to_string()));
        match engine {
            Ok(_) => Response::Ready(Ready {
                model_load_ms: now_ms() - t0,
                model_bytes: model.len(),
            }),
            Err(message) => Response::ModelFailed(ModelFailed {
                message: message.clone(),
            }),
        }
    });
    encode(&response)
}

/// Analyzes one file with the loaded engine (the shared code path of worker and native dump).
fn run(bytes: &[u8], raw: bool) -> Result<entity_lens_protocol::ArticleView, FileError> {
    ENGINE.with(|cell| {
        match cell.get_or_init(|| Engine::new(bundled_model()).map_err(|e| e.to_string())) {
            Ok(engine) => analyze(engine, bytes, raw),
            // Without a model, a file that cannot even be decoded still gets its own error.
            Err(message) => Err(match entity_lens_engine::decode::decode(bytes) {
                Err(e) => FileError::from(e),
                Ok(_) => FileError::ModelUnavailable {
                    message: message.clone(),
                },
            }),
        }
    })
}

/// Handles one [`Request`] (a `serde-wasm-bindgen` value): posts `Started`, then `Analyzed`
/// or `Failed`.
#[wasm_bindgen]
pub fn handle(request: JsValue) -> Result<(), JsError> {
    let request: Request = serde_wasm_bindgen::from_value(request)?;
    match request {
        Request::Analyze(file) => {
            post(&Response::Started(Started { id: file.id }))?;
            let t0 = now_ms();
            let response = match run(&file.bytes, file.raw) {
                Ok(article) => Response::Analyzed(Analyzed {
                    id: file.id,
                    article,
                    elapsed_ms: now_ms() - t0,
                }),
                Err(error) => Response::Failed(Failed { id: file.id, error }),
            };
            post(&response)
        }
        _ => Err(JsError::new("unknown request")),
    }
}

/// The view of one file as JSON (`{"article": …}` or `{"error": …}`), for the parity check
/// against the native build and for the benchmark. Not used by the page.
#[wasm_bindgen]
pub fn analyze_json(bytes: &[u8], raw: bool) -> Result<String, JsError> {
    let value = match run(bytes, raw) {
        Ok(article) => serde_json::json!({ "article": article }),
        Err(error) => serde_json::json!({ "error": error }),
    };
    Ok(value.to_string())
}
