//! # Entity Lens for Python
//!
//! The native half of the `entity_lens` package (imported as `entity_lens._native`; the pure
//! Python half in `python/entity_lens/` re-exports it and adds the Dask and Spark recipes).
//! An adapter only: the engine does every stage, and each result is the very
//! [`DocumentRecord`] the CLI prints (`entity-lens analyze --format jsonl`), serialized by serde
//! and handed to Python's `json.loads`, so the dicts cannot drift from the CLI's JSON.
//!
//! Every analysis releases the GIL; `Engine::analyze_batch` spreads a batch over scoped
//! threads that live only for the call, so nothing global exists to break under `fork`.
//! Failures reach Python as the exception classes of `entity_lens.errors`, mapped in one place
//! (`Failure::into_pyerr`).

use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use entity_lens_engine::decode::DecodeError;
use entity_lens_engine::export::json::{DocumentRecord, ErrorRecord, RecordOptions};
use entity_lens_engine::export::{self, Corpus, Format, Settings};
use entity_lens_engine::group::{self, Doc, Scope};
use entity_lens_engine::{Document, EntityMode, Options};
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyString, PyTuple, PyType};

/// Why one input gave no record; becomes an `entity_lens.errors` exception or an error record.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// No bytes (`EmptyInputError`).
    Empty(String),
    /// Binary content or a known binary format (`BinaryInputError`).
    Binary(String),
    /// A `str` that cannot be encoded as UTF-8, e.g. lone surrogates (`UndecodableInputError`).
    Undecodable(String),
    /// Any other reason the engine refused the input (`InvalidInputError`).
    Invalid(String),
    /// A bad option or argument (`InvalidArgumentError`).
    Argument(String),
    /// The engine broke on an input: a bug, reported rather than crashing the interpreter.
    Internal(String),
}

impl Failure {
    fn message(&self) -> &str {
        match self {
            Self::Empty(m)
            | Self::Binary(m)
            | Self::Undecodable(m)
            | Self::Invalid(m)
            | Self::Argument(m)
            | Self::Internal(m) => m,
        }
    }

    fn class(&self) -> &'static str {
        match self {
            Self::Empty(_) => "EmptyInputError",
            Self::Binary(_) => "BinaryInputError",
            Self::Undecodable(_) => "UndecodableInputError",
            Self::Invalid(_) => "InvalidInputError",
            Self::Argument(_) => "InvalidArgumentError",
            Self::Internal(_) => "EntityLensError",
        }
    }

    fn from_decode(err: &DecodeError) -> Self {
        let message = err.to_string();
        match err {
            DecodeError::Empty => Self::Empty(message),
            DecodeError::Binary | DecodeError::NotText { .. } => Self::Binary(message),
            _ => Self::Invalid(message),
        }
    }

    /// The Python exception: the class named by [`Failure::class`] from `entity_lens.errors`,
    /// with `index` and `path` attributes when the failure belongs to one item of a batch.
    fn into_pyerr(self, py: Python<'_>, index: Option<usize>, path: Option<&str>) -> PyErr {
        let message = match (index, path) {
            (Some(i), Some(p)) if !p.is_empty() => format!("item {i} ({p}): {}", self.message()),
            (Some(i), _) => format!("item {i}: {}", self.message()),
            _ => self.message().to_owned(),
        };
        let raise = || -> PyResult<PyErr> {
            let class = py.import("entity_lens.errors")?.getattr(self.class())?;
            let exc = class.call1((message.as_str(),))?;
            exc.setattr("index", index)?;
            exc.setattr("path", path)?;
            Ok(PyErr::from_value(exc))
        };
        // If the errors module itself cannot be reached, a plain RuntimeError still says why.
        raise().unwrap_or_else(|err| err)
    }
}

/// One item as the engine takes it: file bytes, or why it cannot be given to the engine.
enum Input {
    Bytes(Vec<u8>),
    Refused(Failure),
}

/// The result for one item: a JSON record (the CLI's line) or a failure.
type Outcome = Result<String, Failure>;

/// `str` → its UTF-8 bytes (read as the CLI reads a UTF-8 file); bytes-like → as is.
fn input_of(item: &Bound<'_, PyAny>) -> PyResult<Input> {
    if let Ok(text) = item.cast::<PyString>() {
        return Ok(match text.extract::<String>() {
            Ok(text) => Input::Bytes(text.into_bytes()),
            Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(item.py()) => {
                Input::Refused(Failure::Undecodable(format!(
                    "the text cannot be encoded as UTF-8 ({})",
                    err.value(item.py())
                )))
            }
            Err(err) => return Err(err),
        });
    }
    if item.is_instance_of::<PyBytes>() || item.is_instance_of::<PyByteArray>() {
        return Ok(Input::Bytes(item.extract::<Vec<u8>>()?));
    }
    if item.is_instance_of::<PyMemoryView>() {
        let bytes = item.call_method0("tobytes")?;
        return Ok(Input::Bytes(bytes.extract::<Vec<u8>>()?));
    }
    Ok(Input::Refused(Failure::Argument(format!(
        "expected str or bytes, got {}",
        item.get_type().name()?
    ))))
}

/// A sequence of items → inputs; `Err(Ok(_))` when `items` is a single `str` or `bytes`.
fn inputs_of(items: &Bound<'_, PyAny>) -> Result<Vec<Input>, Result<Failure, PyErr>> {
    if items.is_instance_of::<PyString>() || items.is_instance_of::<PyBytes>() {
        return Err(Ok(Failure::Argument(
            "items must be a sequence of str or bytes, not a single one".to_owned(),
        )));
    }
    items
        .try_iter()
        .map_err(Err)?
        .map(|item| input_of(&item?))
        .collect::<PyResult<Vec<Input>>>()
        .map_err(Err)
}

fn entity_mode(entities: &str) -> Result<EntityMode, Failure> {
    match entities {
        "refined" => Ok(EntityMode::Refined),
        "raw" => Ok(EntityMode::Raw),
        other => Err(Failure::Argument(format!(
            "entities must be \"refined\" or \"raw\", not {other:?}"
        ))),
    }
}

fn export_format(name: &str) -> Result<Format, Failure> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        Failure::Argument(format!(
            "unknown format {name:?}; one of: {}",
            names.join(", ")
        ))
    })
}

fn scope(name: &str) -> Result<Scope, Failure> {
    match name {
        "sentence" => Ok(Scope::Sentence),
        "paragraph" => Ok(Scope::Paragraph),
        "article" => Ok(Scope::Article),
        other => Err(Failure::Argument(format!(
            "scope must be \"sentence\", \"paragraph\" or \"article\", not {other:?}"
        ))),
    }
}

/// How a batch reports a failing item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnError {
    /// Raise the first failure (in input order) after the whole batch ran.
    Raise,
    /// Return the CLI's `{"path", "error"}` record in the item's place.
    Record,
}

fn on_error(errors: &str) -> Result<OnError, Failure> {
    match errors {
        "raise" => Ok(OnError::Raise),
        "record" => Ok(OnError::Record),
        other => Err(Failure::Argument(format!(
            "errors must be \"raise\" or \"record\", not {other:?}"
        ))),
    }
}

/// `threads`: a positive count, or 0 for every core the process may use.
fn thread_count(threads: i64) -> Result<usize, Failure> {
    match usize::try_from(threads) {
        Ok(0) => Ok(thread::available_parallelism().map_or(1, NonZeroUsize::get)),
        Ok(n) => Ok(n),
        Err(_) => Err(Failure::Argument(format!(
            "threads must be 0 (all cores) or a positive count, not {threads}"
        ))),
    }
}

/// The engine, loaded once per `Engine()`; pickles by reloading the embedded model.
#[pyclass(frozen, module = "entity_lens", name = "Engine")]
struct Engine {
    core: entity_lens_engine::Engine,
}

impl Engine {
    /// Analyzes one input into its JSON record. Never panics across the FFI boundary.
    fn run_one(&self, input: &Input, path: &str, options: Options) -> Outcome {
        let bytes = match input {
            Input::Bytes(bytes) => bytes,
            Input::Refused(failure) => return Err(failure.clone()),
        };
        let analyzed = catch_unwind(AssertUnwindSafe(|| {
            let doc = self
                .core
                .analyze_file(bytes, options)
                .map_err(|err| Failure::from_decode(&err))?;
            let record = DocumentRecord::new(
                path,
                &doc,
                RecordOptions {
                    cleaned: options.clean,
                    tokens: false,
                },
            );
            serde_json::to_string(&record)
                .map_err(|err| Failure::Internal(format!("cannot serialize the record: {err}")))
        }));
        analyzed.unwrap_or_else(|_| {
            Err(Failure::Internal(
                "the engine failed on this input (a bug: please report it with the input)"
                    .to_owned(),
            ))
        })
    }

    /// Runs a batch on `threads` scoped threads taking items in turn; results in input order.
    fn run_batch(
        &self,
        inputs: &[Input],
        paths: &[String],
        options: Options,
        threads: usize,
    ) -> Result<Vec<Outcome>, Failure> {
        let path = |i: usize| paths.get(i).map_or("", String::as_str);
        run_parallel(inputs, threads, |i, input| {
            self.run_one(input, path(i), options)
        })
    }

    /// Analyzes one input into its [`Document`]. Never panics across the FFI boundary.
    fn document(&self, input: &Input, options: Options) -> Result<Document, Failure> {
        let bytes = match input {
            Input::Bytes(bytes) => bytes,
            Input::Refused(failure) => return Err(failure.clone()),
        };
        catch_unwind(AssertUnwindSafe(|| {
            self.core
                .analyze_file(bytes, options)
                .map_err(|err| Failure::from_decode(&err))
        }))
        .unwrap_or_else(|_| Err(engine_bug()))
    }
}

fn engine_bug() -> Failure {
    Failure::Internal(
        "the engine failed on this input (a bug: please report it with the input)".to_owned(),
    )
}

/// Runs `run` on every input on `threads` scoped threads taking items in turn; results in
/// input order. `run` must not panic (callers catch the engine's panics).
fn run_parallel<T: Send>(
    inputs: &[Input],
    threads: usize,
    run: impl Fn(usize, &Input) -> Result<T, Failure> + Sync,
) -> Result<Vec<Result<T, Failure>>, Failure> {
    let threads = threads.clamp(1, inputs.len().max(1));
    if threads == 1 {
        return Ok(inputs
            .iter()
            .enumerate()
            .map(|(i, input)| run(i, input))
            .collect());
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else {
                return done;
            };
            done.push((i, run(i, input)));
        }
    };
    let mut slots: Vec<Option<Result<T, Failure>>> = inputs.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let mut handles = Vec::with_capacity(threads);
        for n in 0..threads {
            let handle = thread::Builder::new()
                .name(format!("entity-lens-{n}"))
                .spawn_scoped(scope, work)
                .map_err(|err| Failure::Internal(format!("cannot start a worker thread: {err}")))?;
            handles.push(handle);
        }
        for handle in handles {
            // `run_one` catches panics, so a worker thread cannot die with results pending.
            for (i, outcome) in handle.join().unwrap_or_default() {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(outcome);
                }
            }
        }
        Ok::<(), Failure>(())
    })?;
    Ok(slots
        .into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| Err(Failure::Internal("a worker thread failed".to_owned())))
        })
        .collect())
}

fn options(clean: bool, entities: &str) -> Result<Options, Failure> {
    Ok(Options {
        clean,
        entities: entity_mode(entities)?,
    })
}

/// `json.loads(record)`: the CLI's JSON line as a plain dict.
fn to_dict<'py>(py: Python<'py>, record: &str) -> PyResult<Bound<'py, PyAny>> {
    let loads = py.import("json")?.getattr("loads")?;
    loads.call1((record,))
}

#[pymethods]
impl Engine {
    /// Loads the model embedded in the package (en_core_web_sm 3.8, converted). Load it once
    /// per process and reuse it: it is safe to share between threads.
    ///
    /// Raises ``entity_lens.errors.ModelError`` if the embedded model cannot be read.
    #[new]
    fn new(py: Python<'_>) -> PyResult<Self> {
        match py.detach(entity_lens_engine::Engine::bundled) {
            Ok(core) => Ok(Self { core }),
            Err(err) => {
                let class = py.import("entity_lens.errors")?.getattr("ModelError")?;
                Err(PyErr::from_value(class.call1((format!(
                    "cannot load the embedded model: {err}"
                ),))?))
            }
        }
    }

    /// Analyzes a text, exactly as ``entity-lens analyze --format jsonl`` analyzes a UTF-8
    /// file holding it: returns the CLI's JSON record as a dict (``path``, ``encoding``,
    /// ``title``, ``date``, ``source``, ``dateline``, ``byline``, ``tags``, ``text``,
    /// ``paragraphs``, ``sents``, ``ents``, ``removed``; without cleanup only ``path``,
    /// ``encoding``, ``text``, ``sents`` and ``ents``). Offsets are code points into ``text``,
    /// end exclusive.
    ///
    /// ``clean``: remove page clutter and find the metadata first (``False``: the whole text).
    /// ``entities``: ``"refined"`` (default; spaCy's label kept as ``raw_label``) or ``"raw"``.
    /// ``path``: the record's ``path`` field.
    ///
    /// Raises ``EmptyInputError``, ``BinaryInputError``, ``UndecodableInputError`` (a ``str``
    /// with lone surrogates) or ``InvalidArgumentError``, all ``entity_lens.EntityLensError``.
    #[pyo3(signature = (text, *, clean = true, entities = "refined", path = ""))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        clean: bool,
        entities: &str,
        path: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        if !text.is_instance_of::<PyString>() {
            let got = text.get_type().name()?;
            let hint = if text.is_instance_of::<PyBytes>() {
                " (use analyze_bytes for file contents)"
            } else {
                ""
            };
            return Err(
                Failure::Argument(format!("text must be a str, not {got}{hint}"))
                    .into_pyerr(py, None, None),
            );
        }
        self.analyze_item(py, text, clean, entities, path)
    }

    /// Analyzes file contents, decoding them as the CLI does (UTF-8 with or without BOM,
    /// UTF-16 with BOM, legacy single-byte encodings; binary refused): the same record as
    /// :meth:`analyze`, whose ``encoding`` says how the bytes were read.
    #[pyo3(signature = (data, *, clean = true, entities = "refined", path = ""))]
    fn analyze_bytes<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        clean: bool,
        entities: &str,
        path: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        if data.is_instance_of::<PyString>() {
            return Err(Failure::Argument(
                "data must be bytes, not str (use analyze for text)".to_owned(),
            )
            .into_pyerr(py, None, None));
        }
        self.analyze_item(py, data, clean, entities, path)
    }

    /// Analyzes many texts and/or file contents (``str`` or ``bytes`` items) on ``threads``
    /// threads with the GIL released; returns one record per item, in input order.
    ///
    /// ``threads``: 1 by default (one per worker process in Dask or Spark); 0 = every core.
    /// ``paths``: the ``path`` of each record (same length as ``items``).
    /// ``errors``: ``"raise"`` (default) raises the first failing item's exception, with its
    /// ``index`` and ``path``; ``"record"`` puts the CLI's ``{"path", "error"}`` dict in its place.
    #[pyo3(signature = (items, *, threads = 1, clean = true, entities = "refined", paths = None, errors = "raise"))]
    #[allow(clippy::too_many_arguments)]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        threads: i64,
        clean: bool,
        entities: &str,
        paths: Option<Vec<String>>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let arg = |failure: Failure| failure.into_pyerr(py, None, None);
        let options = options(clean, entities).map_err(arg)?;
        let threads = thread_count(threads).map_err(arg)?;
        let on_error = on_error(errors).map_err(arg)?;
        let inputs = inputs_of(items).map_err(|err| match err {
            Ok(failure) => arg(failure),
            Err(err) => err,
        })?;
        let paths = paths.unwrap_or_default();
        if !paths.is_empty() && paths.len() != inputs.len() {
            return Err(arg(Failure::Argument(format!(
                "paths has {} entries for {} items",
                paths.len(),
                inputs.len()
            ))));
        }
        let outcomes = py
            .detach(|| self.run_batch(&inputs, &paths, options, threads))
            .map_err(arg)?;
        let path = |i: usize| paths.get(i).map_or("", String::as_str);
        let records = PyList::empty(py);
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let record = match outcome {
                Ok(record) => record,
                Err(failure) if on_error == OnError::Record => {
                    let error = ErrorRecord {
                        path: path(i),
                        error: failure.message(),
                    };
                    serde_json::to_string(&error)
                        .map_err(|err| arg(Failure::Internal(format!("cannot serialize: {err}"))))?
                }
                Err(failure) => {
                    let path = paths.get(i).map(String::as_str);
                    return Err(failure.into_pyerr(py, Some(i), path));
                }
            };
            records.append(to_dict(py, &record)?)?;
        }
        Ok(records)
    }

    /// Analyzes ``items`` (``str`` or ``bytes``, as :meth:`analyze_batch` takes them), groups
    /// their mentions into entities and returns the corpus in ``format``: the very bytes
    /// ``entity-lens export --format FORMAT`` writes for the same files (the engine's export
    /// module writes both).
    ///
    /// ``format``: ``spacy-jsonl``, ``mentions-csv``, ``entities-csv``, ``graphml``, ``gexf``,
    /// ``brat`` (a zip), ``conll``, ``web-annotation`` or ``html``.
    /// ``paths``: each article's name in the export (the CLI uses the file path); by default
    /// ``item-0``, ``item-1``, ...
    /// ``clean``, ``entities``: as :meth:`analyze` (``entities`` is also the export's main label).
    /// ``scope``: co-occurrence scope of ``graphml`` and ``gexf``: ``"sentence"`` (default),
    /// ``"paragraph"`` or ``"article"``.
    /// ``threads``: as :meth:`analyze_batch`.
    /// ``errors``: ``"raise"`` (default) raises the first failing item's exception, with its
    /// ``index`` and ``path``; ``"skip"`` leaves failing items out, as the CLI does.
    #[pyo3(signature = (items, *, format, paths = None, clean = true, entities = "refined", scope = "sentence", threads = 1, errors = "raise"))]
    #[allow(clippy::too_many_arguments)]
    fn export<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        format: &str,
        paths: Option<Vec<String>>,
        clean: bool,
        entities: &str,
        scope: &str,
        threads: i64,
        errors: &str,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let arg = |failure: Failure| failure.into_pyerr(py, None, None);
        let options = options(clean, entities).map_err(arg)?;
        let format = export_format(format).map_err(arg)?;
        let settings = Settings {
            view: options.entities,
            scope: self::scope(scope).map_err(arg)?,
        };
        let threads = thread_count(threads).map_err(arg)?;
        let skip = match errors {
            "raise" => false,
            "skip" => true,
            other => {
                return Err(arg(Failure::Argument(format!(
                    "errors must be \"raise\" or \"skip\", not {other:?}"
                ))))
            }
        };
        let inputs = inputs_of(items).map_err(|err| match err {
            Ok(failure) => arg(failure),
            Err(err) => err,
        })?;
        let names = match paths {
            Some(paths) if paths.len() != inputs.len() => {
                return Err(arg(Failure::Argument(format!(
                    "paths has {} entries for {} items",
                    paths.len(),
                    inputs.len()
                ))))
            }
            Some(paths) => paths,
            None => (0..inputs.len()).map(|i| format!("item-{i}")).collect(),
        };
        let outcomes = py
            .detach(|| run_parallel(&inputs, threads, |_, input| self.document(input, options)))
            .map_err(arg)?;
        let mut analyzed = Vec::with_capacity(outcomes.len());
        for (i, (name, outcome)) in names.iter().zip(outcomes).enumerate() {
            match outcome {
                Ok(document) => analyzed.push((name.as_str(), document)),
                Err(_) if skip => {}
                Err(failure) => return Err(failure.into_pyerr(py, Some(i), Some(name))),
            }
        }
        let bytes = py
            .detach(|| {
                catch_unwind(AssertUnwindSafe(|| {
                    let docs: Vec<Doc<'_>> = analyzed
                        .iter()
                        .map(|(name, document)| Doc { name, document })
                        .collect();
                    let grouping = group::group(&docs);
                    let corpus = Corpus {
                        docs: &docs,
                        grouping: &grouping,
                    };
                    export::to_vec(format, &corpus, settings).map_err(|err| {
                        Failure::Internal(format!("writing the {} export: {err}", format.name()))
                    })
                }))
                .unwrap_or_else(|_| {
                    Err(Failure::Internal(
                        "the export failed (a bug: please report it with the inputs)".to_owned(),
                    ))
                })
            })
            .map_err(arg)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Pickling ships no weights: unpickling calls ``Engine()``, which reloads the embedded
    /// model in the receiving process (a Dask or Spark worker).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        Ok((slf.get_type(), PyTuple::empty(slf.py())))
    }

    fn __repr__(&self) -> String {
        "entity_lens.Engine(model='en_core_web_sm 3.8.0, converted')".to_owned()
    }
}

impl Engine {
    fn analyze_item<'py>(
        &self,
        py: Python<'py>,
        item: &Bound<'py, PyAny>,
        clean: bool,
        entities: &str,
        path: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = options(clean, entities).map_err(|f| f.into_pyerr(py, None, None))?;
        let input = input_of(item)?;
        match py.detach(|| self.run_one(&input, path, options)) {
            Ok(record) => to_dict(py, &record),
            Err(failure) => Err(failure.into_pyerr(py, None, None)),
        }
    }
}

/// The compiled half of `entity_lens`; import `entity_lens`, not this module.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::Engine;
}
