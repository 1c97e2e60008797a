package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.List;

/**
 * The one place holding the threshold-sweep arithmetic shared by {@link ExactMetrics} (one slice
 * covering everything), {@link PooledExactMetrics} (one slice per score range of {@link
 * RangeSweepEngine}) and {@link ProtocolSweep}, which extends it for the other protocols.
 *
 * <p>A sweep walks distinct scores from the highest down; at each, TP and FP grow by that score's
 * counts. Per threshold n it accumulates {@code dTP_n * TP_n / (TP_n + FP_n)} (AP times P) and
 * {@code dFP_n * (TP_{n-1} + TP_n)} (twice the ROC trapezoid area times P·N), and records the FPR
 * at the first threshold with {@code TP/P >= 0.95}. Dividing by the totals happens in {@link
 * #finish}.
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
    Running run = new Running(tpStart, fpStart, totalP, totalN);
    for (int i = 0; i < slice.size(); i++) {
      run.accept(slice.score(i), slice.positives(i), slice.negatives(i));
    }
    return run.finish();
  }

  /** A sweep in progress, fed one threshold at a time in descending score order. */
  static final class Running implements RangeSweepEngine.Sweeper<Partial> {
    private final long totalN;

    /** The least TP whose TPR reaches the target (no need for a division per threshold). */
    private final long tpAtTarget;

    private long tp;
    private long fp;
    private double precisionMass;
    private double rocArea2;
    private double fpr95 = Double.NaN;
    private long thresholds;

    /**
     * Starts after {@code tpStart} positives and {@code fpStart} negatives with higher scores, of
     * {@code totalP} positives and {@code totalN} negatives overall.
     */
    Running(long tpStart, long fpStart, long totalP, long totalN) {
      this.tp = tpStart;
      this.fp = fpStart;
      this.totalN = totalN;
      this.tpAtTarget = totalP > 0 && totalN > 0 ? leastReaching(totalP) : Long.MAX_VALUE;
    }

    /**
     * The least {@code tp} with {@code (double) tp / (double) totalP >= TPR_TARGET}: the test is
     * monotone in {@code tp}, so {@code tp >= leastReaching(totalP)} is that very test.
     */
    static long leastReaching(long totalP) {
      long tp = Math.min(totalP, (long) Math.ceil(TPR_TARGET * totalP));
      while (tp > 0 && reaches(tp - 1, totalP)) {
        tp--;
      }
      while (!reaches(tp, totalP)) {
        tp++;
      }
      return tp;
    }

    private static boolean reaches(long tp, long totalP) {
      return (double) tp / (double) totalP >= TPR_TARGET;
    }

    /** Adds the next threshold (its score is not needed). */
    @Override
    public void accept(double score, long dtp, long dfp) {
      long tpPrev = tp;
      tp += dtp;
      fp += dfp;
      if (dtp > 0) {
        precisionMass += dtp * ((double) tp / (double) (tp + fp));
      }
      if (dfp > 0) {
        rocArea2 += (double) dfp * (double) (tpPrev + tp);
      }
      if (tp >= tpAtTarget && Double.isNaN(fpr95)) {
        fpr95 = (double) fp / (double) totalN;
      }
      thresholds++;
    }

    /** Positives swept so far, the start included. */
    @Override
    public long truePositives() {
      return tp;
    }

    /** Negatives swept so far, the start included. */
    @Override
    public long falsePositives() {
      return fp;
    }

    /** The partial sums of the thresholds added so far. */
    @Override
    public Partial finish() {
      return new Partial(precisionMass, rocArea2, fpr95, thresholds);
    }

    /** The least TP whose TPR reaches the target ({@code Long.MAX_VALUE} without P or N). */
    long tpAtTarget() {
      return tpAtTarget;
    }
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
