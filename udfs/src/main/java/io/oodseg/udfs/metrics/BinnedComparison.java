package io.oodseg.udfs.metrics;

import java.io.Serializable;

/**
 * The {@link BinnedCounts} metrics of some pixels next to their {@link Protocol#EXACT} metrics: the
 * largest absolute difference, and per metric a bound of the difference computed from the bins
 * alone (so it can be stated without the exact curve).
 *
 * <p>Binning only merges thresholds inside a bin, and scores keep their order across bins. Hence,
 * with {@code p_b, n_b} the pixels of bin b and {@code TP_b, FP_b} those at or above it: every
 * exact threshold inside bin b has precision in {@code [(TP_{b-1} + 1) / (TP_{b-1} + 1 + FP_b),
 * TP_b / (TP_b + FP_{b-1})]}, as has the binned one, so {@code |AP diff| <= sum_b p_b / P * (that
 * width)}; the exact FPR95 threshold lies in the first bin b* reaching 0.95, so {@code |FPR95 diff|
 * <= n_b* / N}; only pairs inside one bin can be ranked differently, so {@code |AUROC diff| <=
 * sum_b p_b n_b / (2 P N)}.
 */
public final class BinnedComparison implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BinaryMetrics binned;
  private final BinaryMetrics exact;
  private final int bins;
  private final double lo;
  private final double hi;
  private final double apBound;
  private final double fpr95Bound;
  private final double aurocBound;

  private BinnedComparison(
      BinaryMetrics binned, BinaryMetrics exact, BinnedCounts counts, double[] bounds) {
    this.binned = binned;
    this.exact = exact;
    this.bins = counts.bins();
    this.lo = counts.lo();
    this.hi = counts.hi();
    this.apBound = bounds[0];
    this.fpr95Bound = bounds[1];
    this.aurocBound = bounds[2];
  }

  /** Compares; {@code table} is {@code counts.table()}. */
  static BinnedComparison of(BinnedCounts counts, ScoreCounts table, BinaryMetrics exact) {
    return new BinnedComparison(ExactMetrics.compute(table), exact, counts, bounds(table));
  }

  /** {AP, FPR95, AUROC} bounds of the class comment (0 where a metric is undefined). */
  private static double[] bounds(ScoreCounts table) {
    long totalP = table.totalPositives();
    long totalN = table.totalNegatives();
    long target = totalN > 0 ? CurveSweep.Running.leastReaching(Math.max(totalP, 1)) : 0;
    double ap = 0.0;
    double fpr95 = 0.0;
    double pairs = 0.0;
    long tp = 0;
    long fp = 0;
    boolean reached = false;
    for (int b = 0; b < table.size(); b++) {
      long p = table.positives(b);
      long n = table.negatives(b);
      if (p > 0) {
        double high = (double) (tp + p) / (double) (tp + p + fp);
        double low = (double) (tp + 1) / (double) (tp + 1 + fp + n);
        ap += p * (high - low);
      }
      pairs += (double) p * (double) n;
      tp += p;
      fp += n;
      if (!reached && totalP > 0 && totalN > 0 && tp >= target) {
        reached = true;
        fpr95 = (double) n / (double) totalN;
      }
    }
    return new double[] {
      totalP > 0 ? ap / totalP : 0.0,
      fpr95,
      totalP > 0 && totalN > 0 ? pairs / (2.0 * totalP * (double) totalN) : 0.0
    };
  }

  /** The binned metrics. */
  public BinaryMetrics binned() {
    return binned;
  }

  /** The exact metrics. */
  public BinaryMetrics exact() {
    return exact;
  }

  /** Number of bins. */
  public int bins() {
    return bins;
  }

  /** Lower end of the binned range. */
  public double lo() {
    return lo;
  }

  /** Upper end of the binned range. */
  public double hi() {
    return hi;
  }

  /** Largest |binned - exact| over AP, FPR95 and AUROC (metrics null in both are skipped). */
  public double maxAbsDifference() {
    return Math.max(
        diff(binned.ap(), exact.ap()),
        Math.max(diff(binned.fpr95(), exact.fpr95()), diff(binned.auroc(), exact.auroc())));
  }

  private static double diff(Double a, Double b) {
    if (a == null || b == null) {
      return a == b ? 0.0 : Double.NaN;
    }
    return Math.abs(a - b);
  }

  /** Bound of |AP difference| (class comment). */
  public double apBound() {
    return apBound;
  }

  /** Bound of |FPR95 difference| (class comment). */
  public double fpr95Bound() {
    return fpr95Bound;
  }

  /** Bound of |AUROC difference| (class comment). */
  public double aurocBound() {
    return aurocBound;
  }

  @Override
  public String toString() {
    return "BinnedComparison{bins="
        + bins
        + " over ["
        + lo
        + ", "
        + hi
        + "], binned="
        + binned
        + ", exact="
        + exact
        + ", maxAbsDifference="
        + maxAbsDifference()
        + ", bounds=(ap "
        + apBound
        + ", fpr95 "
        + fpr95Bound
        + ", auroc "
        + aurocBound
        + ")}";
  }
}
