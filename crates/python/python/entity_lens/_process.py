"""One engine per worker process, made on first use (never at import, never inherited)."""

from __future__ import annotations

import os
from typing import Optional, Tuple

from ._native import Engine

_engine: Optional[Tuple[int, Engine]] = None


def process_engine() -> Engine:
    """The engine of the calling process, loaded on first use.

    Keyed by process id: a child forked from a process that already holds one loads its own
    instead of trusting the inherited copy. Threads of one process share it (it is thread-safe).
    """
    global _engine
    pid = os.getpid()
    if _engine is None or _engine[0] != pid:
        _engine = (pid, Engine())
    return _engine[1]


def read_inputs(paths):
    """Each file's bytes, or the CLI's read-error message in its place."""
    datas = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                datas.append(f.read())
        except OSError as err:
            # The CLI's wording: Rust's `io::Error` display.
            reason = f"{err.strerror} (os error {err.errno})" if err.errno else str(err)
            datas.append(OSError(f"cannot read the file: {reason}"))
    return datas


def analyze_paths(paths, clean: bool, entities: str):
    """Records for files, as the CLI prints them: unreadable or refused files give
    ``{"path", "error"}`` records. One thread: the worker process is the unit of parallelism."""
    paths = list(paths)
    datas = read_inputs(paths)
    readable = [i for i, d in enumerate(datas) if not isinstance(d, OSError)]
    records = process_engine().analyze_batch(
        [datas[i] for i in readable],
        paths=[paths[i] for i in readable],
        clean=clean,
        entities=entities,
        errors="record",
        threads=1,
    )
    out = [{"path": p, "error": str(d)} if isinstance(d, OSError) else None for p, d in zip(paths, datas)]
    for i, record in zip(readable, records):
        out[i] = record
    return out
