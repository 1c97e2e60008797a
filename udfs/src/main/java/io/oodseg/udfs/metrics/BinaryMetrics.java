package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.Objects;

/**
 * Immutable pixel-level OoD metrics (positive = OoD, higher score = more OoD) with the counts they
 * were computed from. A metric that is undefined for the data is {@code null}.
 */
public final class BinaryMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Double ap;
  private final Double fpr95;
  private final Double auroc;
  private final long positives;
  private final long negatives;
  private final long thresholds;

  /**
   * Creates a value; see the accessors for the meaning of each argument.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public BinaryMetrics(
      Double ap, Double fpr95, Double auroc, long positives, long negatives, long thresholds) {
    if (positives < 0 || negatives < 0 || thresholds < 0) {
      throw new IllegalArgumentException(
          "negative count: positives="
              + positives
              + ", negatives="
              + negatives
              + ", thresholds="
              + thresholds);
    }
    this.ap = ap;
    this.fpr95 = fpr95;
    this.auroc = auroc;
    this.positives = positives;
    this.negatives = negatives;
    this.thresholds = thresholds;
  }

  /**
   * Average precision as scikit-learn's {@code average_precision_score}; null without positives.
   */
  public Double ap() {
    return ap;
  }

  /** Lowest FPR at a threshold with TPR &ge; 0.95; null without positives or negatives. */
  public Double fpr95() {
    return fpr95;
  }

  /** Area under the ROC curve (trapezoid); null without positives or negatives. */
  public Double auroc() {
    return auroc;
  }

  /** Number of positive (OoD) pixels. */
  public long positives() {
    return positives;
  }

  /** Number of negative (in-distribution, non-void) pixels. */
  public long negatives() {
    return negatives;
  }

  /** Number of distinct scores, i.e. thresholds of the sweep. */
  public long thresholds() {
    return thresholds;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BinaryMetrics)) {
      return false;
    }
    BinaryMetrics m = (BinaryMetrics) o;
    return positives == m.positives
        && negatives == m.negatives
        && thresholds == m.thresholds
        && Objects.equals(ap, m.ap)
        && Objects.equals(fpr95, m.fpr95)
        && Objects.equals(auroc, m.auroc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ap, fpr95, auroc, positives, negatives, thresholds);
  }

  @Override
  public String toString() {
    return "BinaryMetrics{ap="
        + ap
        + ", fpr95="
        + fpr95
        + ", auroc="
        + auroc
        + ", positives="
        + positives
        + ", negatives="
        + negatives
        + ", thresholds="
        + thresholds
        + "}";
  }
}
