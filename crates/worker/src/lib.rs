//! # Entity Lens worker
//!
//! The engine, compiled to wasm and run inside a module Web Worker (`worker-shim.js` loads this
//! module, calls [`load`] once, then [`handle`] for every message). The model is embedded in
//! this wasm and loaded once. Each analyzed document is kept in the worker's [`corpus`], so the
//! corpus questions (entities, network, timeline, contexts, exports) are answered here and
//! only their results cross to the UI thread as typed
//! [`Response`](entity_lens_protocol::Response)s (JSON strings; an export's bytes beside them).

pub mod corpus;

use std::cell::{OnceCell, RefCell};

use entity_lens_engine::Engine;
use entity_lens_protocol::{
    analyze, bundled_model, Analyzed, ArticleView, Exported, Failed, FileError, ModelFailed,
    QueryError, QueryFailed, Ready, Request, Response, Seq, Started,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::corpus::Corpus;

thread_local! {
    /// The engine, built once per worker: `Err` holds the model's load error for every file.
    static ENGINE: OnceCell<Result<Engine, String>> = const { OnceCell::new() };
    /// Every analyzed document.
    static CORPUS: RefCell<Corpus> = RefCell::new(Corpus::default());
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

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(response: &Response) -> Result<(), JsError> {
    scope()
        .post_message(&encode(response)?)
        .map_err(|e| JsError::new(&format!("postMessage failed: {e:?}")))
}

/// Posts `{json, bytes}`: the response and a transferred `ArrayBuffer`.
fn post_with_bytes(response: &Response, bytes: &[u8]) -> Result<(), JsError> {
    let array = js_sys::Uint8Array::from(bytes);
    let buffer = array.buffer();
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&message, &JsValue::from_str(key), value)
            .map_err(|e| JsError::new(&format!("building the message failed: {e:?}")))
    };
    set("json", &encode(response)?)?;
    set("bytes", &buffer)?;
    scope()
        .post_message_with_transfer(&message, &js_sys::Array::of1(&buffer))
        .map_err(|e| JsError::new(&format!("postMessage failed: {e:?}")))
}

fn engine_result<T>(f: impl FnOnce(&Result<Engine, String>) -> T) -> T {
    ENGINE.with(|cell| {
        f(cell.get_or_init(|| Engine::new(bundled_model()).map_err(|e| e.to_string())))
    })
}

/// Loads the model (once) and returns the `Ready` or `ModelFailed` message as JSON.
#[wasm_bindgen]
pub fn load() -> Result<JsValue, JsError> {
    let model = bundled_model();
    let t0 = now_ms();
    let response = engine_result(|engine| match engine {
        Ok(_) => Response::Ready(Ready {
            model_load_ms: now_ms() - t0,
            model_bytes: model.len(),
        }),
        Err(message) => Response::ModelFailed(ModelFailed {
            message: message.clone(),
        }),
    });
    encode(&response)
}

/// Analyzes one file with the loaded engine.
fn run(bytes: &[u8], raw: bool) -> Result<entity_lens_engine::Document, FileError> {
    engine_result(|engine| match engine {
        Ok(engine) => analyze(engine, bytes, raw),
        // Without a model, a file that cannot even be decoded still gets its own error.
        Err(message) => Err(match entity_lens_engine::decode::decode(bytes) {
            Err(e) => FileError::from(e),
            Ok(_) => FileError::ModelUnavailable {
                message: message.clone(),
            },
        }),
    })
}

fn failed(seq: Seq, error: QueryError) -> Response {
    Response::QueryFailed(QueryFailed { seq, error })
}

/// Handles one [`Request`] (a `serde-wasm-bindgen` value) and posts its answers.
#[wasm_bindgen]
pub fn handle(request: JsValue) -> Result<(), JsError> {
    let request: Request = serde_wasm_bindgen::from_value(request)?;
    match request {
        Request::Analyze(file) => {
            post(&Response::Started(Started { id: file.id }))?;
            let t0 = now_ms();
            let response = match run(&file.bytes, file.raw) {
                Ok(doc) => {
                    let article = ArticleView::from_document(&doc);
                    CORPUS.with_borrow_mut(|c| c.insert(file.id, &file.name, doc));
                    Response::Analyzed(Analyzed {
                        id: file.id,
                        article,
                        elapsed_ms: now_ms() - t0,
                    })
                }
                Err(error) => Response::Failed(Failed { id: file.id, error }),
            };
            post(&response)
        }
        Request::Forget(forget) => {
            CORPUS.with_borrow_mut(|c| c.forget(&forget.ids));
            Ok(())
        }
        Request::SetOverrides(overrides) => {
            CORPUS.with_borrow_mut(|c| c.set_overrides(overrides));
            Ok(())
        }
        Request::Corpus(q) => post(&Response::Corpus(CORPUS.with_borrow_mut(|c| c.view(q.seq)))),
        Request::Network(q) => post(&Response::Network(
            CORPUS.with_borrow_mut(|c| c.network(&q)),
        )),
        Request::Timeline(q) => post(&Response::Timeline(
            CORPUS.with_borrow_mut(|c| c.timeline(&q)),
        )),
        Request::Contexts(q) => post(&match CORPUS.with_borrow_mut(|c| c.contexts(&q)) {
            Ok(view) => Response::Contexts(view),
            Err(e) => failed(q.seq, e),
        }),
        Request::Export(q) => match CORPUS.with_borrow_mut(|c| c.export(q.format)) {
            Ok(bytes) => post_with_bytes(
                &Response::Exported(Exported {
                    seq: q.seq,
                    format: q.format,
                    bytes: bytes.len(),
                }),
                &bytes,
            ),
            Err(e) => post(&failed(q.seq, e)),
        },
    }
}

/// The view of one file as JSON (`{"article": …}` or `{"error": …}`), for the parity check
/// against the native build and for the benchmark. Not used by the page.
#[wasm_bindgen]
pub fn analyze_json(bytes: &[u8], raw: bool) -> Result<String, JsError> {
    let value = match run(bytes, raw) {
        Ok(doc) => serde_json::json!({ "article": ArticleView::from_document(&doc) }),
        Err(error) => serde_json::json!({ "error": error }),
    };
    Ok(value.to_string())
}
