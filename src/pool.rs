//! The analysis workers, seen from the UI thread: a pool sized to the machine, shared by every
//! page or widget that uses the same assets ([`shared`]), each of them a [`Client`].
//!
//! - **Size**: `navigator.hardwareConcurrency - 1` (the UI thread keeps a core), at most
//!   [`MAX_WORKERS`], at least one. Each worker loads the model once, when it starts (the
//!   browser compiles the worker's wasm once and reuses it from its code cache).
//! - **Balance and back-pressure**: files wait in the page, largest first; each worker holds at
//!   most [`IN_FLIGHT_PER_WORKER`] of them, and the next file goes to the worker with the fewest
//!   bytes in flight. A file's bytes are read only when a worker takes it, and its
//!   `ArrayBuffer` is transferred, not copied.
//! - **Failure**: a worker that traps (the engine's panic hook names the panic; a trap without
//!   one is reported as it is) is terminated and replaced; the file it was on fails with that
//!   message and the others it held go back to the queue.
//! - **Cancel**: [`Client::cancel`] drops the client's waiting files and replaces the workers
//!   busy with its files (a running analysis cannot be interrupted otherwise).
//! - **Files of several articles**: a worker reads each file with the engine's intake; a table
//!   or an export comes back as batches of entries ([`Response::Split`]) with each article's
//!   item beside it. The client registers the entries ([`Callbacks::on_split`]) and the pool
//!   queues each article as a job of its own ([`Data::Item`]), so one file's articles are shared
//!   by every worker, never one worker's single task.
//! - **Corpus**: analysis workers keep nothing; each client (but a [`Pool::reader`]) has a
//!   corpus worker (same script, named [`CORPUS_WORKER_NAME`], no model) to which the pool
//!   forwards each analyzed document's record ([`Request::Keep`]) and the client's corpus
//!   questions.
//!
//! Workers are created from the assets' URL; when it is on another origin than the document (a
//! widget on a host site), through a `blob:` module that imports the worker script by its
//! absolute URL (the asset host must then allow CORS).

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::rc::{Rc, Weak};

use entity_lens_protocol::{
    Analyzed, Bulk, Crashed, Failed, FileError, FileId, ModelFailed, Progress, QueryError,
    QueryFailed, Ready, Request, Response, SplitBatch, Started, CORPUS_WORKER_NAME,
};
use js_sys::{Array, ArrayBuffer, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker, WorkerOptions, WorkerType,
};

/// Most analysis workers a pool runs (each holds its own copy of the model, about 100 MB of
/// wasm memory with its buffers).
pub const MAX_WORKERS: usize = 4;
/// Files a worker holds at once: one running, one waiting in its message queue so it never
/// idles between files.
pub const IN_FLIGHT_PER_WORKER: usize = 2;
/// The worker script, relative to the assets' base URL.
pub const WORKER_SCRIPT: &str = "worker-shim.js";

/// Why the pool could not start or reach a worker.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("the assets' address {base} is not a URL: {message}")]
    BadBase { base: String, message: String },
    #[error("could not start a worker: {0}")]
    Spawn(String),
    #[error("could not send to the corpus worker: {0}")]
    Send(String),
}

/// A JS exception as text (the one place JS errors become strings).
pub fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// The default number of analysis workers for this machine.
pub fn default_size() -> usize {
    let cores = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("hardwareConcurrency")))
        .ok()
        .and_then(|c| c.as_f64())
        .unwrap_or(2.0) as usize;
    cores.saturating_sub(1).clamp(1, MAX_WORKERS)
}

/// Where a file's bytes are until a worker takes it.
#[derive(Debug, Clone)]
pub enum Data {
    /// A file from a drop or a picker: read when a worker takes it.
    File(web_sys::File),
    /// Bytes already in memory (pasted text).
    Bytes(Rc<Vec<u8>>),
    /// One article of a file of several: the JSON of its `ItemRecord`, as the worker that read
    /// the file made it (forwarded unread).
    Item(JsString),
}

impl Data {
    /// Size in bytes.
    pub fn size(&self) -> usize {
        match self {
            Data::File(f) => f.size() as usize,
            Data::Bytes(b) => b.len(),
            Data::Item(s) => s.length() as usize,
        }
    }

    /// What is posted: the bytes as an `ArrayBuffer` of their own (to transfer), or the item.
    async fn payload(&self) -> Result<Payload, String> {
        match self {
            Data::Bytes(b) => Ok(Payload::Bytes(Uint8Array::from(b.as_slice()).buffer())),
            Data::File(f) => JsFuture::from(f.array_buffer())
                .await
                .map_err(|e| js_text(&e))?
                .dyn_into::<ArrayBuffer>()
                .map(Payload::Bytes)
                .map_err(|_| "the browser gave no bytes".to_owned()),
            Data::Item(s) => Ok(Payload::Item(s.clone())),
        }
    }
}

/// A job's data, ready to post.
enum Payload {
    Bytes(ArrayBuffer),
    Item(JsString),
}

/// A file to analyze.
#[derive(Debug, Clone)]
pub struct Pending {
    /// Its id in the client's list (responses carry it).
    pub id: FileId,
    pub name: String,
    /// Skip cleanup (pasted text; still read by the intake, as `entity-lens analyze --raw`).
    pub raw: bool,
    /// A table's text column, chosen by the user (`None`: found by its name).
    pub text_column: Option<String>,
    pub data: Data,
}

/// Called with each analyzed file's id, name and record.
pub type RecordHook = Rc<dyn Fn(FileId, &str, &JsValue)>;

/// Called with a batch of the entries of file `FileId` (which holds several articles); returns
/// their ids in the client's list, one per entry, in order.
pub type SplitHook = Rc<dyn Fn(FileId, &SplitBatch) -> Vec<FileId>>;

/// What a client hears: every response about its files and corpus (with an export's bytes),
/// and a description when the workers cannot run at all.
#[derive(Clone)]
pub struct Callbacks {
    pub on_response: Rc<dyn Fn(Response, Option<ArrayBuffer>)>,
    pub on_failure: Rc<dyn Fn(String)>,
    /// Each analyzed file's record (a JSON string of `DocumentRecord`), e.g. to save it.
    pub on_record: Option<RecordHook>,
    /// The entries of a file of several articles (a table, an export), batch by batch: the
    /// client lists them and gives their ids; the pool analyzes each (the file itself gets no
    /// other answer). `None`: the file is answered, under its own id, by its first article
    /// alone (for a client that shows one article, such as the widget).
    pub on_split: Option<SplitHook>,
}

impl Default for Callbacks {
    /// Hears nothing.
    fn default() -> Self {
        Self {
            on_response: Rc::new(|_, _| {}),
            on_failure: Rc::new(|_| {}),
            on_record: None,
            on_split: None,
        }
    }
}

type ClientId = u32;
type JobId = u32;

#[derive(Debug, Clone)]
struct Job {
    job: JobId,
    client: ClientId,
    size: usize,
    /// The file this article was split from.
    parent: Option<FileId>,
    pending: Pending,
}

/// A job in the queue: largest first, then first come.
struct Queued(Job);

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.0.job == other.0.job
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .size
            .cmp(&other.0.size)
            .then_with(|| other.0.job.cmp(&self.0.job))
    }
}

/// One analysis worker.
struct Slot {
    worker: Worker,
    generation: u32,
    ready: bool,
    /// The job it said it started last.
    started: Option<JobId>,
    /// Jobs given to it, not answered yet.
    in_flight: Vec<Job>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Slot {
    fn load(&self) -> usize {
        self.in_flight.iter().map(|j| j.size).sum()
    }

    fn take(&mut self, job: JobId) -> Option<Job> {
        let i = self.in_flight.iter().position(|j| j.job == job)?;
        Some(self.in_flight.remove(i))
    }
}

thread_local! {
    /// Workers taken out of the pool, kept until the current event has returned: a worker's
    /// closures may be the ones running when it is replaced.
    static RETIRED: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// Ends a worker: no more events reach the page from it; its closures are freed after the
/// current event.
fn retire(slot: Slot) {
    slot.worker.set_onmessage(None);
    slot.worker.set_onerror(None);
    slot.worker.terminate();
    RETIRED.with_borrow_mut(|r| r.push(slot));
    wasm_bindgen_futures::spawn_local(async {
        RETIRED.with_borrow_mut(Vec::clear);
    });
}

/// A client's corpus worker.
struct CorpusWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for CorpusWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

struct ClientEntry {
    callbacks: Callbacks,
    /// None for a client that keeps no corpus ([`Pool::reader`]).
    corpus: Option<CorpusWorker>,
}

/// How the model's loading went (told to clients that join later).
#[derive(Clone)]
enum Model {
    Loading,
    Ready(Ready),
    Failed(String),
}

struct Inner {
    /// Absolute URL of the worker script.
    script: String,
    slots: Vec<Option<Slot>>,
    queue: BinaryHeap<Queued>,
    clients: HashMap<ClientId, ClientEntry>,
    model: Model,
    /// Set when the workers cannot run at all (the script or wasm failed to load).
    broken: Option<String>,
    next_job: JobId,
    next_client: ClientId,
    next_generation: u32,
    /// Split files of clients without [`Callbacks::on_split`] whose first article has not been
    /// found yet, with the first error seen.
    first_article: HashMap<JobId, Option<FileError>>,
}

/// What to tell a client once the pool is no longer borrowed (its callbacks may call the pool).
enum Delivery {
    Response(Callbacks, Box<Response>),
    Failure(Callbacks, String),
    Record(Callbacks, FileId, String, JsValue),
    /// A batch of a split file: its entries to list, its articles to queue.
    Split {
        callbacks: Callbacks,
        job: Box<Job>,
        split: SplitBatch,
        items: Array,
    },
}

impl Delivery {
    fn deliver(self, pool: &Pool) {
        match self {
            Delivery::Split {
                callbacks,
                job,
                split,
                items,
            } => pool.split(&callbacks, &job, split, &items),
            Delivery::Response(c, r) => (c.on_response)(*r, None),
            Delivery::Failure(c, m) => (c.on_failure)(m),
            Delivery::Record(c, id, name, record) => {
                if let Some(f) = &c.on_record {
                    f(id, &name, &record);
                }
            }
        }
    }
}

/// A message from a worker: `Response` JSON, or `{json, text?, spans?, bytes?, record?, items?}`.
struct Incoming {
    response: Response,
    bytes: Option<ArrayBuffer>,
    record: Option<JsValue>,
    items: Option<Array>,
}

/// Reads a worker's message. An analyzed article (fresh or restored) comes in parts
/// ([`Response::to_parts`]): its text as a string and its mentions and paragraphs as `u32`s
/// beside a small JSON, so a long article's result is not a huge JSON parsed on this thread.
fn decode(data: &JsValue) -> Result<Incoming, String> {
    let field = |key: &str| Reflect::get(data, &JsValue::from_str(key)).ok();
    let (json, bytes, record, items) = match data.as_string() {
        Some(json) => (Some(json), None, None, None),
        None => (
            field("json").and_then(|j| j.as_string()),
            field("bytes").and_then(|b| b.dyn_into::<ArrayBuffer>().ok()),
            field("record").filter(|r| r.is_string()),
            field("items").and_then(|i| i.dyn_into::<Array>().ok()),
        ),
    };
    let json = json.ok_or_else(|| "the worker sent a message that is not text".to_owned())?;
    let text = field("text").and_then(|t| t.as_string());
    let spans = field("spans").and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
    let bulk = match (text, spans) {
        (Some(text), Some(spans)) => Some(Bulk {
            text,
            spans: js_sys::Uint32Array::new(&spans).to_vec(),
        }),
        _ => None,
    };
    let response = Response::from_parts(&json, bulk).map_err(|e| e.to_string())?;
    Ok(Incoming {
        response,
        bytes,
        record,
        items,
    })
}

/// A message from the corpus worker, to its client.
fn corpus_message(c: &Callbacks, data: &JsValue) {
    match decode(data) {
        // Its own readiness is not the model's (it loads none).
        Ok(Incoming {
            response: Response::Ready(_) | Response::ModelFailed(_),
            ..
        }) => {}
        Ok(Incoming {
            response: Response::Crashed(crashed),
            ..
        }) => (c.on_response)(corpus_crashed(crashed.message), None),
        // A long article is shown in a task of its own, after the one that decoded it.
        Ok(incoming) if is_long(&incoming.response) => {
            let c = c.clone();
            later(move || (c.on_response)(incoming.response, incoming.bytes));
        }
        Ok(incoming) => (c.on_response)(incoming.response, incoming.bytes),
        Err(message) => (c.on_response)(corpus_crashed(message), None),
    }
}

/// A text longer than this (bytes) is decoded in a task after the message's, and applied to
/// the page in a task after that: at 4 MiB, decoding took about 45 ms and showing the article
/// as much again.
const LONG_TEXT_BYTES: usize = 256 * 1024;

/// Whether a worker's message holds a long article's text (in UTF-16 units; see
/// [`LONG_TEXT_BYTES`]).
fn is_long_message(data: &JsValue) -> bool {
    Reflect::get(data, &JsValue::from_str("text"))
        .ok()
        .and_then(|t| t.dyn_into::<JsString>().ok())
        .is_some_and(|t| t.length() as usize > LONG_TEXT_BYTES)
}

/// Whether `response` is a long article's (see [`LONG_TEXT_BYTES`]).
fn is_long(response: &Response) -> bool {
    matches!(response, Response::Analyzed(a) if a.article.text.len() > LONG_TEXT_BYTES)
}

/// Runs `f` in a task of its own.
fn later(f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, f).forget();
}

/// Starts a module worker on `script`: directly when same-origin, else through a `blob:` module
/// that imports it by its absolute URL.
fn start_worker(script: &str, name: &str) -> Result<Worker, PoolError> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    options.set_name(name);
    let spawn = |url: &str| {
        Worker::new_with_options(url, &options).map_err(|e| PoolError::Spawn(js_text(&e)))
    };
    let document_origin = Reflect::get(&js_sys::global(), &JsValue::from_str("location"))
        .and_then(|l| Reflect::get(&l, &JsValue::from_str("origin")))
        .ok()
        .and_then(|o| o.as_string());
    let script_origin = Url::new(script).map(|u| u.origin()).ok();
    if script_origin.is_some() && script_origin == document_origin {
        return spawn(script);
    }
    let specifier = js_sys::JSON::stringify(&JsValue::from_str(script))
        .map_err(|e| PoolError::Spawn(js_text(&e)))?;
    let code = format!("import {};\n", String::from(specifier));
    let bag = BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob =
        Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(&code)), &bag)
            .map_err(|e| PoolError::Spawn(js_text(&e)))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| PoolError::Spawn(js_text(&e)))?;
    let worker = spawn(&url);
    // The worker has fetched its script by the time it runs; the URL is not needed after.
    let _ = Url::revoke_object_url(&url);
    worker
}

/// A pool of analysis workers (a cheap handle; clones share the pool).
#[derive(Clone)]
pub struct Pool(Rc<RefCell<Inner>>);

thread_local! {
    static SHARED: RefCell<HashMap<String, Weak<RefCell<Inner>>>> = RefCell::new(HashMap::new());
}

/// The pool of the assets at `asset_base` (the URL of the folder holding `worker-shim.js` and
/// `pkg/`), shared by every client on this page while one holds it; created with
/// [`default_size`] workers.
pub fn shared(asset_base: &str) -> Result<Pool, PoolError> {
    shared_with_size(asset_base, default_size())
}

/// [`shared`] with `size` workers when the pool is created (benchmarks compare sizes).
pub fn shared_with_size(asset_base: &str, size: usize) -> Result<Pool, PoolError> {
    let script = Url::new_with_base(WORKER_SCRIPT, asset_base)
        .map_err(|e| PoolError::BadBase {
            base: asset_base.to_owned(),
            message: js_text(&e),
        })?
        .href();
    if let Some(pool) = SHARED.with_borrow(|s| s.get(&script).and_then(Weak::upgrade)) {
        return Ok(Pool(pool));
    }
    let pool = Pool(Rc::new(RefCell::new(Inner {
        script: script.clone(),
        slots: Vec::new(),
        queue: BinaryHeap::new(),
        clients: HashMap::new(),
        model: Model::Loading,
        broken: None,
        next_job: 1,
        next_client: 1,
        next_generation: 1,
        first_article: HashMap::new(),
    })));
    for i in 0..size.clamp(1, MAX_WORKERS) {
        let slot = pool.spawn_slot(i)?;
        pool.0.borrow_mut().slots.push(Some(slot));
    }
    SHARED.with_borrow_mut(|s| s.insert(script, Rc::downgrade(&pool.0)));
    Ok(pool)
}

impl Pool {
    /// Number of analysis workers.
    pub fn size(&self) -> usize {
        self.0.borrow().slots.len()
    }

    /// Joins the pool: `callbacks` hear about this client's files and corpus only.
    pub fn client(&self, callbacks: Callbacks) -> Result<Client, PoolError> {
        let corpus = self.spawn_corpus(&callbacks)?;
        self.join(callbacks, Some(corpus))
    }

    /// Joins the pool without a corpus worker: for a client that only reads the articles it
    /// sends (a widget without corpus views). Its records are not kept (`on_record` still hears
    /// them) and its corpus questions fail with [`PoolError::Send`].
    pub fn reader(&self, callbacks: Callbacks) -> Result<Client, PoolError> {
        self.join(callbacks, None)
    }

    fn join(
        &self,
        callbacks: Callbacks,
        corpus: Option<CorpusWorker>,
    ) -> Result<Client, PoolError> {
        let (id, model) = {
            let mut inner = self.0.borrow_mut();
            let id = inner.next_client;
            inner.next_client += 1;
            inner.clients.insert(
                id,
                ClientEntry {
                    callbacks: callbacks.clone(),
                    corpus,
                },
            );
            (id, inner.model.clone())
        };
        // A client joining a pool that has loaded already hears it at once.
        match model {
            Model::Loading => {}
            Model::Ready(r) => (callbacks.on_response)(Response::Ready(r), None),
            Model::Failed(message) => {
                (callbacks.on_response)(Response::ModelFailed(ModelFailed { message }), None)
            }
        }
        Ok(Client {
            pool: self.clone(),
            id,
        })
    }

    fn spawn_slot(&self, index: usize) -> Result<Slot, PoolError> {
        let (script, generation) = {
            let mut inner = self.0.borrow_mut();
            let g = inner.next_generation;
            inner.next_generation += 1;
            (inner.script.clone(), g)
        };
        let worker = start_worker(&script, &format!("entity-lens analysis {}", index + 1))?;
        let weak = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            let long = is_long_message(&data);
            let weak = weak.clone();
            let read = move || {
                if let Some(inner) = weak.upgrade() {
                    Pool(inner).on_message(index, generation, &data);
                }
            };
            // A long article's message is decoded in a task of its own.
            if long {
                later(read);
            } else {
                read();
            }
        });
        let weak = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            let message = if message.is_empty() {
                "the worker script could not be loaded".to_owned()
            } else {
                message
            };
            if let Some(inner) = weak.upgrade() {
                Pool(inner).on_crash(index, generation, None, message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Slot {
            worker,
            generation,
            ready: false,
            started: None,
            in_flight: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn spawn_corpus(&self, callbacks: &Callbacks) -> Result<CorpusWorker, PoolError> {
        let script = self.0.borrow().script.clone();
        let worker = start_worker(&script, CORPUS_WORKER_NAME)?;
        let c = callbacks.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            // A long article's message is decoded in a task of its own (as an analysis
            // worker's: one path for fresh and restored articles).
            if is_long_message(&data) {
                let c = c.clone();
                later(move || corpus_message(&c, &data));
            } else {
                corpus_message(&c, &data);
            }
        });
        let c = callbacks.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            (c.on_response)(corpus_crashed(event.message()), None);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(CorpusWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// A message from analysis worker `index` (ignored when that worker has been replaced).
    fn on_message(&self, index: usize, generation: u32, data: &JsValue) {
        let incoming = match decode(data) {
            Ok(incoming) => incoming,
            Err(message) => return self.on_crash(index, generation, None, message),
        };
        if let Response::Crashed(Crashed { id, message }) = incoming.response {
            return self.on_crash(index, generation, Some(id), message);
        }
        let long = is_long(&incoming.response);
        let deliveries = {
            let mut inner = self.0.borrow_mut();
            inner.receive(index, generation, incoming)
        };
        if long {
            let pool = self.clone();
            later(move || deliveries.into_iter().for_each(|d| d.deliver(&pool)));
        } else {
            for d in deliveries {
                d.deliver(self);
            }
        }
        self.pump();
    }

    /// Worker `index` trapped or died: `id` is the file it names (`Some(None)`: it names none).
    fn on_crash(&self, index: usize, generation: u32, id: Option<Option<JobId>>, message: String) {
        let (deliveries, respawn) = {
            let mut inner = self.0.borrow_mut();
            inner.crash(index, generation, id.flatten(), message)
        };
        if respawn {
            match self.spawn_slot(index) {
                Ok(slot) => {
                    if let Some(s) = self.0.borrow_mut().slots.get_mut(index) {
                        *s = Some(slot);
                    }
                }
                Err(e) => {
                    let failures = self.0.borrow_mut().break_down(e.to_string());
                    failures.into_iter().for_each(|d| d.deliver(self));
                }
            }
        }
        for d in deliveries {
            d.deliver(self);
        }
        self.pump();
    }

    /// Gives waiting files to workers with room, largest file to the least-loaded worker.
    fn pump(&self) {
        loop {
            let next = self.0.borrow_mut().next_dispatch();
            let Some((index, generation, job)) = next else {
                break;
            };
            let pool = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let payload = job.pending.data.payload().await;
                pool.post_job(index, generation, job.job, payload);
            });
        }
    }

    /// Sends a job whose bytes are read, if its worker still holds it.
    fn post_job(
        &self,
        index: usize,
        generation: u32,
        job: JobId,
        payload: Result<Payload, String>,
    ) {
        let delivery = {
            let mut inner = self.0.borrow_mut();
            inner.post_job(index, generation, job, payload)
        };
        if let Some(d) = delivery {
            d.deliver(self);
            self.pump();
        }
    }
}

impl Pool {
    /// A batch of the entries of a split file: the client lists them and the pool queues their
    /// articles (or, for a client without [`Callbacks::on_split`], the file's first article
    /// under the file's own id).
    fn split(&self, callbacks: &Callbacks, job: &Job, split: SplitBatch, items: &Array) {
        let parent = job.pending.id;
        let split = SplitBatch {
            id: parent,
            ..split
        };
        let mut items = items.iter().filter_map(|i| i.dyn_into::<JsString>().ok());
        let article = |name: &str, id: FileId, item: JsString| Pending {
            id,
            name: name.to_owned(),
            raw: false,
            text_column: None,
            data: Data::Item(item),
        };
        let Some(hook) = &callbacks.on_split else {
            let mut failure = None;
            let first = {
                let mut inner = self.0.borrow_mut();
                let mut first = None;
                if let Some(seen) = inner.first_article.get_mut(&job.job) {
                    for entry in &split.entries {
                        match &entry.error {
                            Some(e) => {
                                seen.get_or_insert_with(|| e.clone());
                            }
                            None => {
                                first = items.next().map(|i| article(&entry.name, parent, i));
                                break;
                            }
                        }
                    }
                }
                if first.is_some() {
                    inner.first_article.remove(&job.job);
                } else if split.done {
                    if let Some(seen) = inner.first_article.remove(&job.job) {
                        failure = Some(seen.unwrap_or(FileError::NoArticles));
                    }
                }
                first
            };
            if let Some(first) = first {
                self.enqueue(job.client, None, vec![first]);
            }
            if let Some(error) = failure {
                (callbacks.on_response)(Response::Failed(Failed { id: parent, error }), None);
            }
            return;
        };
        let ids = hook(parent, &split);
        let mut articles = Vec::new();
        for (entry, id) in split.entries.iter().zip(ids) {
            if entry.error.is_none() {
                if let Some(item) = items.next() {
                    articles.push(article(&entry.name, id, item));
                }
            }
        }
        self.enqueue(job.client, Some(parent), articles);
    }

    /// Queues files of `client` (articles of `parent`), then gives work to idle workers.
    fn enqueue(&self, client: ClientId, parent: Option<FileId>, files: Vec<Pending>) {
        {
            let mut inner = self.0.borrow_mut();
            for pending in files {
                let job = inner.next_job;
                inner.next_job += 1;
                let size = pending.data.size();
                inner.queue.push(Queued(Job {
                    job,
                    client,
                    size,
                    parent,
                    pending,
                }));
            }
        }
        self.pump();
    }
}

fn corpus_crashed(message: String) -> Response {
    Response::QueryFailed(QueryFailed {
        seq: 0,
        error: QueryError::WorkerCrashed { message },
    })
}

impl Inner {
    fn slot(&mut self, index: usize, generation: u32) -> Option<&mut Slot> {
        self.slots
            .get_mut(index)?
            .as_mut()
            .filter(|s| s.generation == generation)
    }

    fn callbacks(&self, client: ClientId) -> Option<Callbacks> {
        self.clients.get(&client).map(|c| c.callbacks.clone())
    }

    fn to_all(&self, response: &Response) -> Vec<Delivery> {
        self.clients
            .values()
            .map(|c| Delivery::Response(c.callbacks.clone(), Box::new(response.clone())))
            .collect()
    }

    /// A job's response, back to its client under the client's file id.
    fn answer(&self, job: &Job, response: Response) -> Option<Delivery> {
        Some(Delivery::Response(
            self.callbacks(job.client)?,
            Box::new(response),
        ))
    }

    fn receive(&mut self, index: usize, generation: u32, incoming: Incoming) -> Vec<Delivery> {
        let Some(slot) = self.slot(index, generation) else {
            return Vec::new();
        };
        match incoming.response {
            Response::Ready(ready) => {
                slot.ready = true;
                if matches!(self.model, Model::Loading) {
                    self.model = Model::Ready(ready.clone());
                    return self.to_all(&Response::Ready(ready));
                }
                Vec::new()
            }
            Response::ModelFailed(failed) => {
                slot.ready = true;
                if matches!(self.model, Model::Loading) {
                    self.model = Model::Failed(failed.message.clone());
                    return self.to_all(&Response::ModelFailed(failed));
                }
                Vec::new()
            }
            Response::Started(Started { id }) => {
                slot.started = Some(id);
                let Some(job) = slot.in_flight.iter().find(|j| j.job == id).cloned() else {
                    return Vec::new();
                };
                self.answer(&job, Response::Started(Started { id: job.pending.id }))
                    .into_iter()
                    .collect()
            }
            // How far a worker is in a long file, to its client under the file's id.
            Response::Progress(progress) => {
                let Some(job) = slot
                    .in_flight
                    .iter()
                    .find(|j| j.job == progress.id)
                    .cloned()
                else {
                    return Vec::new();
                };
                let id = job.pending.id;
                self.answer(&job, Response::Progress(Progress { id, ..progress }))
                    .into_iter()
                    .collect()
            }
            Response::Analyzed(done) => {
                let Some(job) = slot.take(done.id) else {
                    return Vec::new();
                };
                let file = job.pending.id;
                let mut deliveries = Vec::new();
                if let (Some(record), Some(client)) =
                    (incoming.record, self.clients.get(&job.client))
                {
                    if let Some(corpus) = &client.corpus {
                        keep(&corpus.worker, file, job.parent, &job.pending.name, &record);
                    }
                    deliveries.push(Delivery::Record(
                        client.callbacks.clone(),
                        file,
                        job.pending.name.clone(),
                        record,
                    ));
                }
                deliveries
                    .extend(self.answer(&job, Response::Analyzed(Analyzed { id: file, ..done })));
                deliveries
            }
            Response::Split(split) => {
                let Some(job) = slot.in_flight.iter().find(|j| j.job == split.id).cloned() else {
                    return Vec::new();
                };
                if split.done {
                    slot.take(split.id);
                }
                let Some(callbacks) = self.callbacks(job.client) else {
                    return Vec::new();
                };
                if callbacks.on_split.is_none() && split.first == 0 {
                    self.first_article.insert(job.job, None);
                }
                vec![Delivery::Split {
                    callbacks,
                    job: Box::new(job),
                    split,
                    items: incoming.items.unwrap_or_default(),
                }]
            }
            Response::Failed(failed) => {
                let Some(job) = slot.take(failed.id) else {
                    return Vec::new();
                };
                self.answer(
                    &job,
                    Response::Failed(Failed {
                        id: job.pending.id,
                        error: failed.error,
                    }),
                )
                .into_iter()
                .collect()
            }
            // Corpus answers come from corpus workers; crashes are handled before.
            _ => Vec::new(),
        }
    }

    /// Replaces worker `index` after a crash; returns what to tell and whether to respawn.
    fn crash(
        &mut self,
        index: usize,
        generation: u32,
        id: Option<JobId>,
        message: String,
    ) -> (Vec<Delivery>, bool) {
        let Some(slot) = self.slot(index, generation) else {
            return (Vec::new(), false);
        };
        if !slot.ready {
            // It never loaded: the script or the wasm is broken, for every worker.
            return (self.break_down(message), false);
        }
        let culprit = id.or(slot.started);
        let Some(slot) = self.slots.get_mut(index).and_then(Option::take) else {
            return (Vec::new(), false);
        };
        let mut deliveries = Vec::new();
        for job in slot.in_flight.iter().cloned() {
            // Without a named file, every file it held fails: retrying might trap again.
            if culprit.is_none_or(|c| c == job.job) {
                let error = FileError::WorkerCrashed {
                    message: format!(
                        "{message} (while analyzing {}; the worker was replaced and the other files go on)",
                        job.pending.name
                    ),
                };
                let failed = Response::Failed(Failed {
                    id: job.pending.id,
                    error,
                });
                deliveries.extend(self.answer(&job, failed));
            } else {
                self.queue.push(Queued(job));
            }
        }
        retire(slot);
        (deliveries, true)
    }

    /// The workers cannot run: every client hears why, every job is dropped.
    fn break_down(&mut self, message: String) -> Vec<Delivery> {
        self.broken = Some(message.clone());
        self.slots
            .iter_mut()
            .filter_map(Option::take)
            .for_each(retire);
        self.queue.clear();
        if matches!(self.model, Model::Loading) {
            self.model = Model::Failed(message.clone());
        }
        self.clients
            .values()
            .map(|c| Delivery::Failure(c.callbacks.clone(), message.clone()))
            .collect()
    }

    fn next_dispatch(&mut self) -> Option<(usize, u32, Job)> {
        if self.broken.is_some() || self.queue.is_empty() {
            return None;
        }
        let (index, _) = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.as_ref()?)))
            .filter(|(_, s)| s.in_flight.len() < IN_FLIGHT_PER_WORKER)
            .min_by_key(|(i, s)| (s.load(), *i))?;
        let Queued(job) = self.queue.pop()?;
        let slot = self.slots.get_mut(index)?.as_mut()?;
        slot.in_flight.push(job.clone());
        Some((index, slot.generation, job))
    }

    fn post_job(
        &mut self,
        index: usize,
        generation: u32,
        job: JobId,
        payload: Result<Payload, String>,
    ) -> Option<Delivery> {
        let slot = self.slot(index, generation)?;
        let held = slot.in_flight.iter().find(|j| j.job == job)?.clone();
        let posted = match payload {
            Ok(Payload::Bytes(buffer)) => analyze_message(job, &held.pending, &buffer)
                .map_err(|message| FileError::WorkerCrashed { message })
                .and_then(|message| {
                    slot.worker
                        .post_message_with_transfer(&message, &Array::of1(&buffer))
                        .map_err(|e| FileError::WorkerCrashed {
                            message: js_text(&e),
                        })
                }),
            Ok(Payload::Item(item)) => item_message(job, &held.pending, &item)
                .map_err(|message| FileError::WorkerCrashed { message })
                .and_then(|message| {
                    slot.worker
                        .post_message(&message)
                        .map_err(|e| FileError::WorkerCrashed {
                            message: js_text(&e),
                        })
                }),
            Err(message) => Err(FileError::Unreadable { message }),
        };
        let Err(failure) = posted else {
            return None;
        };
        slot.take(job);
        self.answer(
            &held,
            Response::Failed(Failed {
                id: held.pending.id,
                error: failure,
            }),
        )
    }
}

fn set_field(o: &Object, key: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(o, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|e| js_text(&e))
}

/// `{Analyze: {id, name, raw, bytes, text_column}}` with the bytes as a view of `buffer`
/// (transferred).
fn analyze_message(job: JobId, pending: &Pending, buffer: &ArrayBuffer) -> Result<JsValue, String> {
    let file = Object::new();
    set_field(&file, "id", &JsValue::from(job))?;
    set_field(&file, "name", &JsValue::from_str(&pending.name))?;
    set_field(&file, "raw", &JsValue::from_bool(pending.raw))?;
    set_field(&file, "bytes", &Uint8Array::new(buffer))?;
    let column = pending
        .text_column
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set_field(&file, "text_column", &column)?;
    let message = Object::new();
    set_field(&message, "Analyze", &file)?;
    Ok(message.into())
}

/// `{AnalyzeItem: {id, name, item}}`: one article of a split file.
fn item_message(job: JobId, pending: &Pending, item: &JsString) -> Result<JsValue, String> {
    let entry = Object::new();
    set_field(&entry, "id", &JsValue::from(job))?;
    set_field(&entry, "name", &JsValue::from_str(&pending.name))?;
    set_field(&entry, "item", item)?;
    let message = Object::new();
    set_field(&message, "AnalyzeItem", &entry)?;
    Ok(message.into())
}

/// `{<kind>: {id, name, record, parent}}`: a `Keep` or a `Restore` of a document's record (a
/// JS string, not read here).
fn record_message(
    kind: &str,
    id: FileId,
    parent: Option<FileId>,
    name: &str,
    record: &JsValue,
) -> Result<JsValue, String> {
    let keep = Object::new();
    let parent = parent.map_or(JsValue::NULL, JsValue::from);
    set_field(&keep, "id", &JsValue::from(id))?;
    set_field(&keep, "name", &JsValue::from_str(name))?;
    set_field(&keep, "record", record)?;
    set_field(&keep, "parent", &parent)?;
    let message = Object::new();
    set_field(&message, kind, &keep)?;
    Ok(message.into())
}

/// Forwards a document's record to a corpus worker.
fn keep(corpus: &Worker, id: FileId, parent: Option<FileId>, name: &str, record: &JsValue) {
    if let Ok(message) = record_message("Keep", id, parent, name, record) {
        // A corpus worker that cannot be reached reports itself through its error handler.
        let _ = corpus.post_message(&message);
    }
}

/// One page or widget using a pool; leaving (drop) cancels its files and ends its corpus
/// worker.
pub struct Client {
    pool: Pool,
    id: ClientId,
}

impl Client {
    /// The pool's number of analysis workers.
    pub fn workers(&self) -> usize {
        self.pool.size()
    }

    /// Queues files for analysis; answers come to the client's callbacks under their ids.
    pub fn analyze(&self, files: Vec<Pending>) {
        let failures: Vec<Delivery> = {
            let inner = self.pool.0.borrow_mut();
            if let Some(message) = inner.broken.clone() {
                let callbacks = inner.callbacks(self.id);
                files
                    .iter()
                    .filter_map(|f| {
                        let failed = Response::Failed(Failed {
                            id: f.id,
                            error: FileError::WorkerCrashed {
                                message: message.clone(),
                            },
                        });
                        Some(Delivery::Response(callbacks.clone()?, Box::new(failed)))
                    })
                    .collect()
            } else {
                drop(inner);
                self.pool.enqueue(self.id, None, files);
                return;
            }
        };
        failures.into_iter().for_each(|d| d.deliver(&self.pool));
        self.pool.pump();
    }

    /// Sends a request: files to the analysis workers, the rest to the corpus worker.
    pub fn send(&self, request: &Request) -> Result<(), PoolError> {
        if let Request::Analyze(file) = request {
            self.analyze(vec![Pending {
                id: file.id,
                name: file.name.clone(),
                raw: file.raw,
                text_column: file.text_column.clone(),
                data: Data::Bytes(Rc::new(file.bytes.clone())),
            }]);
            return Ok(());
        }
        let value =
            serde_wasm_bindgen::to_value(request).map_err(|e| PoolError::Send(e.to_string()))?;
        let inner = self.pool.0.borrow();
        let client = inner
            .clients
            .get(&self.id)
            .ok_or_else(|| PoolError::Send("this page has left the pool".to_owned()))?;
        client
            .corpus
            .as_ref()
            .ok_or_else(|| PoolError::Send("this client keeps no corpus".to_owned()))?
            .worker
            .post_message(&value)
            .map_err(|e| PoolError::Send(js_text(&e)))
    }

    /// Gives a saved document's record (a JS string, handed on unread) back to the corpus
    /// worker, which answers with its article ([`Request::Restore`]).
    pub fn restore(
        &self,
        id: FileId,
        parent: Option<FileId>,
        name: &str,
        record: &JsValue,
    ) -> Result<(), PoolError> {
        let message =
            record_message("Restore", id, parent, name, record).map_err(PoolError::Send)?;
        let inner = self.pool.0.borrow();
        inner
            .clients
            .get(&self.id)
            .ok_or_else(|| PoolError::Send("this page has left the pool".to_owned()))?
            .corpus
            .as_ref()
            .ok_or_else(|| PoolError::Send("this client keeps no corpus".to_owned()))?
            .worker
            .post_message(&message)
            .map_err(|e| PoolError::Send(js_text(&e)))
    }

    /// Stops this client's batch: its waiting files are dropped and the workers busy with its
    /// files are replaced (other clients' files there go back to the queue). Returns the ids of
    /// the files that will get no answer.
    pub fn cancel(&self) -> Vec<FileId> {
        let mut cancelled = Vec::new();
        let busy: Vec<usize> = {
            let mut inner = self.pool.0.borrow_mut();
            let queue = std::mem::take(&mut inner.queue);
            for Queued(job) in queue.into_vec() {
                if job.client == self.id {
                    cancelled.push(job.pending.id);
                } else {
                    inner.queue.push(Queued(job));
                }
            }
            let mut busy = Vec::new();
            for i in 0..inner.slots.len() {
                let mine = inner.slots[i]
                    .as_ref()
                    .is_some_and(|s| s.in_flight.iter().any(|j| j.client == self.id));
                if !mine {
                    continue;
                }
                if let Some(slot) = inner.slots[i].take() {
                    for job in slot.in_flight.iter().cloned() {
                        if job.client == self.id {
                            cancelled.push(job.pending.id);
                        } else {
                            inner.queue.push(Queued(job));
                        }
                    }
                    retire(slot);
                }
                busy.push(i);
            }
            busy
        };
        for i in busy {
            match self.pool.spawn_slot(i) {
                Ok(slot) => {
                    if let Some(s) = self.pool.0.borrow_mut().slots.get_mut(i) {
                        *s = Some(slot);
                    }
                }
                Err(e) => {
                    let failures = self.pool.0.borrow_mut().break_down(e.to_string());
                    failures.into_iter().for_each(|d| d.deliver(&self.pool));
                }
            }
        }
        self.pool.pump();
        cancelled
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.cancel();
        self.pool.0.borrow_mut().clients.remove(&self.id);
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.slots
            .iter_mut()
            .filter_map(Option::take)
            .for_each(retire);
    }
}
