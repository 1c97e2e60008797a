package io.oodseg.udfs.metrics;

import java.io.Serializable;

/**
 * A percentile bootstrap interval over images for the pooled AP and FPR95 ({@link Protocol#EXACT}
 * definitions evaluated on {@link BinnedCounts}): {@code replicates} resamples of the key's images
 * with replacement, each pooled at the resolution of {@code bins} uniform bins; the bounds are the
 * 2.5th and 97.5th percentiles (numpy's default linear interpolation) of the replicate values where
 * the metric is defined. {@link BinnedComparison#maxAbsDifference()} of the full sample says how
 * far the binned values are from the exact ones.
 */
public final class BootstrapInterval implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int replicates;
  private final long seed;
  private final int bins;
  private final double[] ap;
  private final double[] fpr95;
  private final int apDefined;
  private final int fpr95Defined;

  BootstrapInterval(
      int replicates,
      long seed,
      int bins,
      double[] ap,
      int apDefined,
      double[] fpr95,
      int fpr95Defined) {
    this.replicates = replicates;
    this.seed = seed;
    this.bins = bins;
    this.ap = ap;
    this.apDefined = apDefined;
    this.fpr95 = fpr95;
    this.fpr95Defined = fpr95Defined;
  }

  /** Confidence level of the interval. */
  public double confidence() {
    return 0.95;
  }

  /** Number of bootstrap replicates. */
  public int replicates() {
    return replicates;
  }

  /** Seed of the resampling. */
  public long seed() {
    return seed;
  }

  /** Number of uniform bins each replicate is pooled at. */
  public int bins() {
    return bins;
  }

  /** Lower bound for AP; null if no replicate has a positive pixel. */
  public Double apLow() {
    return ap == null ? null : ap[0];
  }

  /** Upper bound for AP; null if no replicate has a positive pixel. */
  public Double apHigh() {
    return ap == null ? null : ap[1];
  }

  /** Lower bound for FPR95; null if no replicate has both positive and negative pixels. */
  public Double fpr95Low() {
    return fpr95 == null ? null : fpr95[0];
  }

  /** Upper bound for FPR95; null if no replicate has both positive and negative pixels. */
  public Double fpr95High() {
    return fpr95 == null ? null : fpr95[1];
  }

  /** Replicates in which AP is defined (those drawing no positive pixel are left out). */
  public int apDefined() {
    return apDefined;
  }

  /** Replicates in which FPR95 is defined. */
  public int fpr95Defined() {
    return fpr95Defined;
  }

  @Override
  public String toString() {
    return "BootstrapInterval{replicates="
        + replicates
        + ", seed="
        + seed
        + ", bins="
        + bins
        + ", ap=["
        + apLow()
        + ", "
        + apHigh()
        + "] ("
        + apDefined
        + " defined), fpr95=["
        + fpr95Low()
        + ", "
        + fpr95High()
        + "] ("
        + fpr95Defined
        + " defined)}";
  }
}
