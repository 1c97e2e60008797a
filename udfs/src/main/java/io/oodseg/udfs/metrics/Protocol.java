package io.oodseg.udfs.metrics;

import java.util.Locale;

/**
 * The metric protocols of docs/design.md §5: pixel-level AP, FPR at 95% TPR and AUROC, pooled over
 * every valid (non-void) pixel of a data set, positive = OoD, higher score = more OoD. Every
 * protocol gives {@code null} for a metric that is undefined on the data: all three without a
 * positive pixel, FPR95 and AUROC without a negative pixel ({@link ProtocolMetrics#warnings()} says
 * why).
 *
 * <p>Below, a <em>threshold</em> is a distinct score (ties are one threshold), {@code TP_n, FP_n}
 * are the pixels scoring &ge; the n-th highest threshold, {@code P, N} the totals, {@code R_n =
 * TPR_n = TP_n / P}, {@code FPR_n = FP_n / N}, {@code Prec_n = TP_n / (TP_n + FP_n)}; "reaches
 * 0.95" is the floating-point test {@code (double) TP / P >= 0.95}. The definitions were
 * transcribed from the sources named on each constant (read, not run, except scikit-learn 1.2.1 and
 * numpy 1.24, which {@code make_exact_reference.py} runs to produce the test reference).
 */
public enum Protocol {
  /**
   * {@code exact} (the default): AP {@code = sum_n (R_n - R_{n-1}) Prec_n}, as scikit-learn's
   * {@code average_precision_score}; FPR95 = FPR at the first (highest) threshold reaching 0.95,
   * the lowest FPR among thresholds with TPR &ge; 0.95; AUROC = trapezoid over every threshold from
   * (0, 0), as {@code roc_auc_score}.
   */
  EXACT("exact"),

  /**
   * {@code ade-ood} (ADE-OoD / DOoD evaluation code; assumed to be the common idiom {@code fpr,
   * tpr, _ = roc_curve(y, s); fpr[np.argmin(np.abs(tpr - 0.95))]}, as the issue states): AP as
   * {@link #EXACT}; AUROC = {@code roc_auc_score}, the same trapezoid (dropping collinear points
   * does not change the area); FPR95 = {@code fpr[argmin |tpr - 0.95|]} over scikit-learn 1.2's
   * {@code roc_curve(drop_intermediate=True)}: of the per-threshold points {@code (FP_n, TP_n)}
   * (when there are more than two) only those are kept where {@code np.diff(fps, 2)} or {@code
   * np.diff(tps, 2)} is non-zero, plus the first and the last, i.e. point n is kept iff the counts
   * of threshold n+1 differ from those of threshold n; then (0, 0) is prepended. {@code argmin}
   * takes the first minimum, so among equally close points the one with the lowest FPR (the start
   * (0, 0) included) wins, and a point below 0.95 wins a tie against one above.
   */
  ADE_OOD("ade-ood"),

  /**
   * {@code smiyc}: SegmentMeIfYouCan {@code PixBinaryClass} (github.com/SegmentMeIfYouCan/
   * road-anomaly-benchmark, {@code metrics/pixel_classification.py} and {@code
   * pixel_classification_curves.py} at 1c7804e, Aug 2023), see {@link SmiycBinning}: each image's
   * valid pixels are binned ({@code num_bins = 768}, {@code bin_strategy = 'percentiles'}: edges =
   * {@code np.unique} of {@code [vmin - eps, vmax + eps]} and {@code np.quantile} of the image's
   * positive and of its negative scores at {@code np.linspace(0, 1, min(384, count))}, {@code eps =
   * max(0.01 * (vmax - vmin), 0.01)}; {@code np.histogram} counts), each bin becomes a threshold at
   * its lower edge, thresholds of all images are sorted descending and equal ones merged, then the
   * curve starts at (TP, FP) = (0, 0) with precision 1. AP = {@code np.trapz(precision, recall)}
   * over that curve (as the issue requires; upstream at 1c7804e switched its AP to the step sum
   * {@code sum(diff(recall) * precision[1:])}); FPR95 = {@code fpr[searchsorted(tpr, 0.95)]}, the
   * FPR at the first merged bin reaching 0.95; AUROC = {@code np.trapz(tpr, fpr)}. Deviation:
   * upstream keeps index 0 of the sorted thresholds even when the highest threshold repeats (its
   * first point is then part of a tie, in an unspecified {@code argsort} order); here every tie is
   * merged, so the result does not depend on image order.
   */
  SMIYC("smiyc"),

  /**
   * {@code fishyscapes}: Fishyscapes {@code calculate_metrics_perpixAP} (bdl-benchmark): over the
   * exact sorted curve, AP {@code = -sum(diff(recall) * precision[:-1])} with recall reversed up to
   * full recall and (recall 0, precision 1) appended, which is the sum of {@link #EXACT}; FPR95 =
   * {@code fpr[np.searchsorted(tpr, 0.95)]} with (0, 0) prepended, the FPR at the first threshold
   * reaching 0.95; AUROC = {@code np.trapz(tpr, fpr)} from (0, 0). All three equal {@link #EXACT}
   * up to floating-point summation order. Assumption: upstream casts scores to float32 before
   * sorting; scores here are taken as given, which is the same for float32 scores (a float32
   * model's, as the pipeline's).
   */
  FISHYSCAPES("fishyscapes");

  private final String sqlName;

  Protocol(String sqlName) {
    this.sqlName = sqlName;
  }

  /** The protocol's name in SQL and configuration: exact, ade-ood, smiyc, fishyscapes. */
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
        "unknown protocol '" + name + "' (exact, ade-ood, smiyc, fishyscapes)");
  }
}
