"""Throughput of the Python package beside the CLI, on the same files, in the same run.

    python tools/pybench/bench.py [--dir ../shared/data/bbc-news] [--limit 600] [--cli PATH]

Needs the package installed (``bash crates/python/ci.sh`` builds it into
``$CARGO_TARGET_DIR/python-venv``; run this script with that venv's python) and a release CLI.
Every row does the same work: decode, clean, recognize, refine, one JSON record per file.

- ``cli --jobs N``: ``entity-lens analyze --format jsonl --jobs N`` (wall time, process start,
  model load, reading files and writing JSON included).
- ``analyze_batch threads=N``: the files' bytes already in memory; the model loaded beforehand.
- ``dask N workers``: ``entity_lens.dask.write_parquet`` on a ``LocalCluster`` of N worker
  processes (one thread each), Parquet written; the cluster's start-up is reported apart, the
  workers' model load is inside the time (it happens on their first partition).

Words are whitespace-separated words of each decoded file (as ``entity-lens bench`` counts).
Prints a table and, with ``--json``, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def default_cli() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "entity-lens"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=str(ROOT.parent / "shared" / "data" / "bbc-news"))
    parser.add_argument("--limit", type=int, default=600, help="files (0 = all)")
    parser.add_argument("--cli", default=str(default_cli()))
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import entity_lens

    files = entity_lens.collect_files([args.dir])
    if args.limit:
        # Spread over the topic folders rather than the first folder only.
        step = max(1, len(files) // args.limit)
        files = files[::step][: args.limit]
    if not files:
        print(f"no .txt files under {args.dir}", file=sys.stderr)
        return 1
    datas = [Path(f).read_bytes() for f in files]
    words = sum(len(d.decode("utf-8", errors="replace").split()) for d in datas)
    rows = []

    def row(name, seconds, note=""):
        rows.append({"name": name, "seconds": seconds, "words_per_second": words / seconds, "note": note})

    cores = os.cpu_count() or 1
    for jobs in (1, 2):
        seconds, _ = timed(lambda: subprocess.run(
            [args.cli, "analyze", "--format", "jsonl", "--jobs", str(jobs), *files],
            stdout=subprocess.DEVNULL, check=False))
        row(f"cli --jobs {jobs}", seconds, "process start + model load included")

    load, engine = timed(entity_lens.Engine)
    engine.analyze_batch(datas[:2])  # warm-up
    for threads in (1, 2):
        seconds, records = timed(lambda: engine.analyze_batch(datas, threads=threads, errors="record"))
        assert len(records) == len(files)
        row(f"analyze_batch threads={threads}", seconds, f"model load {load * 1e3:.0f} ms apart")

    if not args.no_dask:
        from dask.distributed import Client, LocalCluster

        import entity_lens.dask

        for workers in (1, 2):
            start = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster):
                startup = time.perf_counter() - start
                with tempfile.TemporaryDirectory() as out:
                    seconds, parts = timed(lambda: entity_lens.dask.write_parquet(
                        files, out, files_per_partition=max(1, len(files) // (8 * workers))))
            row(f"dask {workers} worker{'s' if workers > 1 else ''}", seconds,
                f"cluster start {startup:.1f} s apart; Parquet written")

    base = rows[0]["words_per_second"]
    report = {"files": len(files), "words": words, "cores": cores, "rows": rows}
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{len(files)} files, {words} words, {cores} cores (shared machine: figures vary)")
    print(f"{'':32} {'seconds':>8} {'words/s':>9} {'vs cli -j1':>10}")
    for r in rows:
        print(f"{r['name']:32} {r['seconds']:8.2f} {r['words_per_second']:9.0f} "
              f"{r['words_per_second'] / base:10.2f}  {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
