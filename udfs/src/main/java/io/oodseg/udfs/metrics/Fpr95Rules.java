package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The FPR95 rules of published RoadAnomaly numbers ({@link Protocol#FPR95_GT}, {@link
 * Protocol#FPR95_INTERP}, {@link Protocol#FPR95_NEAREST}), tracked over the points of one score
 * range and combined over ranges. Points are the cumulative {@code (TP, FP)} per distinct score in
 * descending order; "kept" points are those scikit-learn's {@code roc_curve} keeps ({@code
 * drop_intermediate=True}, see {@link ProtocolSweep}). TPR comparisons are the floating-point tests
 * upstream makes on {@code tp / P}; each is monotone in TP, so it is made once on a TP bound.
 */
final class Fpr95Rules implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Least TP with {@code tp / P > 0.95}. */
  private final long tpAbove;

  /** Least TP with {@code tp / P >= 0.95}. */
  private final long tpAtTarget;

  private final long totalP;

  /** Last kept point with TPR &le; 0.95, or -1. */
  private long keptLeTp = -1;

  private long keptLeFp;

  /** First kept point with TPR &gt; 0.95, or -1. */
  private long keptGtTp = -1;

  private long keptGtFp;

  /** Last point with TPR &lt; 0.95, or -1. */
  private long belowTp = -1;

  private long belowFp;

  /**
   * The first TP level at or above 0.95, or -1, and the FP of its last (at full recall: first)
   * point.
   */
  private long levelTp = -1;

  private long levelFp;

  /** Trackers for a curve of {@code totalP} positives. */
  Fpr95Rules(long totalP) {
    this.totalP = totalP;
    this.tpAbove = totalP > 0 ? least(totalP, tp -> tpr(tp, totalP) > CurveSweep.TPR_TARGET) : 0;
    this.tpAtTarget =
        totalP > 0 ? least(totalP, tp -> tpr(tp, totalP) >= CurveSweep.TPR_TARGET) : 0;
  }

  private static double tpr(long tp, long totalP) {
    return (double) tp / (double) totalP;
  }

  /** The least tp in [0, totalP] passing the monotone {@code test} (totalP passes both tests). */
  private static long least(long totalP, LongPredicate test) {
    long tp = Math.min(totalP, (long) Math.ceil(CurveSweep.TPR_TARGET * totalP));
    while (tp > 0 && test.test(tp - 1)) {
      tp--;
    }
    while (!test.test(tp)) {
      tp++;
    }
    return tp;
  }

  /** The next point that {@code roc_curve} keeps, in sweep order. */
  void acceptKept(long tp, long fp) {
    if (tp < tpAbove) {
      keptLeTp = tp;
      keptLeFp = fp;
    } else if (keptGtTp < 0) {
      keptGtTp = tp;
      keptGtFp = fp;
    }
  }

  /** The next point of the curve, in sweep order. */
  void accept(long tp, long fp) {
    if (tp < tpAtTarget) {
      belowTp = tp;
      belowFp = fp;
    } else if (levelTp < 0) {
      levelTp = tp;
      levelFp = fp;
    } else if (tp == levelTp && tp != totalP) {
      levelFp = fp;
    }
  }

  /**
   * RbA ({@code support.py} {@code calculate_auroc}): FPR of the first kept point with TPR &gt;
   * 0.95; null without positives or negatives.
   */
  static Double firstAbove(List<Fpr95Rules> inSweepOrder, long totalP, long totalN) {
    if (totalP == 0 || totalN == 0) {
      return null;
    }
    for (Fpr95Rules r : inSweepOrder) {
      if (r.keptGtTp >= 0) {
        return (double) r.keptGtFp / (double) totalN;
      }
    }
    throw new IllegalStateException("no kept point above TPR 0.95 among " + totalP + " positives");
  }

  /**
   * ood_metrics {@code fpr_at_95_tpr}: {@code np.interp(0.95, tpr, fpr)} over the kept points with
   * (0, 0) first: {@code j} the last point with TPR &le; 0.95, FPR_j if TPR_j is 0.95, else {@code
   * slope * (0.95 - TPR_j) + FPR_j} with {@code slope = (FPR_j+1 - FPR_j) / (TPR_j+1 - TPR_j)}
   * (numpy {@code arr_interp}); null without positives or negatives.
   */
  static Double interpolated(List<Fpr95Rules> inSweepOrder, long totalP, long totalN) {
    if (totalP == 0 || totalN == 0) {
      return null;
    }
    long leTp = 0; // the prepended (0, 0)
    long leFp = 0;
    long gtTp = -1;
    long gtFp = 0;
    for (Fpr95Rules r : inSweepOrder) {
      if (r.keptLeTp >= 0) {
        leTp = r.keptLeTp;
        leFp = r.keptLeFp;
      }
      if (gtTp < 0 && r.keptGtTp >= 0) {
        gtTp = r.keptGtTp;
        gtFp = r.keptGtFp;
      }
    }
    double tprJ = tpr(leTp, totalP);
    double fprJ = (double) leFp / (double) totalN;
    if (tprJ == CurveSweep.TPR_TARGET) {
      return fprJ;
    }
    double slope = ((double) gtFp / (double) totalN - fprJ) / (tpr(gtTp, totalP) - tprJ);
    return slope * (CurveSweep.TPR_TARGET - tprJ) + fprJ;
  }

  /**
   * PEBAL ({@code fpr_and_fdr_at_recall}): {@code argmin |recall - 0.95|} over every point up to
   * the first at full recall, visited in reverse: the last point of the closest TP level (the first
   * point at full recall for that level), the level above winning a tie; null without positives or
   * negatives.
   */
  static Double nearestReversed(List<Fpr95Rules> inSweepOrder, long totalP, long totalN) {
    if (totalP == 0 || totalN == 0) {
      return null;
    }
    long bTp = -1;
    long bFp = 0;
    long lTp = -1;
    long lFp = 0;
    for (Fpr95Rules r : inSweepOrder) {
      if (r.belowTp >= 0) {
        bTp = r.belowTp;
        bFp = r.belowFp;
      }
      if (lTp < 0 && r.levelTp >= 0) {
        lTp = r.levelTp;
        lFp = r.levelFp;
      } else if (r.levelTp >= 0 && r.levelTp == lTp && lTp != totalP) {
        lFp = r.levelFp;
      }
    }
    double up = Math.abs(tpr(lTp, totalP) - CurveSweep.TPR_TARGET);
    boolean below = bTp >= 0 && Math.abs(tpr(bTp, totalP) - CurveSweep.TPR_TARGET) < up;
    return (double) (below ? bFp : lFp) / (double) totalN;
  }
}
