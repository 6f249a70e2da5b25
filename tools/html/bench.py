#!/usr/bin/env python3
"""The saved-page extractor on an article-extraction benchmark, scored by the benchmark's own
``evaluate.py`` (F1 over 4-gram shingles of the article body), with peers beside it.

    python3 tools/html/bench.py test --benchmark DIR   # scrapinghub/article-extraction-benchmark
    python3 tools/html/bench.py dev  --benchmark DIR   # the tuning pages (tools/html/devset.py)

DIR is a checkout of the benchmark (``ground-truth.json``, ``html/*.html.gz``, ``evaluate.py``,
``output/*.json``) or a bare git directory of it (read with ``git archive``); get the test set
with ``git clone https://github.com/scrapinghub/article-extraction-benchmark``. The test set is
for measuring only: nothing is tuned on it. The dev set has no ``evaluate.py``: the test set's
is used (``--evaluate``).

The engine runs through ``crates/engine/examples/html_extract.rs``, built first with
``cargo build --release -p entity-lens-engine --example html_extract`` (``--bin`` to point at it).
Prints evaluate.py's table (ours as ``entity_lens``) and milliseconds per page.
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PEERS = ["trafilatura", "readability_js", "rs_trafilatura", "go_trafilatura", "AutoExtract",
         "go_readability_fork", "newspaper", "readability"]


def materialize(src: Path, dest: Path) -> None:
    if (src / "ground-truth.json").exists():
        shutil.copytree(src, dest, dirs_exist_ok=True)
        return
    # File by file: a partial mirror may lack some large blobs (peers' outputs); those are skipped.
    listing = subprocess.run(["git", f"--git-dir={src}", "ls-tree", "-r", "HEAD"], check=True,
                             capture_output=True, text=True).stdout
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        blob = meta.split()[2]
        data = subprocess.run(["git", f"--git-dir={src}", "cat-file", "blob", blob],
                              capture_output=True)
        if data.returncode != 0:
            continue
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", choices=["test", "dev"])
    ap.add_argument("--benchmark", type=Path, required=True)
    ap.add_argument("--evaluate", type=Path, help="evaluate.py to use (dev set)")
    ap.add_argument("--bin", type=Path, default=Path(os.environ.get("CARGO_TARGET_DIR", "target"))
                    / "release/examples/html_extract")
    ap.add_argument("--work", type=Path, default=None, help="scratch dir (default: a temp dir)")
    ap.add_argument("--all-peers", action="store_true")
    ap.add_argument("--n-bootstrap", type=int, default=1000)
    ap.add_argument("--dump", type=Path, help="write our per-page JSON lines here")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix=f"html-bench-{args.which}-"))
    if work.exists():
        shutil.rmtree(work)
    materialize(args.benchmark, work)
    if args.evaluate:
        shutil.copy(args.evaluate, work / "evaluate.py")
    pages = work / "pages"
    pages.mkdir()
    for gz in sorted((work / "html").glob("*.html.gz")):
        (pages / gz.name[: -len(".gz")]).write_bytes(gzip.decompress(gz.read_bytes()))

    run = subprocess.run([str(args.bin), str(pages)], check=True, capture_output=True, text=True)
    rows = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    if args.dump:
        args.dump.write_text(run.stdout)
    truth = json.loads((work / "ground-truth.json").read_text())
    ours = {r["id"]: {"articleBody": r.get("articleBody", "")} for r in rows}
    missing = set(truth) - set(ours)
    if missing:
        print(f"no output for {len(missing)} pages", file=sys.stderr)
        return 1
    ours = {k: ours[k] for k in truth}

    out = work / "output"
    out.mkdir(exist_ok=True)
    for f in out.glob("*.json"):
        if not args.all_peers and f.stem not in PEERS:
            f.unlink()
    version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip() or "dev"
    (out / "entity_lens.json").write_text(json.dumps({"version": version, "output": ours}))
    subprocess.run([sys.executable, "evaluate.py", "--n-bootstrap", str(args.n_bootstrap)],
                   cwd=work, check=True)

    ms = [r["ms"] for r in rows]
    ms_sorted = sorted(ms)
    found = {}
    for r in rows:
        found[r.get("found", "error")] = found.get(r.get("found", "error"), 0) + 1
    print(f"\n{len(rows)} pages; ms/page (html::read, release build): mean {statistics.mean(ms):.2f}, "
          f"median {statistics.median(ms):.2f}, p95 {ms_sorted[int(0.95 * (len(ms) - 1))]:.2f}, "
          f"max {ms_sorted[-1]:.2f}; found: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
