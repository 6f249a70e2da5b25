//! # Entity Lens worker
//!
//! The engine, compiled to wasm and run inside a module Web Worker (`worker-shim.js` loads this
//! module, calls [`load`] once, then [`handle`] for every message). The page runs several of
//! them (`src/pool.rs`) in two roles, told apart by the worker's name:
//!
//! - an **analysis worker** loads the model (embedded in this wasm) once and answers
//!   `Analyze` with `Analyzed` (the article's text and spans beside its JSON, see
//!   [`entity_lens_protocol::bulk`]) plus the document's compact record;
//! - the **corpus worker** ([`CORPUS_WORKER_NAME`]) loads no model: it keeps the records the page
//!   forwards (`Keep`) in its [`corpus`] and answers the corpus questions (entities, network,
//!   timeline, contexts, exports); only their results cross to the UI thread as typed
//!   [`Response`]s (JSON strings; an export's bytes beside them).
//!
//! A panic posts `Crashed` with its message and the file being analyzed (the panic hook), before
//! the wasm traps; the page then replaces the worker.

pub mod corpus;

use std::cell::{Cell, OnceCell, RefCell};

use entity_lens_engine::Engine;
use entity_lens_protocol::{
    analyze, analyze_item_with_progress, bundled_model, read, AnalyzeFile, AnalyzeItem, Analyzed,
    ArticleView, Crashed, DocumentRecord, Exported, Failed, FileError, FileId, ItemRecord,
    ModelFailed, Progress, QueryError, QueryFailed, Reading, Ready, Request, Response, Seq,
    Started, CORPUS_WORKER_NAME, MAX_FILE_BYTES, PROGRESS_INTERVAL_MS,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::corpus::Corpus;

thread_local! {
    /// The engine, built once per worker: `Err` holds the model's load error for every file.
    static ENGINE: OnceCell<Result<Engine, String>> = const { OnceCell::new() };
    /// Every analyzed document (in the corpus worker).
    static CORPUS: RefCell<Corpus> = RefCell::new(Corpus::default());
    /// The file being analyzed, for the panic hook's message.
    static CURRENT: Cell<Option<FileId>> = const { Cell::new(None) };
}

/// Installs the panic hook (once): a panic posts `Crashed` with its message and the file being
/// analyzed, and logs it, instead of the bare "unreachable" of the trap that follows.
fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = format!("the engine panicked: {payload}{place}");
            web_sys::console::error_1(&JsValue::from_str(&message));
            let id = CURRENT.with(Cell::get);
            // Best effort: the trap follows whatever happens here.
            let _ = post(&Response::Crashed(Crashed { id, message }));
        }));
    });
}

/// Whether this worker is the corpus worker (by its name, see [`CORPUS_WORKER_NAME`]).
fn is_corpus_worker() -> bool {
    scope().name() == CORPUS_WORKER_NAME
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

/// Posts an analyzed article (fresh or restored, one code path) as `{json, text, spans,
/// record?}`: the response without the article's bulk, its text as a string, its mentions and
/// paragraphs as a transferred `ArrayBuffer` of `u32`s (see `entity_lens_protocol::bulk`), and
/// for a fresh analysis the document's record (JSON) for the corpus worker.
fn post_analyzed(response: Response, record: Option<&DocumentRecord>) -> Result<(), JsError> {
    let (json, bulk) = response
        .to_parts()
        .map_err(|e| JsError::new(&e.to_string()))?;
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&message, &JsValue::from_str(key), value)
            .map_err(|e| JsError::new(&format!("building the message failed: {e:?}")))
    };
    set("json", &JsValue::from_str(&json))?;
    let transfer = js_sys::Array::new();
    if let Some(bulk) = bulk {
        set("text", &JsValue::from_str(&bulk.text))?;
        let spans = js_sys::Uint32Array::from(bulk.spans.as_slice()).buffer();
        set("spans", &spans)?;
        transfer.push(&spans);
    }
    if let Some(record) = record {
        let record = serde_json::to_string(record).map_err(|e| JsError::new(&e.to_string()))?;
        set("record", &JsValue::from_str(&record))?;
    }
    scope()
        .post_message_with_transfer(&message, &transfer)
        .map_err(|e| JsError::new(&format!("postMessage failed: {e:?}")))
}

/// Posts `{json, items}`: a [`Split`](entity_lens_protocol::SplitBatch) and its items' JSON strings.
fn post_with_items(response: &Response, items: &[String]) -> Result<(), JsError> {
    let array = js_sys::Array::new();
    for item in items {
        array.push(&JsValue::from_str(item));
    }
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&message, &JsValue::from_str(key), value)
            .map_err(|e| JsError::new(&format!("building the message failed: {e:?}")))
    };
    set("json", &encode(response)?)?;
    set("items", &array)?;
    scope()
        .post_message(&message)
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

/// Loads the model (once) and returns the `Ready` or `ModelFailed` message as JSON. The corpus
/// worker loads no model and is ready at once.
#[wasm_bindgen]
pub fn load() -> Result<JsValue, JsError> {
    install_panic_hook();
    if is_corpus_worker() {
        return encode(&Response::Ready(Ready {
            model_load_ms: 0.0,
            model_bytes: 0,
        }));
    }
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

/// The engine's load error as every file's error (a file that cannot even be decoded still
/// gets its own).
fn unavailable(message: &str, bytes: &[u8]) -> FileError {
    match entity_lens_engine::decode::decode(bytes) {
        Err(e) => FileError::from(e),
        Ok(_) => FileError::ModelUnavailable {
            message: message.to_owned(),
        },
    }
}

/// Analyzes one text whole, without intake (`analyze_json`, the wasm-vs-native parity check).
fn run(name: &str, bytes: &[u8], raw: bool) -> Result<entity_lens_engine::Document, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            name: name.to_owned(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    engine_result(|engine| match engine {
        Ok(engine) => analyze(engine, bytes, raw).map(|doc| entity_lens_engine::Document {
            provenance: entity_lens_engine::intake::Provenance::file(name),
            ..doc
        }),
        Err(message) => Err(unavailable(message, bytes)),
    })
}

/// Posts a document's view (with its record beside it), or its error.
fn post_result(
    id: FileId,
    t0: f64,
    result: Result<entity_lens_engine::Document, FileError>,
) -> Result<(), JsError> {
    match result {
        Ok(doc) => post_analyzed(
            Response::Analyzed(Analyzed {
                id,
                article: ArticleView::from_document(&doc),
                elapsed_ms: now_ms() - t0,
            }),
            Some(&DocumentRecord::from_document(&doc)),
        ),
        Err(error) => post(&Response::Failed(Failed { id, error })),
    }
}

/// Analyzes an article, posting [`Response::Progress`] about file `id` at most every
/// [`PROGRESS_INTERVAL_MS`] (so a text analyzed in less gets none).
fn analyze_reporting(
    engine: &Engine,
    id: FileId,
    item: entity_lens_engine::intake::Item,
    clean: bool,
) -> entity_lens_engine::Document {
    let mut last = now_ms();
    let mut report = |done: usize, total: usize| {
        let now = now_ms();
        if now - last >= PROGRESS_INTERVAL_MS {
            last = now;
            // Best effort: a progress message that cannot be posted changes nothing.
            let _ = post(&Response::Progress(Progress { id, done, total }));
        }
    };
    analyze_item_with_progress(engine, item, clean, &mut report)
}

/// A dropped, picked or pasted file: read with the engine's intake; one article is analyzed
/// here (pasted text, `raw`, without cleanup), the articles of a file of several go back to the
/// page in batches, to be shared by the pool.
fn analyze_file(file: AnalyzeFile) -> Result<(), JsError> {
    let t0 = now_ms();
    match read(&file.name, &file.bytes, file.text_column) {
        Reading::One(result) => {
            let result = result.and_then(|item| {
                engine_result(|engine| match engine {
                    Ok(engine) => Ok(analyze_reporting(engine, file.id, item, !file.raw)),
                    Err(message) => Err(unavailable(message, &file.bytes)),
                })
            });
            post_result(file.id, t0, result)
        }
        Reading::Many(batches) => {
            for (mut split, items) in batches {
                split.id = file.id;
                post_with_items(&Response::Split(split), &items)?;
            }
            Ok(())
        }
    }
}

/// One article of a split file.
fn analyze_one(entry: AnalyzeItem) -> Result<(), JsError> {
    let t0 = now_ms();
    let result = match serde_json::from_str::<ItemRecord>(&entry.item) {
        Ok(record) => engine_result(|engine| match engine {
            Ok(engine) => Ok(analyze_reporting(
                engine,
                entry.id,
                record.into_item(),
                true,
            )),
            Err(message) => Err(FileError::ModelUnavailable {
                message: message.clone(),
            }),
        }),
        // The item comes from a worker of this page: a malformed one is a bug, said as such.
        Err(e) => Err(FileError::Undecodable {
            message: format!("the article sent to the worker could not be read ({e})"),
        }),
    };
    post_result(entry.id, t0, result)
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
            CURRENT.with(|c| c.set(Some(file.id)));
            let result = analyze_file(file);
            CURRENT.with(|c| c.set(None));
            result
        }
        Request::AnalyzeItem(entry) => {
            post(&Response::Started(Started { id: entry.id }))?;
            CURRENT.with(|c| c.set(Some(entry.id)));
            let result = analyze_one(entry);
            CURRENT.with(|c| c.set(None));
            result
        }
        Request::Keep(keep) => {
            // The record comes from an analysis worker of this page; a malformed one is a bug,
            // reported like a failed question rather than dropped silently.
            let record: DocumentRecord = serde_json::from_str(&keep.record)
                .map_err(|e| JsError::new(&format!("malformed record of {}: {e}", keep.name)))?;
            let doc = record.into_document();
            CORPUS.with_borrow_mut(|c| c.insert_in(keep.id, keep.parent, &keep.name, doc));
            Ok(())
        }
        Request::Restore(keep) => {
            let t0 = now_ms();
            // A record saved by an older build may not read: that file fails, the others go on.
            match serde_json::from_str::<DocumentRecord>(&keep.record) {
                Ok(record) => {
                    let doc = record.into_document();
                    let article = ArticleView::from_document(&doc);
                    CORPUS.with_borrow_mut(|c| c.insert_in(keep.id, keep.parent, &keep.name, doc));
                    // As a fresh analysis arrives (without a record: the page has it).
                    post_analyzed(
                        Response::Analyzed(Analyzed {
                            id: keep.id,
                            article,
                            elapsed_ms: now_ms() - t0,
                        }),
                        None,
                    )
                }
                Err(e) => post(&Response::Failed(Failed {
                    id: keep.id,
                    error: FileError::Undecodable {
                        message: format!("the saved analysis could not be read ({e})"),
                    },
                })),
            }
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
    let value = match run("", bytes, raw) {
        Ok(doc) => serde_json::json!({ "article": ArticleView::from_document(&doc) }),
        Err(error) => serde_json::json!({ "error": error }),
    };
    Ok(value.to_string())
}

/// Panics while "analyzing" file `id`, on purpose: the browser tests call it inside a worker to
/// check that a panic reaches the page with its message and the worker is replaced.
#[wasm_bindgen]
pub fn panic_for_tests(id: FileId) {
    CURRENT.with(|c| c.set(Some(id)));
    panic!("panic_for_tests was called");
}

/// Runs out of memory while "analyzing" file `id`, on purpose (after telling the page it
/// started, as an analysis does): the browser tests call it inside a worker to check that a
/// trap without a panic message (an allocation that fails aborts) still fails that file alone
/// and the worker is replaced. Reserves address space only (nothing is written).
#[wasm_bindgen]
pub fn exhaust_memory_for_tests(id: FileId) {
    let _ = post(&Response::Started(Started { id }));
    CURRENT.with(|c| c.set(Some(id)));
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        held.push(Vec::with_capacity(256 << 20));
        std::hint::black_box(&held);
    }
}
