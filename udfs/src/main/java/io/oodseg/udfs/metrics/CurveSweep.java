package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.List;

/**
 * The one place holding the threshold-sweep arithmetic shared by {@link ExactMetrics} (one slice
 * covering everything) and {@link PooledExactMetrics} (one slice per score range).
 *
 * <p>A sweep walks distinct scores from the highest down; at each, TP and FP grow by that score's
 * counts. Per threshold n it accumulates {@code dTP_n * TP_n / (TP_n + FP_n)} (AP times P) and
 * {@code dFP_n * (TP_{n-1} + TP_n)} (twice the ROC trapezoid area times P·N), and records the FPR
 * at the first threshold with {@code TP/P >= 0.95}. Dividing by the totals happens in
 * {@link #finish}.
 */
final class CurveSweep {
  /** TPR that FPR95 requires. */
  static final double TPR_TARGET = 0.95;

  private CurveSweep() {}

  /** Partial sums of one slice of the sweep. */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sum of {@code dTP * precision} over the slice. */
    final double precisionMass;
    /** Sum of {@code dFP * (TP_prev + TP)} over the slice. */
    final double rocArea2;
    /** FPR at the first threshold of the slice reaching the TPR target, or NaN. */
    final double fpr95;
    /** Thresholds in the slice. */
    final long thresholds;

    Partial(double precisionMass, double rocArea2, double fpr95, long thresholds) {
      this.precisionMass = precisionMass;
      this.rocArea2 = rocArea2;
      this.fpr95 = fpr95;
      this.thresholds = thresholds;
    }
  }

  /**
   * Sweeps {@code slice}, starting after {@code tpStart} positives and {@code fpStart} negatives
   * with higher scores, of {@code totalP} positives and {@code totalN} negatives overall.
   */
  static Partial sweep(ScoreCounts slice, long tpStart, long fpStart, long totalP, long totalN) {
    long tp = tpStart;
    long fp = fpStart;
    double precisionMass = 0.0;
    double rocArea2 = 0.0;
    double fpr95 = Double.NaN;
    for (int i = 0; i < slice.size(); i++) {
      long dtp = slice.positives(i);
      long dfp = slice.negatives(i);
      long tpPrev = tp;
      tp += dtp;
      fp += dfp;
      if (dtp > 0) {
        precisionMass += dtp * ((double) tp / (double) (tp + fp));
      }
      if (dfp > 0) {
        rocArea2 += (double) dfp * (double) (tpPrev + tp);
      }
      if (Double.isNaN(fpr95) && totalP > 0 && totalN > 0
          && (double) tp / (double) totalP >= TPR_TARGET) {
        fpr95 = (double) fp / (double) totalN;
      }
    }
    return new Partial(precisionMass, rocArea2, fpr95, slice.size());
  }

  /**
   * Combines partials given in descending score order (the order of the sweep) into metrics.
   * Deterministic: sums are taken in list order.
   */
  static BinaryMetrics finish(List<Partial> inSweepOrder, long totalP, long totalN) {
    double precisionMass = 0.0;
    double rocArea2 = 0.0;
    double fpr95 = Double.NaN;
    long thresholds = 0;
    for (Partial p : inSweepOrder) {
      precisionMass += p.precisionMass;
      rocArea2 += p.rocArea2;
      if (Double.isNaN(fpr95)) {
        fpr95 = p.fpr95;
      }
      thresholds += p.thresholds;
    }
    boolean both = totalP > 0 && totalN > 0;
    return new BinaryMetrics(
        totalP > 0 ? precisionMass / totalP : null,
        both && !Double.isNaN(fpr95) ? fpr95 : null,
        both ? rocArea2 / (2.0 * totalP * (double) totalN) : null,
        totalP,
        totalN,
        thresholds);
  }
}
