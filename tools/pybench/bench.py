"""Throughput of the Python package beside the CLI, on the same files, in the same run.

    python tools/pybench/bench.py [--dir ../shared/data/bbc-news] [--limit 600] [--cli PATH]

Needs the package installed (``bash crates/python/ci.sh`` builds it into
``$CARGO_TARGET_DIR/python-venv``; run this script with that venv's python) and a release CLI.
Every row does the same work: decode, clean, recognize, refine, one JSON record per file.

- ``cli --jobs N``: ``entity-lens analyze --format jsonl --jobs N`` (wall time, process start,
  model load, reading files and writing JSON included).
- ``analyze_batch threads=N``: the files' bytes already in memory; the model loaded beforehand.
- ``dask N workers``: ``entity_lens.dask.write_parquet`` on ``entity_lens.dask.local_cluster`` (N worker
  processes, one thread each), Parquet written; the cluster's start-up is reported apart, the
  workers' model load is inside the time (it happens on their first partition).

CPU seconds (user + system, every thread and worker process) are reported beside wall time:
on a busy machine words per CPU-second stay meaningful when wall-clock scaling does not.
Words are whitespace-separated words of each decoded file (as ``entity-lens bench`` counts).
Prints a table and, with ``--json``, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
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

    def row(name, seconds, cpu, note=""):
        rows.append({"name": name, "seconds": seconds, "words_per_second": words / seconds,
                     "cpu_seconds": cpu, "words_per_cpu_second": words / cpu, "note": note})

    def children_cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cores = os.cpu_count() or 1
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for jobs in (1, 2):
        cpu = children_cpu()
        seconds, _ = timed(lambda: subprocess.run(
            [args.cli, "analyze", "--format", "jsonl", "--jobs", str(jobs), *files],
            stdout=subprocess.DEVNULL, check=False))
        row(f"cli --jobs {jobs}", seconds, children_cpu() - cpu, "process start + model load included")

    load, engine = timed(entity_lens.Engine)
    engine.analyze_batch(datas[:2])  # warm-up
    for threads in (1, 2):
        cpu = time.process_time()
        seconds, records = timed(lambda: engine.analyze_batch(datas, threads=threads, errors="record"))
        cpu = time.process_time() - cpu
        assert len(records) == len(files)
        row(f"analyze_batch threads={threads}", seconds, cpu, f"model load {load * 1e3:.0f} ms apart")

    if not args.no_dask:
        from dask.distributed import Client

        import entity_lens.dask

        for workers in (1, 2):
            start = time.perf_counter()
            with entity_lens.dask.local_cluster(n_workers=workers) as cluster, \
                    Client(cluster) as client:
                startup = time.perf_counter() - start
                before = sum(client.run(time.process_time).values()) + time.process_time()
                with tempfile.TemporaryDirectory() as out:
                    seconds, parts = timed(lambda: entity_lens.dask.write_parquet(
                        files, out, files_per_partition=max(1, len(files) // (8 * workers))))
                cpu = sum(client.run(time.process_time).values()) + time.process_time() - before
            row(f"dask {workers} worker{'s' if workers > 1 else ''}", seconds, cpu,
                f"cluster start {startup:.1f} s apart; Parquet written")

    base = rows[0]["words_per_second"]
    report = {"files": len(files), "words": words, "cores": cores, "load_before": load_before, "rows": rows}
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{len(files)} files, {words} words, {cores} cores (shared machine: figures vary)")
    print(f"load average before the run: {load_before}")
    print(f"{'':24} {'seconds':>8} {'words/s':>9} {'vs cli -j1':>10} {'cpu s':>7} {'words/cpu-s':>11}")
    for r in rows:
        print(f"{r['name']:24} {r['seconds']:8.2f} {r['words_per_second']:9.0f} "
              f"{r['words_per_second'] / base:10.2f} {r['cpu_seconds']:7.2f} "
              f"{r['words_per_cpu_second']:11.0f}  {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
