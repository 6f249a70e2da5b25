#!/usr/bin/env python3
"""Builds the tuning set for the saved-page extractor, in the article-extraction benchmark's
layout (``html/<id>.html.gz``, ``ground-truth.json`` with ``articleBody``), from the article
pages of tiptopjaw/web-content-extraction-benchmark (pages from 2025-2026, bodies annotated by
an LLM with review; none of them from scrapinghub's 2019 test set, whose URLs are checked).

    python3 tools/html/devset.py --source DIR --out DIR [--limit N] [--exclude TEST_GROUND_TRUTH]

DIR is a checkout or a bare git directory of that repository.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path


def reader(src: Path):
    if (src / "benchmark").exists():
        return lambda p: (src / p).read_bytes()
    def show(p):
        return subprocess.run(["git", f"--git-dir={src}", "show", f"HEAD:{p}"], check=True,
                              capture_output=True).stdout
    return show


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--exclude", type=Path, help="a ground-truth.json whose URLs must not occur")
    args = ap.parse_args()
    read = reader(args.source)
    excluded = set()
    if args.exclude:
        excluded = {v.get("url", "").rstrip("/") for v in json.loads(args.exclude.read_text()).values()}
    listing = subprocess.run(["git", f"--git-dir={args.source}", "ls-tree", "--name-only", "HEAD",
                              "benchmark/ground-truth/"], capture_output=True, text=True).stdout.split()
    (args.out / "html").mkdir(parents=True, exist_ok=True)
    truth = {}
    for path in sorted(listing):
        g = json.loads(read(path))
        if g.get("_internal", {}).get("page_type", {}).get("primary") != "article":
            continue
        url = g.get("url", "")
        if url.rstrip("/") in excluded:
            continue
        body = g.get("ground_truth", {}).get("main_content") or ""
        if len(body) < 200:
            continue
        fid = g["file_id"]
        try:
            html = read(f"release/html/{fid}.html.gz")
        except subprocess.CalledProcessError:
            continue
        (args.out / "html" / f"{fid}.html.gz").write_bytes(html)
        truth[fid] = {"articleBody": body, "url": url}
        if len(truth) >= args.limit:
            break
    (args.out / "ground-truth.json").write_text(json.dumps(truth, indent=1))
    print(f"{len(truth)} article pages -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
