#!/usr/bin/env python3
"""Precision study: convert the model with several storage schemes, run the Rust runtime on a
corpus of spaCy features and compare with spaCy; prints one JSON line per scheme.

usage: /work/venv/bin/python tools/model/study.py CORPUS.jsonl SCHEME [SCHEME ...]
           [--work /tmp/mstudy] [--bin target/release/examples/model_check]

SCHEME is a `--scheme` argument of tools/convert_model.py (e.g. `emb=q8,t2v=f16`; `f32` = all
f32). CORPUS comes from tools/model/spacy_features.py. Sizes: raw, `gzip -9`, `brotli -q 11`.
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sizes(path, brotli_q):
    raw = os.path.getsize(path)
    gz = len(subprocess.run(["gzip", "-9c", path], capture_output=True, check=True).stdout)
    br = len(subprocess.run(["brotli", "-q", str(brotli_q), "-c", path], capture_output=True,
                            check=True).stdout)
    return raw, gz, br


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("schemes", nargs="+")
    ap.add_argument("--work", default="/tmp/mstudy")
    ap.add_argument("--brotli-q", type=int, default=11, help="brotli quality (11 = what ships)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/examples/model_check"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    for scheme in a.schemes:
        tag = scheme.replace("=", "-").replace(",", "_")
        art = os.path.join(a.work, tag + ".elm")
        pred = os.path.join(a.work, tag + ".pred.jsonl")
        arg = "" if scheme == "f32" else scheme
        subprocess.run([sys.executable, os.path.join(ROOT, "tools/convert_model.py"),
                        "--scheme", arg, "--out", art], check=True, capture_output=True)
        with open(a.corpus) as fin, open(pred, "w") as fout:
            subprocess.run([a.bin, art], stdin=fin, stdout=fout, check=True, capture_output=False,
                           stderr=subprocess.DEVNULL)
        cmp = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), a.corpus, pred, "--json"],
                             capture_output=True, check=True, text=True).stdout
        raw, gz, br = sizes(art, a.brotli_q)
        out = {"scheme": scheme, "raw": raw, "gzip": gz, "brotli": br, "brotli_q": a.brotli_q, **json.loads(cmp)}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
