"""Trains the cleanup line model and writes crates/engine/data/cleanup/lines.bin.

    python tools/cleanup/data.py WCEB_GIT_DIR READABILITY_GIT_DIR pages.jsonl   # once
    python tools/cleanup/train.py pages.jsonl [DUMP.jsonl]

Reads only the `train` split of pages.jsonl (the held-out split is fixed by data.py and read
by bench.py alone). The features are computed by the engine itself (the `clean_tools_dump`
test hook; DUMP.jsonl, if given, caches its output), so training and run time cannot drift
apart. Deterministic: fixed folds (grouped by site), fixed hyper-parameters, seeded fits, no
search. Format 2 of the artifact (see `crates/engine/src/clean/model.rs`):

  1. unit model: L2 logistic regression (scikit-learn SGD on log loss, averaged, fixed alpha
     and epochs, seeded) over 42 dense measurements (standardized; the scaling is folded into
     the weights) + 2^14 hashed n-gram slots;
  2. decision model: gradient-boosted trees (scikit-learn HistGradientBoosting, 120 trees of
     at most 15 leaves) over 12 context features of the unit model's logits (out-of-fold
     logits, 5 folds grouped by site, so a site's own chrome never scores its own pages) and
     29 features of the rules' run (their keep and cut reason, neighbourhood, distance to the
     densest stretch of prose, repeated lines, position): a hybrid that learns when the rules
     are wrong. Units are weighted by their words, pages equally.
The keep threshold maximizes the page-averaged token F1 of the out-of-fold decision logits.
"""

import json
import struct
import sys
import zlib

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupKFold

from common import ROOT, Truth, dump, load_pages, tokens, unit_texts

DENSE, CONTEXT, RULES, BITS, VERSION = 42, 12, 29, 14, 2
C_UNIT = 2e-6  # L2 strength (alpha) of the unit model
TREES = dict(max_iter=120, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=50,
             l2_regularization=1.0, early_stopping=False, random_state=0)
OUT = f"{ROOT}/crates/engine/data/cleanup/lines.bin"


def context_features(logits):
    """Same as `model::context_features` in the engine."""
    n = len(logits)

    def at(j):
        return float(logits[j]) if 0 <= j < n else -4.0

    def c(x):
        return min(max(x, -10.0), 10.0) / 4.0

    rows = []
    for i in range(n):
        prev = [min(max(at(j), -10.0), 10.0) for j in range(i - 4, i)]
        nxt = [min(max(at(j), -10.0), 10.0) for j in range(i + 1, i + 5)]
        rows.append([
            c(at(i)), c(at(i - 1)), c(at(i + 1)), c(at(i - 2)), c(at(i + 2)),
            c(sum(prev) / 4), c(max(prev)), c(sum(nxt) / 4), c(max(nxt)),
            c(min(at(i - 1), at(i + 1))), c(max(at(i - 1), at(i + 1))), 1.0,
        ])
    return np.array(rows, dtype=np.float32).reshape(n, CONTEXT)


def matrices(pages, records):
    dense, rules, rows, cols, vals, y, tok, page_of, keep_rules = [], [], [], [], [], [], [], [], []
    r = 0
    for pi, (page, rec) in enumerate(zip(pages, records)):
        truth = Truth(page["gt_body"])
        texts = unit_texts(page["text"], rec["units"])
        for u, t in zip(rec["units"], texts):
            dense.append(u[2])
            for s, v in zip(u[3], u[4]):
                rows.append(r)
                cols.append(s)
                vals.append(v)
            keep_rules.append(u[6])
            rules.append(u[7])
            y.append(1 if truth.is_body(t) else 0)
            tok.append(len(tokens(t)))
            page_of.append(pi)
            r += 1
    dense = np.array(dense, dtype=np.float64)
    hashed = csr_matrix((vals, (rows, cols)), shape=(r, 1 << BITS))
    return (dense, hashed, np.array(rules, dtype=np.float32), np.array(y), np.array(tok, float),
            np.array(page_of), np.array(keep_rules, dtype=bool))


def fit_unit(x, y):
    # Logistic loss, L2, plain SGD with a fixed seed and epoch count: deterministic, and
    # minutes rather than tens of minutes on 230k units x 16k features.
    m = SGDClassifier(loss="log_loss", alpha=C_UNIT, max_iter=8, tol=None, random_state=0,
                      learning_rate="optimal", average=True)
    m.fit(x, y)
    return m


def fit_trees(x, y, w):
    return HistGradientBoostingClassifier(**TREES).fit(x, y, sample_weight=w)


def per_page(page_of):
    out, start = [], 0
    for i in range(1, len(page_of) + 1):
        if i == len(page_of) or page_of[i] != page_of[start]:
            out.append((start, i))
            start = i
    return out


def context_matrix(logits, pages):
    return np.vstack([context_features(logits[a:b]) for a, b in pages])


def page_f1(keep, y, tok, pages):
    """Mean over pages of the token-weighted F1 of kept units (what bench.py's body F1
    approximates at the unit level)."""
    f1s = []
    for a, b in pages:
        k, t, g = keep[a:b], tok[a:b], y[a:b] == 1
        tp = t[k & g].sum()
        p = tp / max(t[k].sum(), 1)
        r = tp / max(t[g].sum(), 1)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1s))


def best_threshold(logits, y, tok, pages):
    best = (0.0, 0.0)
    for t in np.arange(-4.0, 4.01, 0.1):
        f = page_f1(logits >= t, y, tok, pages)
        if f > best[0]:
            best = (f, float(t))
    return best


def export_trees(clf):
    """The boosted trees as flat nodes: (feature or LEAF, threshold or value, left, right)."""
    starts, nodes = [], []
    for (pred,) in clf._predictors:
        starts.append(len(nodes))
        for n in pred.nodes:
            if n["is_leaf"]:
                nodes.append((0xFFFFFFFF, float(n["value"]), 0, 0))
            else:
                nodes.append((int(n["feature_idx"]), float(n["num_threshold"]),
                              int(n["left"]), int(n["right"])))
    return float(clf._baseline_prediction.ravel()[0]), starts, nodes


def eval_trees(base, starts, nodes, x):
    """The engine's `decision_logit`, in f32 (a check of the export)."""
    x = x.astype(np.float32)
    out = np.full(len(x), np.float32(base), dtype=np.float32)
    for r in range(len(x)):
        s = np.float32(base)
        for start in starts:
            k = start
            while nodes[k][0] != 0xFFFFFFFF:
                f, thr, left, right = nodes[k]
                k = start + (left if x[r, f] <= np.float32(thr) else right)
            s += np.float32(nodes[k][1])
        out[r] = s
    return out


def main():
    pages = load_pages(sys.argv[1], "train")
    print(f"{len(pages)} train pages from {len({p['site'] for p in pages})} sites", file=sys.stderr)
    cache = sys.argv[2] if len(sys.argv) > 2 else None
    try:
        with open(cache, encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
    except (TypeError, OSError):
        records = dump(pages)
    assert [r["id"] for r in records] == [p["id"] for p in pages], "dump out of date"
    dense, hashed, rules, y, tok, page_of, keep_rules = matrices(pages, records)
    pages_at = per_page(page_of)
    sites = np.array([pages[i]["site"] for i in page_of])
    print(f"{len(y)} units, {y.mean():.3f} body", file=sys.stderr)
    mean, std = dense.mean(axis=0), dense.std(axis=0) + 1e-6
    x = hstack([csr_matrix((dense - mean) / std), hashed]).tocsr()
    folds = list(GroupKFold(n_splits=5).split(x, y, sites))

    # Out-of-fold unit logits (grouped by site), then the decision model on them.
    oof = np.zeros(len(y))
    for tr, te in folds:
        oof[te] = fit_unit(x[tr], y[tr]).decision_function(x[te])
    x2 = np.hstack([context_matrix(oof, pages_at), rules])
    # Units weighted by their words, every page the same total weight.
    w = tok + 1.0
    for a, b in pages_at:
        w[a:b] *= 100.0 / w[a:b].sum()
    oof2 = np.zeros(len(y))
    for tr, te in folds:
        oof2[te] = fit_trees(x2[tr], y[tr], w[tr]).decision_function(x2[te])
    f_rules = page_f1(keep_rules, y, tok, pages_at)
    f_unit, _ = best_threshold(oof, y, tok, pages_at)
    f_dec, threshold = best_threshold(oof2, y, tok, pages_at)
    f_all = page_f1(np.ones(len(y), bool), y, tok, pages_at)
    print(f"out-of-fold page-averaged token F1: keep everything {f_all:.3f}, rules {f_rules:.3f}, "
          f"unit model {f_unit:.3f}, decision model {f_dec:.3f} (threshold {threshold:.2f})",
          file=sys.stderr)

    unit = fit_unit(x, y)
    # The decision model learns from out-of-fold logits: what the unit model gives on pages
    # of sites it never saw, as at run time.
    trees = fit_trees(x2, y, w)
    base, starts, nodes = export_trees(trees)
    sample = x2[:: max(len(x2) // 300, 1)]
    got, want = eval_trees(base, starts, nodes, sample), trees.decision_function(sample)
    assert np.abs(got - want).max() < 1e-3, f"tree export differs: {np.abs(got - want).max()}"
    coef = unit.coef_[0]
    dense_w = coef[:DENSE] / std
    bias = unit.intercept_[0] - float((coef[:DENSE] * mean / std).sum())
    payload = np.concatenate([dense_w, coef[DENSE:], [bias, base, threshold]]).astype("<f4").tobytes()
    payload += struct.pack(f"<{len(starts)}I", *starts)
    payload += b"".join(struct.pack("<IfII", *n) for n in nodes)
    header = b"ELCLEAN\x01" + struct.pack(
        "<7I", VERSION, DENSE, BITS, CONTEXT + RULES, len(starts), len(nodes),
        zlib.crc32(payload) & 0xFFFFFFFF)
    with open(OUT, "wb") as f:
        f.write(header + payload)
    print(f"wrote {OUT}: {len(header) + len(payload)} bytes ({len(starts)} trees, "
          f"{len(nodes)} nodes)", file=sys.stderr)


if __name__ == "__main__":
    main()
