package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.List;

/**
 * The {@link Protocol#ADE_OOD} FPR95, {@code fpr[argmin |tpr - 0.95|]}, tracked over the points of
 * one score range and combined over ranges.
 *
 * <p>TPR is non-decreasing along the sweep, so the closest points are on the last TPR level below
 * 0.95 or the first at or above it; {@code argmin} returns the first point of the closer level
 * (below on a tie). A tracker therefore keeps the last level below the target with the FPR of its
 * first point in the range, and the first point at or above the target.
 */
final class NearestTpr implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long tpAtTarget;

  /** TP of the last level below the target seen, or -1. */
  private long levelTp = -1;

  /** FP of the first point seen on that level. */
  private long levelFp;

  /** TP of the first point at or above the target, or -1. */
  private long aboveTp = -1;

  private long aboveFp;

  /** A tracker for a curve whose points reach the target from {@code tpAtTarget} positives. */
  NearestTpr(long tpAtTarget) {
    this.tpAtTarget = tpAtTarget;
  }

  /** The next point of the curve, in sweep order. */
  void accept(long tp, long fp) {
    if (tp < tpAtTarget) {
      if (tp != levelTp) {
        levelTp = tp;
        levelFp = fp;
      }
    } else if (aboveTp < 0) {
      aboveTp = tp;
      aboveFp = fp;
    }
  }

  /**
   * The FPR of the point closest to TPR 0.95 on the curve that starts at (0, 0) and continues with
   * the points of {@code inSweepOrder}; null without positives or negatives.
   */
  static Double fpr95(List<NearestTpr> inSweepOrder, long totalP, long totalN) {
    if (totalP == 0 || totalN == 0) {
      return null;
    }
    long belowTp = 0; // the prepended (0, 0)
    long belowFp = 0;
    long upTp = -1;
    long upFp = 0;
    for (NearestTpr t : inSweepOrder) {
      if (t.levelTp >= 0 && t.levelTp != belowTp) {
        belowTp = t.levelTp;
        belowFp = t.levelFp;
      }
      if (upTp < 0 && t.aboveTp >= 0) {
        upTp = t.aboveTp;
        upFp = t.aboveFp;
      }
    }
    double below = Math.abs((double) belowTp / (double) totalP - CurveSweep.TPR_TARGET);
    boolean belowWins =
        upTp < 0 || below <= Math.abs((double) upTp / (double) totalP - CurveSweep.TPR_TARGET);
    return (double) (belowWins ? belowFp : upFp) / (double) totalN;
  }
}
