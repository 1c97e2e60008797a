#!/usr/bin/python3
"""Writes udfs/src/test/resources/reference/exact_cases.json: seeded per-image pixel cases with
pooled AP, AUROC and FPR95 from scikit-learn, the reference for ExactMetrics/PooledExactMetrics.

Run with an interpreter that has numpy and scikit-learn (Debian's /usr/bin/python3)."""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

POSITIVE, VOID = 1, 255
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "resources", "reference", "exact_cases.json")


def image(rng, n, pos_rate, void_rate, decimals, shift=0.0):
    """Scores of positives are shifted up; scores rounded so JSON round-trips exactly."""
    labels = (rng.random(n) < pos_rate).astype(int)
    scores = rng.normal(loc=labels * 1.0 + shift, scale=1.0, size=n)
    scores = 1.0 / (1.0 + np.exp(-scores))
    scores = np.round(scores, decimals)
    labels[rng.random(n) < void_rate] = VOID
    return scores, labels


def expected(images):
    scores = np.concatenate([s for s, _ in images])
    labels = np.concatenate([l for _, l in images])
    keep = labels != VOID
    s, y = scores[keep], (labels[keep] == POSITIVE).astype(int)
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    return {
        "ap": float(average_precision_score(y, s)),
        "auroc": float(roc_auc_score(y, s)),
        "fpr95": float(np.min(fpr[tpr >= 0.95])),
        "positives": int(y.sum()),
        "negatives": int((1 - y).sum()),
        "thresholds": int(np.unique(s).size),
    }


def cases(rng):
    yield "heavy_ties", [image(rng, n, 0.2, 0.05, 1) for n in (600, 1500, 900)]
    yield "few_levels", [image(rng, n, 0.3, 0.0, 2, shift=-0.5) for n in (800, 400)]
    all_equal = []
    for n in (300, 700):
        _, labels = image(rng, n, 0.25, 0.1, 4)
        all_equal.append((np.full(n, 0.5), labels))
    yield "all_equal", all_equal
    yield "void_30pct", [image(rng, n, 0.15, 0.3, 4) for n in (1200, 2000)]
    rare = [image(rng, n, 0.001, 0.02, 4) for n in (4000, 3000, 3000)]
    rare[0][1][:3] = POSITIVE  # guarantee a few positives
    yield "rare_positives_0.1pct", rare
    yield "pooled_mixed_sizes", [image(rng, n, rate, 0.1, 4, shift)
                                 for n, rate, shift in ((150, 0.5, 0.3), (2500, 0.05, -0.2),
                                                        (900, 0.2, 0.0), (40, 0.4, 1.0),
                                                        (1800, 0.1, 0.5))]


def main():
    rng = np.random.default_rng(20240607)
    out = {"generator": "make_exact_reference.py", "sklearn": sklearn.__version__,
           "positive_value": POSITIVE, "void_value": VOID, "cases": []}
    for name, images in cases(rng):
        out["cases"].append({
            "name": name,
            "images": [{"scores": [float(v) for v in s], "labels": [int(v) for v in l]}
                       for s, l in images],
            "expected": expected(images),
        })
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
