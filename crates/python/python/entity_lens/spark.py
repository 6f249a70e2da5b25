"""Entity Lens on Spark: a DataFrame of files or texts analyzed with ``mapInArrow``.

Recipe (local mode here; on a cluster the same code, with the package installed on every
executor)::

    from pyspark.sql import SparkSession
    import entity_lens.spark

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    files = entity_lens.spark.read_files(spark, ["articles/"])   # path, content (binary)
    articles = entity_lens.spark.analyze(files)                   # ARTICLE_SCHEMA columns
    articles.write.parquet("out/articles.parquet")
    mentions = entity_lens.spark.analyze(files, layout="mentions")

Each Python worker process loads the embedded model once (on its first batch) and analyzes its
Arrow batches on one thread; the records are exactly the CLI's, in the columns of
:data:`entity_lens.arrow.ARTICLE_SCHEMA` (or :data:`~entity_lens.arrow.MENTION_SCHEMA`).
``path`` is the DataFrame's own ``path`` value (a ``file:`` URI when read by
:func:`read_files`).
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator, Optional, Union

import pyarrow as pa

from . import _process
from .arrow import ARTICLE_SCHEMA, LAYOUTS, MENTION_SCHEMA, table_from_records
from .files import collect_files

__all__ = ["read_files", "analyze", "spark_schema"]

PathLike = Union[str, "os.PathLike[str]"]


def read_files(spark, paths: Iterable[PathLike], *, partitions: Optional[int] = None):
    """A DataFrame ``(path, content)`` of the files the CLI would take for ``paths``
    (directories walked for ``.txt`` files), read by the executors through Spark's
    ``binaryFile`` source: only the file list passes through the driver.

    For millions of files on a distributed file system, let Spark list them instead::

        spark.read.format("binaryFile").option("recursiveFileLookup", "true") \\
            .option("pathGlobFilter", "*.txt").load(root)
    """
    files = [os.path.abspath(p) for p in collect_files(paths)]
    if not files:
        raise ValueError("no files to analyze")
    df = spark.read.format("binaryFile").load(files).select("path", "content")
    if partitions:
        df = df.repartition(partitions)
    return df


def spark_schema(layout: str = "articles"):
    """The Spark ``StructType`` of a layout (converted from its Arrow schema)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_arrow_schema(layout))


def _arrow_schema(layout: str) -> pa.Schema:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    return ARTICLE_SCHEMA if layout == "articles" else MENTION_SCHEMA


def _batches(
    batches: Iterator[pa.RecordBatch],
    path_col: str,
    data_col: str,
    clean: bool,
    entities: str,
    layout: str,
) -> Iterator[pa.RecordBatch]:
    engine = _process.process_engine()
    schema = _arrow_schema(layout)
    for batch in batches:
        paths = batch.column(path_col).to_pylist()
        datas = batch.column(data_col).to_pylist()
        datas = [b"" if d is None else d for d in datas]
        records = engine.analyze_batch(
            datas,
            paths=[p or "" for p in paths],
            clean=clean,
            entities=entities,
            errors="record",
            threads=1,
        )
        table = table_from_records(records, layout)
        for out in table.to_batches():
            yield out
        if table.num_rows == 0:
            yield pa.RecordBatch.from_pylist([], schema=schema)


def analyze(
    df,
    *,
    path_col: str = "path",
    data_col: str = "content",
    clean: bool = True,
    entities: str = "refined",
    layout: str = "articles",
):
    """Analyzes every row of ``df`` with ``mapInArrow``: ``data_col`` holds file contents
    (binary, decoded as the CLI decodes files) or texts (string), ``path_col`` the record's
    path. Returns a DataFrame in ``layout`` (``"articles"`` or ``"mentions"``)."""
    schema = spark_schema(layout)

    def run(batches):
        return _batches(batches, path_col, data_col, clean, entities, layout)

    return df.select(path_col, data_col).mapInArrow(run, schema)
