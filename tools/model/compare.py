#!/usr/bin/env python3
"""Compare model predictions (model_check output) with spaCy's (spacy_features.py output).

usage: python tools/model/compare.py corpus.jsonl pred.jsonl [--show 10]

Prints per corpus (id prefix before the first '/'): documents, documents with identical entity
lists, entity F1 (exact span + label) against spaCy, token-level sentence-start agreement and
documents with identical sentence starts; then the totals.
"""
import argparse, json, collections


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--json", action="store_true", help="print one JSON line of totals")
    a = ap.parse_args()
    pred = {}
    for line in open(a.pred):
        d = json.loads(line)
        pred[d["id"]] = d
    S = collections.defaultdict(lambda: collections.Counter())
    bad = []
    for line in open(a.gold):
        g = json.loads(line)
        p = pred.get(g["id"])
        if p is None:
            continue
        n = len(g["features"])
        ge = {tuple(e[:3]) for e in g["ents"]}
        pe = {tuple(e[:3]) for e in p["ents"]}
        gs, ps = set(g["sent_starts"]), set(p["sent_starts"])
        for key in (g["id"].split("/")[0], "TOTAL"):
            c = S[key]
            c["docs"] += 1
            c["ent_docs_same"] += ge == pe
            c["tp"] += len(ge & pe)
            c["gold"] += len(ge)
            c["pred"] += len(pe)
            c["tokens"] += n
            c["sent_tok_diff"] += len(gs ^ ps)
            c["sent_docs_same"] += gs == ps
        if ge != pe or gs != ps:
            bad.append((g["id"], sorted(ge - pe), sorted(pe - ge), len(gs ^ ps)))
    tot = None
    for key, c in sorted(S.items(), key=lambda kv: kv[0] == "TOTAL"):
        f1 = 2 * c["tp"] / max(1, c["gold"] + c["pred"])
        line = (f"{key:14s} docs {c['docs']:5d}  ents identical {c['ent_docs_same']:5d} "
                f"({100 * c['ent_docs_same'] / c['docs']:.2f}%)  F1 {f1:.6f}  "
                f"sent-start tokens {1 - c['sent_tok_diff'] / max(1, c['tokens']):.6f} "
                f"docs {c['sent_docs_same']}/{c['docs']}")
        if not a.json:
            print(line)
        tot = {"docs": c["docs"], "ent_docs_pct": 100 * c["ent_docs_same"] / c["docs"], "f1": f1,
               "sent_tok": 1 - c["sent_tok_diff"] / max(1, c["tokens"]),
               "sent_docs_pct": 100 * c["sent_docs_same"] / c["docs"]}
    if a.json:
        print(json.dumps(tot))
    else:
        for b in bad[: a.show]:
            print("  differs:", b[0], "missing", b[1][:3], "extra", b[2][:3], "sent diffs", b[3])


if __name__ == "__main__":
    main()
