"""Trains the cleanup line model and writes crates/engine/data/cleanup/lines.bin.

    python tools/cleanup/data.py WCEB_GIT_DIR READABILITY_GIT_DIR pages.jsonl   # once
    python tools/cleanup/train.py pages.jsonl

Reads only the `train` split of pages.jsonl (the held-out split is fixed by data.py and read
by bench.py alone). The features are computed by the engine itself (the `clean_tools_dump`
test hook), so training and run time cannot drift apart.

Model: two L2 logistic regressions (scikit-learn SGD on log loss, averaged, fixed alpha,
fixed epochs, seeded).
  1. unit model over 42 dense measurements (standardized; the scaling is folded into the
     weights) + 2^14 hashed n-gram slots;
  2. context model over 12 features of the unit model's logits of the unit and its
     neighbours, trained on out-of-fold logits (5 folds grouped by site, so a site's own
     chrome never scores its own pages).
The keep threshold maximizes token-weighted F1 of the out-of-fold context logits.
Logistic regression rather than trees: a dot product per unit at run time, a 64 KB artifact,
and hashed sparse n-grams are native to it.
"""

import json
import struct
import sys
import zlib

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupKFold

from common import ROOT, Truth, dump, load_pages, tokens, unit_texts

DENSE, CONTEXT, BITS, VERSION = 42, 12, 14, 1
C_UNIT, C_CONTEXT = 2e-6, 1e-5  # L2 strengths (alpha)
OUT = f"{ROOT}/crates/engine/data/cleanup/lines.bin"


def context_features(logits):
    """Same as `model::context_features` in the engine."""
    n = len(logits)

    def at(j):
        return float(logits[j]) if 0 <= j < n else -4.0

    rows = []
    for i in range(n):
        prev = [min(max(at(j), -10.0), 10.0) for j in range(i - 4, i)]
        nxt = [min(max(at(j), -10.0), 10.0) for j in range(i + 1, i + 5)]

        def c(x):
            return min(max(x, -10.0), 10.0) / 4.0

        rows.append([
            c(at(i)), c(at(i - 1)), c(at(i + 1)), c(at(i - 2)), c(at(i + 2)),
            c(sum(prev) / 4), c(max(prev)), c(sum(nxt) / 4), c(max(nxt)),
            c(min(at(i - 1), at(i + 1))), c(max(at(i - 1), at(i + 1))), 1.0,
        ])
    return np.array(rows, dtype=np.float64).reshape(n, CONTEXT)


def matrices(pages, records):
    dense, rows, cols, vals, y, w, page_of = [], [], [], [], [], [], []
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
            y.append(1 if truth.is_body(t) else 0)
            w.append(np.sqrt(len(tokens(t)) + 1.0))
            page_of.append(pi)
            r += 1
    dense = np.array(dense, dtype=np.float64)
    hashed = csr_matrix((vals, (rows, cols)), shape=(r, 1 << BITS))
    return dense, hashed, np.array(y), np.array(w), np.array(page_of)


def fit(x, y, w, alpha):
    # Logistic loss, L2, plain SGD with a fixed seed and epoch count: deterministic, and
    # minutes rather than tens of minutes on 230k units x 16k features.
    m = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=8, tol=None, random_state=0,
                      learning_rate="optimal", average=True)
    m.fit(x, y, sample_weight=w)
    return m


def per_page(values, page_of):
    out, start = [], 0
    for i in range(1, len(page_of) + 1):
        if i == len(page_of) or page_of[i] != page_of[start]:
            out.append((start, i))
            start = i
    return out


def context_matrix(logits, page_of):
    return np.vstack([context_features(logits[a:b]) for a, b in per_page(logits, page_of)])


def best_threshold(logits, y, tok):
    best = (0.0, 0.0)
    for t in np.arange(-6.0, 6.01, 0.05):
        keep = logits >= t
        tp = tok[keep & (y == 1)].sum()
        p = tp / max(tok[keep].sum(), 1)
        r = tp / max(tok[y == 1].sum(), 1)
        f = 2 * p * r / max(p + r, 1e-9)
        if f > best[0]:
            best = (f, float(t))
    return best


def main():
    pages = load_pages(sys.argv[1], "train")
    print(f"{len(pages)} train pages from {len({p['site'] for p in pages})} sites", file=sys.stderr)
    records = dump(pages)
    with open(sys.argv[1] + ".train-dump.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    dense, hashed, y, w, page_of = matrices(pages, records)
    sites = np.array([pages[i]["site"] for i in page_of])
    print(f"{len(y)} units, {y.mean():.3f} body", file=sys.stderr)
    mean, std = dense.mean(axis=0), dense.std(axis=0) + 1e-6
    x = hstack([csr_matrix((dense - mean) / std), hashed]).tocsr()

    # Out-of-fold unit logits (grouped by site), then the context model on them.
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(x, y, sites):
        oof[te] = fit(x[tr], y[tr], None, C_UNIT).decision_function(x[te])
    ctx = context_matrix(oof, page_of)
    oof2 = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(ctx, y, sites):
        oof2[te] = fit(ctx[tr], y[tr], None, C_CONTEXT).decision_function(ctx[te])
    tok = np.array([w_ ** 2 - 1 for w_ in w])
    f1_unit, _ = best_threshold(oof, y, tok)
    f1_ctx, threshold = best_threshold(oof2, y, tok)
    f1_all, _ = best_threshold(np.zeros(len(y)), y, tok)
    print(f"keep-everything token F1: {f1_all:.3f}", file=sys.stderr)
    print(f"out-of-fold token F1: unit model {f1_unit:.3f}, with context {f1_ctx:.3f} "
          f"(threshold {threshold:.2f})", file=sys.stderr)

    unit = fit(x, y, None, C_UNIT)
    context = fit(ctx, y, None, C_CONTEXT)
    coef = unit.coef_[0]
    dense_w = coef[:DENSE] / std
    bias = unit.intercept_[0] - float((coef[:DENSE] * mean / std).sum())
    payload = np.concatenate([
        dense_w, coef[DENSE:], [bias], context.coef_[0], [context.intercept_[0]], [threshold],
    ]).astype("<f4").tobytes()
    header = b"ELCLEAN\x01" + struct.pack(
        "<5I", VERSION, DENSE, BITS, CONTEXT, zlib.crc32(payload) & 0xFFFFFFFF)
    with open(OUT, "wb") as f:
        f.write(header + payload)
    print(f"wrote {OUT}: {len(header) + len(payload)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
