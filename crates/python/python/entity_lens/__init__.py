"""Entity Lens: named entities in news articles, spaCy-faithful, from Python.

The engine is the project's Rust engine (a port of spaCy's ``en_core_web_sm`` 3.8 plus article
cleanup and entity refinement), compiled into this package with the model embedded. Every
result is the same JSON record that ``entity-lens analyze --format jsonl`` prints, as a dict::

    >>> import entity_lens
    >>> engine = entity_lens.Engine()            # loads the embedded model once
    >>> record = engine.analyze("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\\n")
    >>> [(e["text"], e["label"]) for e in record["ents"]]  # doctest: +SKIP
    [('Angela Merkel', 'PERSON'), ('Emmanuel Macron', 'PERSON'), ('Paris', 'GPE'), ('Tuesday', 'DATE')]

- :meth:`Engine.analyze` (``str``), :meth:`Engine.analyze_bytes` (file contents, decoded as
  the CLI decodes them), :meth:`Engine.analyze_batch` (many, in parallel, GIL released).
- :func:`export` (files) and :meth:`Engine.export` (texts): the corpus in any format of
  ``entity-lens export`` (CSV, spaCy JSONL, GraphML, GEXF, brat zip, CoNLL, Web Annotation,
  HTML), byte for byte the CLI's.
- :mod:`entity_lens.errors`: typed exceptions for bad input.
- :mod:`entity_lens.dask`: a folder of files on a Dask cluster, written as Parquet.
- :mod:`entity_lens.spark`: the same with PySpark (``mapInArrow``).

An :class:`Engine` pickles without its weights (unpickling loads the embedded model again), and
the package starts no thread pool or other process-wide state at import, so it is safe in
forked worker processes.
"""

from __future__ import annotations

from . import errors
from ._native import Engine
from ._export import export
from .errors import (
    BinaryInputError,
    EmptyInputError,
    EntityLensError,
    InvalidArgumentError,
    InvalidInputError,
    ModelError,
    UndecodableInputError,
)
from .files import collect_files

__all__ = [
    "Engine",
    "collect_files",
    "export",
    "errors",
    "EntityLensError",
    "InvalidInputError",
    "EmptyInputError",
    "BinaryInputError",
    "UndecodableInputError",
    "InvalidArgumentError",
    "ModelError",
]
