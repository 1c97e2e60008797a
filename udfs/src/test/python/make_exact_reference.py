#!/usr/bin/python3
"""Writes udfs/src/test/resources/reference/exact_cases.json: seeded per-image pixel cases with the
pooled metrics of every protocol, the reference for the Java metrics tests.

- "expected": protocol `exact` from scikit-learn (average_precision_score, roc_auc_score, and the
  lowest FPR with TPR >= 0.95 from roc_curve(drop_intermediate=False)).
- "protocols": per protocol {ap, fpr95, auroc}:
  - ade-ood: scikit-learn; fpr95 = fpr[argmin |tpr - 0.95|] over roc_curve() (drop_intermediate=True),
    and "fpr95_no_drop" over roc_curve(drop_intermediate=False);
  - smiyc: a numpy transcription of SegmentMeIfYouCan road-anomaly-benchmark (1c7804e)
    binary_confusion_matrix(num_bins=768, bin_strategy='percentiles'), aggregate_dynamic_bins and
    curves_from_cmats, with AP = np.trapz(precision, recall) and ties of the highest threshold
    merged (see smiyc()); "thresholds" = merged thresholds that hold pixels;
  - fishyscapes: a numpy transcription of Fishyscapes calculate_metrics_perpixAP.
- "smiyc_upstream": for information only (not tested): the smiyc values with upstream's index-0
  handling kept verbatim, and upstream's own AP (step sum) at 1c7804e.

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


def fishyscapes(images):
    """calculate_metrics_perpixAP (Fishyscapes / bdl-benchmark), its metric part verbatim."""
    labels = np.concatenate([l for _, l in images])
    uncertainties = np.concatenate([s for s, _ in images])
    pos = labels == 1
    valid = np.logical_or(labels == 1, labels == 0)  # filter out void
    gt = pos[valid]
    uncertainty = uncertainties[valid].reshape(-1).astype(np.float32, copy=False)
    sorted_indices = np.argsort(uncertainty, kind='mergesort')[::-1]
    uncertainty, gt = uncertainty[sorted_indices], gt[sorted_indices]
    distinct_value_indices = np.where(np.diff(uncertainty))[0]
    threshold_idxs = np.r_[distinct_value_indices, gt.size - 1]
    tps = np.cumsum(gt, dtype=np.uint64)[threshold_idxs]
    fps = 1 + threshold_idxs - tps
    precision = tps / (tps + fps)
    precision[np.isnan(precision)] = 0
    recall = tps / tps[-1]
    sl = slice(tps.searchsorted(tps[-1]), None, -1)
    precision = np.r_[precision[sl], 1]
    recall = np.r_[recall[sl], 0]
    average_precision = -np.sum(np.diff(recall) * precision[:-1])
    if tps.size == 0 or fps[0] != 0 or tps[0] != 0:
        tps = np.r_[0., tps]
        fps = np.r_[0., fps]
    tpr = tps / tps[-1]
    fpr = fps / fps[-1]
    auroc = np.trapz(tpr, fpr)
    fpr_tpr95 = fpr[np.searchsorted(tpr, 0.95)]
    return {"ap": float(average_precision), "fpr95": float(fpr_tpr95), "auroc": float(auroc)}


def smiyc_frame(prob, gt_label_bool, num_bins=768):
    """binary_confusion_matrix(bin_strategy='percentiles') of road-anomaly-benchmark 1c7804e."""
    area = gt_label_bool.__len__()
    gt_area_true = np.count_nonzero(gt_label_bool)
    gt_area_false = area - gt_area_true
    prob_at_true = prob[gt_label_bool]
    prob_at_false = prob[~gt_label_bool]
    vmin = np.min(prob)
    vmax = np.max(prob)
    vrange = vmax - vmin
    eps = np.maximum(vrange * 1e-2, 1e-2)
    bins = [[vmin - eps, vmax + eps]]
    if prob_at_true.size:
        bins += [np.quantile(prob_at_true, np.linspace(0, 1, min(num_bins // 2, prob_at_true.size)))]
    if prob_at_false.size:
        bins += [np.quantile(prob_at_false, np.linspace(0, 1, min(num_bins // 2, prob_at_false.size)))]
    bins = np.unique(np.concatenate(bins))
    tp_rel, _ = np.histogram(prob_at_true, bins=bins, range=None)
    tp_rel = tp_rel[::-1]
    fp_rel, bin_edges = np.histogram(prob_at_false, bins=bins, range=None)
    bin_edges = bin_edges[::-1]
    fp_rel = fp_rel[::-1]
    return {"bin_edges": bin_edges, "tp_rel": tp_rel, "fp_rel": fp_rel,
            "num_pos": gt_area_true, "num_neg": gt_area_false}


def smiyc_curve(frame_results, verbatim_index0):
    """aggregate_dynamic_bins + curves_from_cmats of road-anomaly-benchmark 1c7804e."""
    thresholds = np.concatenate([r["bin_edges"][1:] for r in frame_results])
    tp_relative = np.concatenate([r["tp_rel"] for r in frame_results], axis=0)
    fp_relative = np.concatenate([r["fp_rel"] for r in frame_results], axis=0)
    num_positives = sum(r["num_pos"] for r in frame_results)
    num_negatives = sum(r["num_neg"] for r in frame_results)
    threshold_order = np.argsort(thresholds)[::-1]
    tp_cumu = np.cumsum(tp_relative[threshold_order].astype(np.float64))
    fp_cumu = np.cumsum(fp_relative[threshold_order].astype(np.float64))
    cmats = np.array([[tp_cumu, fp_cumu],
                      [num_positives - tp_cumu, num_negatives - fp_cumu]]).transpose([2, 0, 1])
    thresholds = thresholds[threshold_order]
    # upstream: np.concatenate([[0], np.nonzero(thr[:-1] != thr[1:])[0], [len - 1]]); keeping index 0
    # splits a tie of the highest threshold in argsort's (unspecified) order, so the reference the
    # Java code matches merges that tie too (verbatim_index0=False).
    head = [[0]] if verbatim_index0 else []
    thr_unique_indices = np.unique(np.concatenate(
        head + [np.nonzero(thresholds[:-1] != thresholds[1:])[0], [cmats.__len__() - 1]]))
    cmats = cmats[thr_unique_indices]
    tp, fp, fn, tn = cmats[:, 0, 0], cmats[:, 0, 1], cmats[:, 1, 0], cmats[:, 1, 1]
    num_pos = tp[0] + fn[0]
    num_neg = fp[0] + tn[0]
    merged_thresholds = int(np.count_nonzero(np.diff(np.r_[0.0, tp + fp])))
    if tp[0] != 0 or fp[0] != 0:
        tp, fp = np.concatenate([[0], tp]), np.concatenate([[0], fp])
        fn, tn = np.concatenate([[num_pos], fn]), np.concatenate([[num_neg], tn])
    if tp[-1] != num_pos or fp[-1] != num_neg:
        tp, fp = np.concatenate([tp, [num_pos]]), np.concatenate([fp, [num_neg]])
        fn, tn = np.concatenate([fn, [0]]), np.concatenate([tn, [0]])
    tp_rates = tp / (tp + fn)
    fp_rates = fp / (fp + tn)
    n_preds = tp + fp
    precisions = np.ones(tp.shape[0], np.float64)
    precisions[n_preds > 0] = tp[n_preds > 0] / n_preds[n_preds > 0]
    recalls = tp / (tp + fn)
    tpr95_index = np.searchsorted(tp_rates, 0.95)
    fpr_tpr95 = fp_rates[tpr95_index] if tpr95_index < tp_rates.shape[0] else 1.0
    return {
        "ap": float(np.trapz(precisions, recalls)),
        "fpr95": float(fpr_tpr95),
        "auroc": float(np.trapz(tp_rates, fp_rates)),
        "thresholds": merged_thresholds,
        "step_ap": float(np.sum(np.diff(recalls) * precisions[1:])),
    }


def smiyc(images, verbatim_index0=False):
    frames = []
    for scores, labels in images:
        roi = labels < 255
        if roi.any():
            frames.append(smiyc_frame(scores[roi], (labels[roi] == POSITIVE)))
    return smiyc_curve(frames, verbatim_index0)


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
        verbatim = smiyc(images, verbatim_index0=True)
        out["cases"].append({
            "name": name,
            "images": [{"scores": [float(v) for v in s], "labels": [int(v) for v in l]}
                       for s, l in images],
            "expected": expected(images),
            "protocols": {
                "ade-ood": ade_ood(images),
                "smiyc": {k: v for k, v in smiyc(images).items() if k != "step_ap"},
                "fishyscapes": fishyscapes(images),
            },
            "smiyc_upstream": {"ap_index0_verbatim": verbatim["ap"],
                               "fpr95_index0_verbatim": verbatim["fpr95"],
                               "auroc_index0_verbatim": verbatim["auroc"],
                               "step_ap": verbatim["step_ap"]},
        })
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")
    for c in out["cases"]:
        p = c["protocols"]
        print(f'{c["name"]:24s} exact ap {c["expected"]["ap"]:.6f} fpr95 {c["expected"]["fpr95"]:.6f}'
              f' | ade-ood fpr95 {p["ade-ood"]["fpr95"]:.6f} (no drop {p["ade-ood"]["fpr95_no_drop"]:.6f})'
              f' | smiyc ap {p["smiyc"]["ap"]:.6f} fpr95 {p["smiyc"]["fpr95"]:.6f} auroc {p["smiyc"]["auroc"]:.6f}'
              f' | fishy ap {p["fishyscapes"]["ap"]:.6f}')


if __name__ == "__main__":
    main()
