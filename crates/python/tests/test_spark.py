"""The Spark recipe (PySpark local mode, mapInArrow) on 200 BBC articles equals the CLI, and
Spark reads the Dask recipe's Parquet."""

from __future__ import annotations

import os
import shutil
import subprocess
from urllib.parse import urlparse

import pytest

pytest.importorskip("pyspark")

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java on PATH or JAVA_HOME): PySpark cannot start", allow_module_level=True)

import entity_lens.spark  # noqa: E402
from entity_lens.arrow import record_from_row  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    import sys

    # Spark's Python workers must run this interpreter (the one with entity_lens installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("entity-lens-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


def _local(path: str) -> str:
    return urlparse(path).path if path.startswith("file:") else path


def test_spark_map_in_arrow_equals_cli_on_200_articles(cli, bbc_200, spark):
    expected = {r["path"]: r for r in cli(bbc_200)}
    files = entity_lens.spark.read_files(spark, bbc_200, partitions=2)
    rows = entity_lens.spark.analyze(files).collect()
    assert len(rows) == 200
    for row in rows:
        record = record_from_row(row.asDict(recursive=True))
        path = _local(record["path"])
        record["path"] = path
        assert record == expected[path], path


def test_spark_analyzes_a_dataframe_of_texts(spark, engine):
    texts = [
        ("one", "Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n"),
        ("two", "Shares in Microsoft rose 4% after NASA said it would spend $2 billion.\n"),
    ]
    df = spark.createDataFrame(texts, "path string, text string")
    rows = entity_lens.spark.analyze(df, data_col="text", layout="mentions").collect()
    want = [
        {"path": path, **e, "rule": e.get("rule")}
        for path, text in texts
        for e in engine.analyze(text, path=path)["ents"]
    ]
    assert sorted((r.asDict() for r in rows), key=lambda r: r["path"]) == want
    assert len(want) >= 5


def test_spark_reads_the_dask_parquet(cli, bbc_200, spark, tmp_path):
    pytest.importorskip("dask")
    import entity_lens.dask

    files = bbc_200[:20]
    out = tmp_path / "articles.parquet"
    entity_lens.dask.write_parquet(files, out, files_per_partition=10)  # local scheduler
    rows = spark.read.parquet(str(out)).collect()
    expected = {r["path"]: r for r in cli(files)}
    assert len(rows) == 20
    for row in rows:
        record = record_from_row(row.asDict(recursive=True))
        assert record == expected[record["path"]]
