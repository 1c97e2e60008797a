package io.oodseg.udfs.metrics;

import java.util.Locale;

/**
 * The metric protocols of docs/design.md §5 and docs/protocols.md: pixel-level AP, FPR at 95% TPR
 * and AUROC, pooled over every valid (non-void) pixel of a data set, positive = OoD, higher score =
 * more OoD. Every protocol gives {@code null} for a metric that is undefined on the data: all three
 * without a positive pixel, FPR95 and AUROC without a negative pixel ({@link
 * ProtocolMetrics#warnings()} says why), where upstream code gives NaN, raises, or returns a
 * convention (scikit-learn's AP 0 without positives).
 *
 * <p>Below, a <em>threshold</em> is a distinct score (ties are one threshold), {@code TP_n, FP_n}
 * are the pixels scoring &ge; the n-th highest threshold, {@code P, N} the totals, {@code R_n =
 * TPR_n = TP_n / P}, {@code FPR_n = FP_n / N}, {@code Prec_n = TP_n / (TP_n + FP_n)}. Every
 * protocol but {@code exact} reproduces official evaluation code, cited by repository, commit, file
 * and lines; {@code run_official_protocols.py} (udfs/src/test/python) runs that code itself on the
 * reference cases, and {@code OfficialProtocolsTest} compares. Values agree to floating-point
 * summation order (numpy sums pairwise, this code in sweep order).
 */
public enum Protocol {
  /**
   * {@code exact} (the default): AP {@code = sum_n (R_n - R_{n-1}) Prec_n}, as scikit-learn's
   * {@code average_precision_score}; FPR95 = FPR at the first (highest) threshold with {@code TP /
   * P >= 0.95}, the lowest FPR among thresholds with TPR &ge; 0.95; AUROC = trapezoid over every
   * threshold from (0, 0), as {@code roc_auc_score}. Scores at their given (double) precision.
   */
  EXACT("exact"),

  /**
   * {@code ade-ood}: lmb-freiburg/ade-ood c687b3a405d9dbb355802c372284185239eae769 {@code
   * evaluation/evaluator.py}: {@code fpr_at_tpr} (lines 8-11), {@code ap} (19-20), {@code auroc}
   * (25-26) on the pixels {@code StreamingEval} pools (29-68: void dropped, no cast; upstream
   * reports ×100). AP and AUROC as {@link #EXACT}; FPR95 = {@code fpr[argmin |tpr - 0.95|]} over
   * scikit-learn's {@code roc_curve} with {@code drop_intermediate=True}: of the per-threshold
   * points only corners are kept (point n iff the counts of threshold n+1 differ from those of
   * threshold n, plus the first and the last), then (0, 0) is prepended; {@code argmin} takes the
   * first minimum, so on the closest TPR level the point with the lowest FPR wins, and a level
   * below 0.95 wins a tie against one above.
   */
  ADE_OOD("ade-ood"),

  /**
   * {@code smiyc}: SegmentMeIfYouCan road-anomaly-benchmark
   * 1c7804e0749686452eb02bbcfb81234e38795f8a (upstream HEAD, Aug 2023), {@code PixBinaryClass}:
   * scores cast to float16 ({@code evaluation.py} line 65), each image binned by {@link
   * SmiycBinning} ({@code metrics/pixel_classification.py} lines 16-111 and 139-143), the bins'
   * lower edges of all images sorted descending ({@code aggregate_dynamic_bins}, lines 220-250),
   * equal thresholds collapsed and (0, 0) prepended ({@code metrics/pixel_classification_curves.py}
   * {@code curves_from_cmats}, lines 63-95). AP = {@code sum(diff(recall) * precision[1:])} (line
   * 161, the step sum upstream uses since 5a08be0); FPR95 = {@code fp_rates[searchsorted(tp_rates,
   * 0.95)]} (124-131), the FPR at the first merged threshold reaching 0.95; AUROC = {@code
   * np.trapz(tp_rates, fp_rates)} (173). Deviations: (1) upstream keeps index 0 of the sorted
   * thresholds even when several images share the highest one, so its first point counts only one
   * of them, in an order {@code argsort} and its parallel image collection leave unspecified; here
   * that tie is merged like every other. (2) A score beyond float16's range (|s| &gt; 65504, e.g.
   * every flagged pixel of the {@code fused} score mode) is infinite after the cast, and upstream's
   * bin edges then contain infinities and NaN; here the key's smiyc metrics are null with a
   * warning.
   */
  SMIYC("smiyc"),

  /**
   * {@code fishyscapes}: hermannsblum/bdl-benchmark 03773d621374ed10122866e64943df77ff8fbf50 {@code
   * bdlb/fishyscapes/benchmark.py} {@code calculate_metrics_perpixAP} (lines 133-218): scores cast
   * to float32 (line 152), so scores that are equal in float32 are one threshold; AP {@code =
   * -sum(diff(recall) * precision[:-1])} up to full recall (171-178), the step sum of {@link
   * #EXACT}; AUROC = {@code np.trapz(tpr, fpr)} from (0, 0) (194-207); FPR95 = {@code
   * fpr[searchsorted(tpr, 0.95)]} (210), the FPR at the first threshold with TPR &ge; 0.95. Equal
   * to {@link #EXACT} for float32 scores (as the pipeline's baselines); the {@code fused} mode's
   * flagged scores near 2<sup>20</sup> fall into float32 steps of 1/8 and tie.
   */
  FISHYSCAPES("fishyscapes"),

  /**
   * {@code fpr95-gt} (RoadAnomaly as RbA evaluates it): NazirNayal8/RbA
   * cf263d54197822f6d353e10d1e197f6767c9db7f {@code support.py} {@code OODEvaluator.evaluate_ood}
   * (lines 270-303), {@code calculate_ood_metrics} (259-268) and {@code calculate_auroc} (247-257):
   * AP = {@code average_precision_score}, AUROC = {@code auc(roc_curve)}, both as {@link #EXACT};
   * FPR95 = FPR of the first point of {@code roc_curve} (drop_intermediate=True, see {@link
   * #ADE_OOD}) with TPR strictly &gt; 0.95. Scores as given.
   */
  FPR95_GT("fpr95-gt"),

  /**
   * {@code fpr95-interp} (RoadAnomaly as Mask2Anomaly evaluates it): shyam671/Mask2Anomaly
   * 5c84283281eeed95b4cf0c7e1287795309c7fd9e {@code anomaly_utils/anomaly_inference.py}: scores
   * cast to float32 (line 187), pooled (219-232), AP = {@code average_precision_score} and AUROC =
   * {@code auc(roc_curve)} (234-236) as {@link #EXACT} on those scores; FPR95 = tayden/ood-metrics
   * 4544abec0a57067c9092f21e99b601e38833ff1d {@code ood_metrics/metrics.py} {@code fpr_at_95_tpr}
   * (lines 37-60): {@code np.interp(0.95, tpr, fpr)} over {@code roc_curve}
   * (drop_intermediate=True), see {@link Fpr95Rules#interpolated}. Deviation: the script also skips
   * images without an OoD pixel (212-216); every RoadAnomaly image has one, other data keep them
   * here.
   */
  FPR95_INTERP("fpr95-interp"),

  /**
   * {@code fpr95-nearest} (RoadAnomaly as PEBAL evaluates it): tianyu0207/PEBAL
   * 0293bee7b91d4bcaf892c0d987a62e6918df6e23 {@code code/utils/pyt_utils.py} {@code
   * eval_ood_measure} (lines 285-300), {@code get_measures} (175-186): AP = {@code
   * average_precision_score}, AUROC = {@code roc_auc_score}, both as {@link #EXACT}; FPR95 = {@code
   * fpr_and_fdr_at_recall} (132-172): {@code argmin |recall - 0.95|} over every threshold up to
   * full recall, visited from the lowest threshold up, so the last point of the closest TPR level
   * wins and a level above 0.95 wins a tie (see {@link Fpr95Rules#nearestReversed}). Scores as
   * given.
   */
  FPR95_NEAREST("fpr95-nearest");

  private final String sqlName;

  Protocol(String sqlName) {
    this.sqlName = sqlName;
  }

  /**
   * The protocol's name in SQL and configuration: exact, ade-ood, smiyc, fishyscapes, fpr95-gt,
   * fpr95-interp, fpr95-nearest.
   */
  public String sqlName() {
    return sqlName;
  }

  /**
   * The protocol of a name ({@link #sqlName()} or the constant's name, case-insensitive, '_' and
   * '-' alike).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Protocol of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Protocol p : values()) {
      if (p.sqlName.equals(n)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '"
            + name
            + "' (exact, ade-ood, smiyc, fishyscapes, fpr95-gt, fpr95-interp, fpr95-nearest)");
  }
}
