#!/usr/bin/python3
"""Runs the OFFICIAL evaluation code of every benchmark protocol on the reference cases and writes
udfs/src/test/resources/reference/official_protocols.json, the reference of OfficialProtocolsTest.

No upstream code is copied into this repository: the functions are read at run time from the
upstream repositories (a checkout or a bare clone; files are read with `git show <rev>:<path>`),
extracted by name with `ast` and executed. Importing the upstream packages whole is impossible
offline (they import torch, tensorflow_datasets, easydict, h5py, tqdm at module level); the
extracted functions only need numpy and scikit-learn (and a 3-line EasyDict stand-in).

Usage (from the repository root, with Debian's interpreter: numpy 1.24 + scikit-learn 1.2):

    /usr/bin/python3 udfs/src/test/python/run_official_protocols.py \\
        --smiyc DIR --fishyscapes DIR --ade-ood DIR --rba DIR --mask2anomaly DIR \\
        --ood-metrics DIR --pebal DIR

where each DIR is a clone of (the commit used is recorded in the output; these were used):
    --smiyc         https://github.com/SegmentMeIfYouCan/road-anomaly-benchmark  1c7804e0749686452eb02bbcfb81234e38795f8a
    --fishyscapes   https://github.com/hermannsblum/bdl-benchmark                03773d621374ed10122866e64943df77ff8fbf50
    --ade-ood       https://github.com/lmb-freiburg/ade-ood                      c687b3a405d9dbb355802c372284185239eae769
    --rba           https://github.com/NazirNayal8/RbA                           cf263d54197822f6d353e10d1e197f6767c9db7f
    --mask2anomaly  https://github.com/shyam671/Mask2Anomaly-Unmasking-Anomalies-in-Road-Scene-Segmentation
                                                                                 5c84283281eeed95b4cf0c7e1287795309c7fd9e
    --ood-metrics   https://github.com/tayden/ood-metrics                        4544abec0a57067c9092f21e99b601e38833ff1d
    --pebal         https://github.com/tianyu0207/PEBAL                          0293bee7b91d4bcaf892c0d987a62e6918df6e23

numpy matters for smiyc: its binning runs on float16 scores, and numpy 1.x's value-based casting
(road-anomaly-benchmark pins numpy 1.23.3) keeps eps and the outer bin edges in float64, where
numpy 2 (NEP 50) computes them in float16. Run with numpy 1.2x.

Cases: every case of exact_cases.json (by name; its pixels are not repeated) plus the cases of
extra_cases() below, whose pixels are written out. Per case and protocol: {ap, fpr95, auroc}, with
null where the official code gives NaN, and "error" where it raises. smiyc also records
"top_threshold_tied": upstream's curves_from_cmats keeps index 0 of the sorted thresholds, so when
the highest per-image bin edge is shared by several images, its result depends on argsort's order
of those images (and upstream's parallel run collects images in completion order); the product
merges such ties, so those cases are not comparable."""
import argparse
import ast
import contextlib
import json
import os
import subprocess
import sys
import textwrap
import typing

import numpy as np
import sklearn
import sklearn.metrics as sk
from sklearn.metrics import auc, average_precision_score, roc_auc_score, roc_curve

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "resources", "reference")
POSITIVE, VOID = 1, 255

UPSTREAM = {
    "smiyc": ("https://github.com/SegmentMeIfYouCan/road-anomaly-benchmark",
              ["road_anomaly_benchmark/metrics/pixel_classification.py",
               "road_anomaly_benchmark/metrics/pixel_classification_curves.py",
               "road_anomaly_benchmark/evaluation.py"]),
    "fishyscapes": ("https://github.com/hermannsblum/bdl-benchmark",
                    ["bdlb/fishyscapes/benchmark.py"]),
    "ade_ood": ("https://github.com/lmb-freiburg/ade-ood", ["evaluation/evaluator.py"]),
    "rba": ("https://github.com/NazirNayal8/RbA", ["support.py"]),
    "mask2anomaly": ("https://github.com/shyam671/"
                     "Mask2Anomaly-Unmasking-Anomalies-in-Road-Scene-Segmentation",
                     ["anomaly_utils/anomaly_inference.py"]),
    "ood_metrics": ("https://github.com/tayden/ood-metrics", ["ood_metrics/metrics.py"]),
    "pebal": ("https://github.com/tianyu0207/PEBAL", ["code/utils/pyt_utils.py"]),
}


class EasyDict(dict):
    """Stand-in for easydict.EasyDict (attribute access to a dict), which upstream returns."""
    __getattr__ = dict.__getitem__


class Upstream:
    """One upstream repository at a revision: its files' text and functions by name."""

    def __init__(self, name, directory, rev):
        self.name, self.dir, self.rev = name, directory, rev
        self.commit = self.git("rev-parse", rev + "^{commit}").strip()
        self.url, self.paths = UPSTREAM[name]

    def git(self, *args):
        return subprocess.run(["git", "-C", self.dir, *args], check=True, capture_output=True,
                              text=True).stdout

    def source(self, path):
        return self.git("show", f"{self.commit}:{path}")

    def function(self, path, qualname, namespace):
        """Executes the definition of `qualname` ("f" or "Class.method") from `path` in
        `namespace` and returns it with its first and last line numbers."""
        src = self.source(path)
        nodes = ast.parse(src).body
        *owner, name = qualname.split(".")
        for cls in owner:
            nodes = next(n for n in nodes if isinstance(n, ast.ClassDef) and n.name == cls).body
        node = next(n for n in nodes if isinstance(n, ast.FunctionDef) and n.name == name)
        code = textwrap.dedent(ast.get_source_segment(src, node, padded=True))
        exec(compile(code, f"{self.name}:{path}:{node.lineno}", "exec"), namespace)
        return namespace[name], (node.lineno, node.end_lineno)

    def describe(self, used):
        return {"repository": self.url, "commit": self.commit, "functions": used}


def official(args):
    """Loads every upstream function used; returns {protocol: callable(images)} and provenance."""
    ns = {"np": np, "EasyDict": EasyDict, "List": typing.List, "Callable": typing.Callable, "roc_curve": roc_curve, "auc": auc, "sk": sk,
          "average_precision_score": average_precision_score, "roc_auc_score": roc_auc_score}
    repos = {k: Upstream(k, getattr(args, k), args.rev) for k in UPSTREAM}
    used = {k: {} for k in repos}

    def load(repo, path, qualname):
        f, lines = repos[repo].function(path, qualname, ns)
        used[repo][qualname] = {"path": path, "lines": list(lines)}
        return f

    pc = "road_anomaly_benchmark/metrics/pixel_classification.py"
    bcm = load("smiyc", pc, "binary_confusion_matrix")
    aggregate = load("smiyc", pc, "MetricPixelClassification.aggregate_dynamic_bins")
    curves = load("smiyc", "road_anomaly_benchmark/metrics/pixel_classification_curves.py",
                  "curves_from_cmats")
    smiyc_cfg = smiyc_config(repos["smiyc"].source(pc))
    used["smiyc"]["PixBinaryClass config"] = smiyc_cfg
    used["smiyc"]["Evaluation.save_output"] = {
        "path": "road_anomaly_benchmark/evaluation.py",
        "lines": list(line_of(repos["smiyc"].source("road_anomaly_benchmark/evaluation.py"),
                              "anomaly_p.astype(np.float16)")),
        "note": "scores cast to float16 before they are stored and binned (applied below)"}
    fishy = load("fishyscapes", "bdlb/fishyscapes/benchmark.py", "calculate_metrics_perpixAP")
    ade_fpr = load("ade_ood", "evaluation/evaluator.py", "fpr_at_tpr")
    ade_ap = load("ade_ood", "evaluation/evaluator.py", "ap")
    ade_auroc = load("ade_ood", "evaluation/evaluator.py", "auroc")
    rba_auroc = load("rba", "support.py", "OODEvaluator.calculate_auroc")
    rba_metrics = load("rba", "support.py", "OODEvaluator.calculate_ood_metrics")
    rba_eval = load("rba", "support.py", "OODEvaluator.evaluate_ood")
    rba = type("RbAEvaluator", (), {"calculate_auroc": rba_auroc,
                                    "calculate_ood_metrics": rba_metrics,
                                    "evaluate_ood": rba_eval})()
    interp = load("ood_metrics", "ood_metrics/metrics.py", "fpr_at_95_tpr")
    m2a = repos["mask2anomaly"].source("anomaly_utils/anomaly_inference.py")
    used["mask2anomaly"]["evaluation lines"] = {
        "path": "anomaly_utils/anomaly_inference.py",
        "float32 cast": list(line_of(m2a, ".astype(np.float32)")),
        "metrics": list(line_of(m2a, "fpr = fpr_at_95_tpr(val_out, val_label)")),
        "note": "scores cast to float32; void dropped; roc_curve/auc, average_precision_score and "
                "ood_metrics.fpr_at_95_tpr on the pooled pixels (glue re-typed in mask2anomaly())"}
    pebal_path = "code/utils/pyt_utils.py"
    ns["recall_level_default"] = 0.95  # module constant of pyt_utils.py (line 17)
    for f in ("stable_cumsum", "fpr_and_fdr_at_recall", "get_measures", "get_and_print_results"):
        load("pebal", pebal_path, f)
    pebal = load("pebal", pebal_path, "eval_ood_measure")

    def smiyc(images):
        frames = []
        for scores, labels in images:
            roi = labels < 255  # process_frame: mask_roi = label_pixel_gt < 255
            prob = scores.astype(np.float16)  # Evaluation.save_output
            frames.append(bcm(prob=prob[roi], gt_label_bool=labels[roi].astype(bool),
                              num_bins=smiyc_cfg["num_bins"],
                              bin_strategy=smiyc_cfg["bin_strategy"]))
        tops = [f.bin_edges[1] for f in frames]
        ag = aggregate(frames)
        with contextlib.redirect_stdout(sys.stderr):  # curves_from_cmats prints both APs
            c = curves(ag.cmat, ag.thresholds)
        return {"ap": c.area_PRC, "fpr95": c.tpr95_fpr, "auroc": c.area_ROC,
                "top_threshold_tied": bool(tops.count(max(tops)) > 1)}

    def fishyscapes(images):
        labels = np.concatenate([l for _, l in images])
        scores = np.concatenate([s for s, _ in images])
        r = fishy([labels], [scores])
        return {"ap": r["AP"], "fpr95": r["FPR@95%TPR"], "auroc": r["auroc"]}

    def ade_ood(images):
        # StreamingEval.add/get_*: void (255) dropped, ood_gt = segm_gt == ood_id, then pooled
        labels = np.concatenate([l for _, l in images])
        scores = np.concatenate([s for s, _ in images])
        valid = np.logical_not(np.in1d(labels, [VOID]))
        s, y = scores[valid], (labels == POSITIVE)[valid].astype(int)
        return {"ap": ade_ap(s, y), "fpr95": ade_fpr(s, y), "auroc": ade_auroc(s, y)}

    def fpr95_gt(images):
        labels = np.concatenate([l for _, l in images])
        scores = np.concatenate([s for s, _ in images])
        r = rba.evaluate_ood(scores, labels, verbose=False)
        return {"ap": r["aupr"], "fpr95": r["fpr95"], "auroc": r["auroc"]}

    def mask2anomaly(images):
        labels = np.concatenate([l for _, l in images])
        scores = np.concatenate([s for s, _ in images]).astype(np.float32)
        ood_out, ind_out = scores[labels == 1], scores[labels == 0]
        val_out = np.concatenate((ind_out, ood_out))
        val_label = np.concatenate((np.zeros(len(ind_out)), np.ones(len(ood_out))))
        fpr, tpr, _ = roc_curve(val_label, val_out)
        return {"ap": average_precision_score(val_label, val_out), "auroc": auc(fpr, tpr),
                "fpr95": interp(val_out, val_label)}

    def fpr95_nearest(images):
        labels = np.concatenate([l for _, l in images])
        scores = np.concatenate([s for s, _ in images])
        r = pebal(scores, labels, 0, 1)
        if r is None:
            raise ValueError("eval_ood_measure returned None (no in- or out-of-distribution pixel)")
        auroc_, aupr_, fpr_ = r
        return {"ap": aupr_, "fpr95": fpr_, "auroc": auroc_}

    protocols = {"smiyc": smiyc, "fishyscapes": fishyscapes, "ade-ood": ade_ood,
                 "fpr95-gt": fpr95_gt, "fpr95-interp": mask2anomaly,
                 "fpr95-nearest": fpr95_nearest}
    provenance = {k: repos[k].describe(used[k]) for k in repos}
    return protocols, provenance


def smiyc_config(src):
    """The PixBinaryClass entry of MetricPixelClassification.configs."""
    cls = next(n for n in ast.parse(src).body
               if isinstance(n, ast.ClassDef) and n.name == "MetricPixelClassification")
    assign = next(n for n in cls.body if isinstance(n, ast.Assign)
                  and any(getattr(t, "id", None) == "configs" for t in n.targets))
    configs = eval(compile(ast.Expression(assign.value), "configs", "eval"),
                   {"EasyDict": EasyDict})
    cfg = next(c for c in configs if c["name"] == "PixBinaryClass")
    return {"name": cfg["name"], "num_bins": cfg["num_bins"], "bin_strategy": cfg["bin_strategy"],
            "lines": [assign.lineno, assign.end_lineno]}


def line_of(src, text):
    lines = [i + 1 for i, l in enumerate(src.splitlines()) if text in l]
    if not lines:
        raise ValueError(f"'{text}' not found upstream")
    return lines


def java_hex(v):
    """A double as text both Python and Java's Double.parseDouble read exactly."""
    return ("-" if v < 0 else "") + "Infinity" if np.isinf(v) else float.hex(v)


def clean(value):
    v = float(value)
    return None if np.isnan(v) else v


def run(protocol, images):
    try:
        with np.errstate(all="ignore"):
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = protocol(images)
    except Exception as e:  # recorded, so the reference says what upstream does
        return {"error": f"{type(e).__name__}: {e}"}
    return {k: (clean(v) if k in ("ap", "fpr95", "auroc") else v) for k, v in r.items()}


def image(rng, n, pos_rate, void_rate, scale=1.0, shift=0.0):
    """float32 -confidence-like scores: positives higher."""
    labels = (rng.random(n) < pos_rate).astype(int)
    scores = (rng.normal(loc=labels * 1.0 + shift, scale=1.0, size=n) * scale).astype(np.float32)
    labels[rng.random(n) < void_rate] = VOID
    return scores.astype(np.float64), labels


def quantile_rounding():
    """One image where numpy's float16 subtraction inside np.quantile moves a bin edge across a
    negative pixel: 385 positives at a (first i + 1) and b (the rest), so only quantile i
    interpolates, between a and b; a negative pixel X lies between the edge computed with b - a
    rounded to float16 (numpy) and the one computed without rounding, so X shares the bin of the
    positives at a under one and not the other."""
    a, b, n = np.float16(0.1), np.float16(1000.0), 385
    q = np.linspace(0, 1, 384)
    for i in range(1, 383):
        v = (n - 1) * q[i]
        k, g = int(np.floor(v)), v - np.floor(v)
        d16, d64 = float(b - a), float(b) - float(a)
        e16 = float(a) + d16 * g if g < 0.5 else float(b) - d16 * (1 - g)
        e64 = float(a) + d64 * g if g < 0.5 else float(b) - d64 * (1 - g)
        lo, hi = min(e16, e64), max(e16, e64)
        x = float(np.float16(hi))
        while x >= hi:
            x = float(np.nextafter(np.float16(x), np.float16(0)))
        if lo < x < hi or (x == lo and e16 != e64):
            # negatives a, X, then 383 at 3000: no negative bin edge falls in (a, X] (numpy's
            # quantile points v = i * 384 / 383 skip the interval between the first two)
            scores = np.array([float(a)] * (k + 1) + [float(b)] * (n - k - 1)
                              + [float(a), x] + [3000.0] * 383)
            labels = np.array([1] * n + [0] * 385)
            return scores, labels
    raise ValueError("no quantile_rounding case found")


def extra_cases(rng):
    """Cases beyond exact_cases.json: float32 scores of either sign, more than 384 pixels per class
    (quantile interpolation), ties, float16-overflowing fused scores, all-positive or all-negative
    data, and a collinear run across TPR 0.95 (drop_intermediate)."""
    yield "float32_logits", [image(rng, n, r, 0.05, 3.0, s)
                             for n, r, s in ((1500, 0.1, -4.0), (900, 0.3, -2.5),
                                             (2300, 0.05, -3.0))]
    fine = [image(rng, n, 0.2, 0.0, 1e-3, -0.5) for n in (800, 1200)]  # float16 merges many
    yield "float16_merges", fine
    tied = []
    for n, top in ((700, 0.875), (500, 0.75)):
        s, l = image(rng, n, 0.25, 0.05, 1.0)
        tied.append((np.round(np.minimum(s, top) * 8) / 8, l))  # 1/8 steps, distinct maxima
    yield "ties_eighths", tied
    sparse = []  # > 384 pixels per class, spread over decades: float16 quantile differences round
    for n in (1100, 900):
        labels = (rng.random(n) < 0.45).astype(int)
        mags = 10.0 ** rng.uniform(-3, 4.4, size=n) * (1 + labels)
        sparse.append(((np.where(rng.random(n) < 0.3, -mags, mags)).astype(np.float32)
                       .astype(np.float64), labels))
    yield "float16_sparse_quantiles", sparse
    yield "float16_quantile_rounding", [quantile_rounding()]
    fused = []
    for n in (600, 400):
        s, l = image(rng, n, 0.2, 0.0, 1.0, -2.0)
        flagged = rng.random(n) < 0.15
        fused.append((np.where(flagged, 2.0 ** 20 + s, s), l))
    yield "fused_overflow", fused
    s, l = image(rng, 300, 1.0, 0.0)
    s2, l2 = image(rng, 200, 1.0, 0.1, 1.0, 0.5)
    yield "all_positive", [(s, l), (s2, l2)]
    s, l = image(rng, 300, 0.0, 0.0)
    yield "all_negative", [(s, l)]
    s, l = image(rng, 250, 0.0, 0.0, 1.0, -1.0)
    s2, l2 = image(rng, 350, 0.4, 0.0, 1.0, 0.0)
    yield "negative_only_image", [(s, l), (s2, l2)]
    run_scores, run_labels = [], []
    for i in range(40):  # 90 % of positives alone, then a collinear run 1 pos : 3 neg, then rest
        run_scores.append(10.0 - i * 0.01); run_labels.append(1)
    for i in range(45):
        run_scores.append(9.0 - i * 0.01); run_labels.append(1 if i % 9 == 0 else 0)
    for i in range(100):
        run_scores.append(5.0 - i * 0.01); run_labels.append(0 if i % 7 else 1)
    s, l = np.array(run_scores), np.array(run_labels)
    yield "collinear_near_95", [(s[:90], l[:90]), (s[90:], l[90:])]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for k in UPSTREAM:
        p.add_argument("--" + k.replace("_", "-"), dest=k, required=True,
                       help=f"clone of {UPSTREAM[k][0]}")
    p.add_argument("--rev", default="HEAD", help="revision of every clone (default HEAD)")
    args = p.parse_args()
    protocols, provenance = official(args)
    with open(os.path.join(REFERENCE, "exact_cases.json")) as f:
        exact = json.load(f)
    cases = []
    for c in exact["cases"]:
        images = [(np.array(i["scores"], dtype=np.float64), np.array(i["labels"]))
                  for i in c["images"]]
        cases.append(({"name": c["name"], "source": "exact_cases.json"}, images))
    for name, images in extra_cases(np.random.default_rng(20261202)):
        cases.append(({"name": name, "images": [
            {"scores": [float(v) for v in s], "labels": [int(v) for v in l]}
            for s, l in images]}, images))
    out = {"generator": "run_official_protocols.py", "numpy": np.__version__,
           "sklearn": sklearn.__version__, "positive_value": POSITIVE, "void_value": VOID,
           "upstream": provenance, "cases": []}
    # numpy's float16/float32 casts of chosen doubles (ties, overflow, subnormals), for ScoreCasts
    probes = [0.1, -0.1, 1.0 / 3, 2049.0, 2051.0, 2050.0 + 1e-9, 65504.0, 65519.99, 65520.0,
              -65520.0, 1e-7, 3e-8, 2.0 ** -25, 2.0 ** -25 + 1e-12, 6.1e-5, 1e300, 2.0 ** 20 - 0.3,
              16777217.0, 0.30000001192092896 + 1e-17]
    with np.errstate(all="ignore"):
        out["numpy_casts"] = [[java_hex(v), java_hex(float(np.float16(v))),
                               java_hex(float(np.float32(v)))] for v in probes]
    for head, images in cases:
        head["official"] = {name: run(f, images) for name, f in protocols.items()}
        out["cases"].append(head)
        o = head["official"]
        print(f'{head["name"]:22s} ' + " | ".join(
            f'{k} ' + (o[k].get("error", "")[:30] or
                       f'{o[k]["ap"]} {o[k]["fpr95"]} {o[k]["auroc"]}') for k in o))
    path = os.path.join(REFERENCE, "official_protocols.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
