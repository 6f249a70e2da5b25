"""The Dask recipe on 200 BBC articles: a LocalCluster of worker processes writes Parquet that
pandas reads back to exactly the CLI's records."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

pytest.importorskip("dask.distributed")

from dask.distributed import Client  # noqa: E402

import entity_lens.dask  # noqa: E402
from entity_lens.arrow import record_from_row  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with entity_lens.dask.local_cluster(n_workers=2) as cluster:
        with Client(cluster) as client:
            yield client


def test_local_cluster_workers_keep_malloc_adaptive(cluster):
    import os

    pids = cluster.run(os.getpid)
    assert len(set(pids.values())) == 2, "two worker processes"
    assert os.getpid() not in pids.values()
    trims = cluster.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert list(trims.values()) == [None, None], trims


def test_dask_parquet_equals_cli_on_200_articles(cli, bbc_200, cluster, tmp_path):
    expected = cli(bbc_200)
    out = tmp_path / "articles.parquet"
    written = entity_lens.dask.write_parquet(bbc_200, out, files_per_partition=25)
    assert len(written) == 8
    # Both workers did part of the work.
    assert len(cluster.scheduler_info()["workers"]) == 2
    frame = pd.read_parquet(out)
    assert len(frame) == 200
    got = [record_from_row(row) for row in frame.to_dict("records")]
    assert [r["path"] for r in got] == bbc_200
    for want, have in zip(expected, got):
        assert _plain(have) == want, want["path"]


def test_dask_mentions_layout_equals_cli(cli, bbc_200, cluster, tmp_path):
    files = bbc_200[:50]
    expected = cli(files, "--entities", "raw")
    out = tmp_path / "mentions.parquet"
    entity_lens.dask.write_parquet(files, out, layout="mentions", entities="raw")
    rows = pq.read_table(out).to_pylist()
    want = [{"path": r["path"], **e, "rule": e.get("rule")} for r in expected for e in r["ents"]]
    assert rows == want
    assert len(rows) > 500


def test_dask_bag_reports_bad_files_as_the_cli_does(cli, cluster, tmp_path):
    (tmp_path / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.TXT").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.md").write_text("not taken: not .txt")
    expected = cli([tmp_path])
    got = entity_lens.dask.analyze_bag([tmp_path], files_per_partition=1).compute()
    assert got == expected
    assert len(got) == 3 and "error" in got[1] and "error" in got[2]


def _plain(value):
    """pandas hands back numpy arrays and scalars; make them lists and Python ints."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [_plain(v) for v in value]
    if type(value).__module__ == "numpy":
        return value.item()
    return value
