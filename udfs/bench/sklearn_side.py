#!/usr/bin/python3
"""Times scikit-learn on the pixels written by PooledVsSklearnBench (generate) and prints the table
comparing it with the Java/Spark result (java.json). Usage: sklearn_side.py DIR JAVA_JSON."""
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve


def main(directory, java_json):
    scores = np.fromfile(f"{directory}/scores.f32", dtype="<f4")
    labels = np.fromfile(f"{directory}/labels.u8", dtype=np.uint8)
    start = time.perf_counter()
    keep = labels != 255
    s, y = scores[keep], labels[keep] == 1
    ap = average_precision_score(y, s)
    auroc = roc_auc_score(y, s)
    fpr, tpr, _ = roc_curve(y, s)  # drop_intermediate=True, as ADE-OoD
    seconds = time.perf_counter() - start
    sk = {
        "ap": float(ap), "auroc": float(auroc),
        # the first kept point reaching 0.95 has the exact FPR95 unless a dropped collinear run
        # with negatives starts there (not the case for continuous scores)
        "fpr95": float(fpr[np.searchsorted(tpr, 0.95)]),
        "fpr95_ade_ood": float(fpr[np.argmin(np.abs(tpr - 0.95))]),
    }
    with open(java_json) as f:
        java = json.load(f)
    diff = max(abs(java[k] - sk[k]) for k in sk)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pixels: {scores.size:,} in {java['images']} images, {int(keep.sum()):,} valid "
          f"({java['positives']:,} OoD), {java['thresholds']:,} distinct scores (float32)")
    print(f"{'metric':<14}{'spark (java)':>22}{'scikit-learn ' + sklearn.__version__:>24}{'|diff|':>10}")
    for k in sk:
        print(f"{k:<14}{java[k]:>22.15f}{sk[k]:>24.15f}{abs(java[k] - sk[k]):>10.1e}")
    print(f"{'time (s)':<14}{java['seconds']:>22.2f}{seconds:>24.2f}")
    print(f"speed-up: {seconds / java['seconds']:.2f}x (target >= 3x); largest |diff|: {diff:.1e} "
          f"(target <= 1e-9)")
    print(f"driver JVM: max heap {java['max_heap_bytes'] / 2**20:.0f} MiB, heap used at most "
          f"{java['peak_heap_bytes'] / 2**20:.0f} MiB (sum of pool peaks); python max RSS "
          f"{rss:.0f} MiB")
    ok = seconds / java["seconds"] >= 3 and diff <= 1e-9 and java["peak_heap_bytes"] < 2**30
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
