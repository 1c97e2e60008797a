package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.oodseg.config.ThresholdMode;

/**
 * The flag threshold of one image's confidence map in confidence units, for any {@link
 * ThresholdMode} and τ. The image's mean and standard deviation ({@code zscore}) and its sorted
 * values ({@code quantile}) are computed once, on first use, so a sweep reads many τ from one map
 * at the cost of one.
 */
public final class ConfidenceThresholds {
  private final NDArray confidence;
  private double mean = Double.NaN;
  private double std;
  private NDArray sorted;

  /**
   * @param confidence the image's confidence map {@code [H*W]}
   */
  public ConfidenceThresholds(NDArray confidence) {
    this.confidence = confidence;
  }

  /**
   * The threshold of {@code mode} at {@code tau}: a cluster is flagged when its statistic is below
   * it.
   */
  public double of(ThresholdMode mode, double tau) {
    switch (mode) {
      case ABSOLUTE:
        return tau;
      case QUANTILE:
        if (sorted == null) {
          sorted = confidence.sort();
        }
        return sorted.get(Math.round(tau * (sorted.size() - 1))).getFloat();
      case ZSCORE:
      default:
        if (Double.isNaN(mean)) {
          // in place on a float64 copy (a copy even of a float64 map, which must stay as it is):
          // the same values as c64.sub(mean).square(), without two more label-sized tensors
          // (fresh native memory costs a page fault per 4 KB)
          NDArray c64 = confidence.toType(DataType.FLOAT64, true);
          mean = c64.mean().getDouble();
          c64.subi(mean);
          std = Math.sqrt(c64.muli(c64).mean().getDouble());
        }
        return mean + tau * std;
    }
  }
}
