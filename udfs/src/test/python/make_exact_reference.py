#!/usr/bin/python3
"""Writes udfs/src/test/resources/reference/exact_cases.json: seeded per-image pixel cases with the
pooled metrics of protocols exact and ade-ood (scikit-learn), the reference for the Java metrics
tests; the other protocols' references come from their official code (run_official_protocols.py,
which reads these cases' pixels).

- "expected": protocol `exact` from scikit-learn (average_precision_score, roc_auc_score, and the
  lowest FPR with TPR >= 0.95 from roc_curve(drop_intermediate=False)).
- "protocols": {"ade-ood": {ap, fpr95, auroc}} from scikit-learn; fpr95 = fpr[argmin |tpr - 0.95|]
  over roc_curve() (drop_intermediate=True), and "fpr95_no_drop" over
  roc_curve(drop_intermediate=False).

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


def pooled(images):
    scores = np.concatenate([s for s, _ in images])
    labels = np.concatenate([l for _, l in images])
    keep = labels != VOID
    return scores[keep], (labels[keep] == POSITIVE).astype(int)


def expected(images):
    s, y = pooled(images)
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    return {
        "ap": float(average_precision_score(y, s)),
        "auroc": float(roc_auc_score(y, s)),
        "fpr95": float(np.min(fpr[tpr >= 0.95])),
        "positives": int(y.sum()),
        "negatives": int((1 - y).sum()),
        "thresholds": int(np.unique(s).size),
    }


def ade_ood(images):
    s, y = pooled(images)
    fpr, tpr, _ = roc_curve(y, s)
    fpr_all, tpr_all, _ = roc_curve(y, s, drop_intermediate=False)
    return {
        "ap": float(average_precision_score(y, s)),
        "auroc": float(roc_auc_score(y, s)),
        "fpr95": float(fpr[np.argmin(np.abs(tpr - 0.95))]),
        "fpr95_no_drop": float(fpr_all[np.argmin(np.abs(tpr_all - 0.95))]),
    }


def collinear(rng):
    """Near TPR 0.95 the ROC curve is one straight run, so drop_intermediate changes ade-ood's FPR95."""
    scores, labels = [], []
    level = 1000
    for _ in range(90):  # 90 positives alone: TPR 0.90 at FPR 0
        scores.append(level / 1000.0); labels.append(1); level -= 1
    for _ in range(10):  # then (1 positive, 1 negative) per threshold: a collinear run to TPR 1
        scores += [level / 1000.0] * 2; labels += [1, 0]; level -= 1
    for _ in range(200):
        scores.append(level / 1000.0); labels.append(0); level -= 1
    order = rng.permutation(len(scores))
    s, l = np.array(scores)[order], np.array(labels)[order]
    return [(s[:150], l[:150]), (s[150:], l[150:])]


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
    yield "collinear_roc", collinear(rng)


def main():
    rng = np.random.default_rng(20240607)
    out = {"generator": "make_exact_reference.py", "sklearn": sklearn.__version__,
           "numpy": np.__version__, "positive_value": POSITIVE, "void_value": VOID, "cases": []}
    for name, images in cases(rng):
        out["cases"].append({
            "name": name,
            "images": [{"scores": [float(v) for v in s], "labels": [int(v) for v in l]}
                       for s, l in images],
            "expected": expected(images),
            "protocols": {"ade-ood": ade_ood(images)},
        })
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")
    for c in out["cases"]:
        p = c["protocols"]
        print(f'{c["name"]:24s} exact ap {c["expected"]["ap"]:.6f} fpr95 {c["expected"]["fpr95"]:.6f}'
              f' | ade-ood fpr95 {p["ade-ood"]["fpr95"]:.6f} (no drop {p["ade-ood"]["fpr95_no_drop"]:.6f})')


if __name__ == "__main__":
    main()
