"""Text cleanup benchmark: the previous rules and the learned cleaner, side by side, on the
held-out pages (data.py's split, never used to train or tune either).

    python tools/cleanup/bench.py pages.jsonl      # CLEANUP_RELEASE=1: time a release build
    python tools/cleanup/bench.py scrapinghub.jsonl  # the test-only set (data.py scrapinghub)
    CLEANUP_WORST=5 ...  # also name the 5 pages of lowest body F1 per cleaner and per difference

Per set: unit (line) precision and recall of body (units labelled by alignment with the
ground-truth body), body F1 (bag-of-tokens F1 of the kept text against the ground-truth body,
averaged over pages, as scrapinghub's evaluate.py does), and the headline / date found when the
dataset gives one.
"""

import os
import sys
from collections import Counter

from common import Truth, dump, load_pages, tokens, unit_texts


def bag_f1(pred, gold):
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    tp = sum((p & g).values())
    if not p and not g:
        return 1.0, 1.0, 1.0
    prec = tp / max(sum(p.values()), 1)
    rec = tp / max(sum(g.values()), 1)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def same_title(a, b):
    return bool(a) and bool(b) and tokens(a) == tokens(b)


def score(pages, records, who):
    tp = fp = fn = 0
    f1s, titles, dates, n_titles, n_dates = [], 0, 0, 0, 0
    for page, rec in zip(pages, records):
        truth = Truth(page["gt_body"])
        keep_at = 5 if who == "model" else 6
        for u, t in zip(rec["units"], unit_texts(page["text"], rec["units"])):
            body, kept = truth.is_body(t), u[keep_at]
            tp += body and kept
            fp += kept and not body
            fn += body and not kept
        art = rec[who]
        f1s.append(bag_f1(art["text"], page["gt_body"])[2])
        if page.get("gt_title"):
            n_titles += 1
            titles += same_title(art["title"], page["gt_title"])
        if page.get("gt_date"):
            n_dates += 1
            dates += art["date"] == page["gt_date"]
    return {
        "line P": tp / max(tp + fp, 1),
        "line R": tp / max(tp + fn, 1),
        "body F1": sum(f1s) / max(len(f1s), 1),
        "title": titles / n_titles if n_titles else None,
        "date": dates / n_dates if n_dates else None,
        "pages": len(pages),
    }


def main():
    pages = load_pages(sys.argv[1], "heldout")
    records = dump(pages, release=bool(os.environ.get("CLEANUP_RELEASE")))
    sets = {
        "readability (64 news/blog pages, other sites)": lambda p: p["dataset"] == "readability",
        "wceb held-out sites, articles": lambda p: p["dataset"] == "wceb" and p["page_type"] in ("article", "blog"),
        "wceb held-out sites, all pages": lambda p: p["dataset"] == "wceb",
        "scrapinghub (181 news pages, test only)": lambda p: p["dataset"] == "scrapinghub",
        "all held-out": lambda p: True,
    }
    # A file holding one set only (scrapinghub.jsonl) prints that set alone.
    sets = {k: f for k, f in sets.items() if any(map(f, pages))}
    if len({p["dataset"] for p in pages}) == 1:
        sets.pop("all held-out")
    timing(records)
    cols = ["line P", "line R", "body F1", "title", "date"]
    print(f"{'set':48} {'cleaner':8} " + " ".join(f"{c:>8}" for c in cols))
    for name, keep in sets.items():
        sel = [i for i, p in enumerate(pages) if keep(p)]
        ps, rs = [pages[i] for i in sel], [records[i] for i in sel]
        for who, label in (("rules", "rules"), ("model", "learned")):
            s = score(ps, rs, who)
            print(f"{name + ' n=' + str(s['pages']):48} {label:8} "
                  + " ".join(f"{s[c]:8.3f}" if s[c] is not None else f"{'n/a':>8}" for c in cols))
        better = worse = 0
        for p, r in zip(ps, rs):
            d = bag_f1(r["model"]["text"], p["gt_body"])[2] - bag_f1(r["rules"]["text"], p["gt_body"])[2]
            better += d > 0.005
            worse += d < -0.005
        print(f"{'':48} pages where learned body F1 is better / worse by > 0.005: {better} / {worse}")
        worst = int(os.environ.get("CLEANUP_WORST", "0"))
        if worst:
            # The pages where one cleaner fails badly (body F1 rules / learned, lowest first).
            f1 = [(bag_f1(r["rules"]["text"], p["gt_body"])[2], bag_f1(r["model"]["text"], p["gt_body"])[2], p["id"])
                  for p, r in zip(ps, rs)]
            for label, key in (("rules", lambda x: x[0]), ("learned", lambda x: x[1]),
                               ("learned - rules", lambda x: x[1] - x[0])):
                picks = sorted(f1, key=key)[:worst]
                print(f"{'':48} lowest {label}: "
                      + ", ".join(f"{i[:24]} {a:.2f}/{b:.2f}" for a, b, i in picks))


def timing(records):
    n = max(len(records), 1)
    model = sum(r["ns_model"] for r in records) / 1e6
    rules = sum(r["ns_rules"] for r in records) / 1e6
    build = "release" if os.environ.get("CLEANUP_RELEASE") else "debug"
    print(f"time per article over {len(records)} pages ({build} build of the test hook): "
          f"rules {rules / n:.2f} ms, learned {model / n:.2f} ms, ratio {model / max(rules, 1e-9):.2f}")


if __name__ == "__main__":
    main()
