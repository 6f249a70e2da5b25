"""Entity Lens on Dask: a folder of article files analyzed by a cluster, written as Parquet.

Recipe (worker *processes*, one thread each: the engine is CPU-bound and releases the GIL, but
a process per core keeps every worker independent)::

    from dask.distributed import Client, LocalCluster
    import entity_lens.dask

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, \\
            Client(cluster):
        parts = entity_lens.dask.write_parquet(["articles/"], "out/articles.parquet")

    import pandas as pd
    df = pd.read_parquet("out/articles.parquet")        # one row per article, nested ents

Each worker process loads the embedded model once, on its first partition
(:func:`entity_lens._process.process_engine`); nothing is shipped but paths. The records are
exactly the CLI's (``entity-lens analyze --format jsonl`` on the same paths), in the same
order; :func:`entity_lens.arrow.record_from_row` turns a Parquet row back into one.
"""

from __future__ import annotations

import os
from typing import Iterable, List, Optional, Union

import dask
import dask.bag as db

from . import _process
from .arrow import LAYOUTS, table_from_records
from .files import collect_files

__all__ = ["analyze_bag", "write_parquet"]

PathLike = Union[str, "os.PathLike[str]"]


def analyze_bag(
    paths: Iterable[PathLike],
    *,
    clean: bool = True,
    entities: str = "refined",
    files_per_partition: int = 32,
) -> db.Bag:
    """A Dask bag of the CLI's records (dicts) for ``paths`` (files and directories, expanded
    as the CLI expands them), in the CLI's order, ``files_per_partition`` files per task.

    Unreadable, empty or binary files give ``{"path", "error"}`` records, as in the CLI.
    """
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    files = collect_files(paths)
    if not files:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(files, partition_size=files_per_partition)
    return bag.map_partitions(_process.analyze_paths, clean, entities)


def _write_partition(records: List[dict], path: str, layout: str) -> str:
    import pyarrow.parquet as pq

    pq.write_table(table_from_records(records, layout), path)
    return path


def write_parquet(
    paths: Iterable[PathLike],
    out_dir: PathLike,
    *,
    clean: bool = True,
    entities: str = "refined",
    layout: str = "articles",
    files_per_partition: int = 32,
    compute: bool = True,
) -> Union[List[str], List["dask.delayed.Delayed"]]:
    """Analyzes ``paths`` on the current Dask scheduler (a ``Client``'s cluster if one is
    active) and writes a Parquet dataset: ``out_dir/part-00000.parquet``, ... in input order.

    ``layout``: ``"articles"`` (one row per file, entities nested) or ``"mentions"`` (one row
    per mention); see :mod:`entity_lens.arrow`. Returns the files written, or with
    ``compute=False`` the delayed writes.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    # A previous run's extra parts would otherwise be read back as part of this dataset.
    for name in os.listdir(out_dir):
        if name.startswith("part-") and name.endswith(".parquet"):
            os.remove(os.path.join(out_dir, name))
    bag = analyze_bag(paths, clean=clean, entities=entities, files_per_partition=files_per_partition)
    writes = [
        dask.delayed(_write_partition)(part, os.path.join(out_dir, f"part-{i:05d}.parquet"), layout)
        for i, part in enumerate(bag.to_delayed())
    ]
    if not compute:
        return writes
    return list(dask.compute(*writes))
