package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks at most {@code maxPoints} points of a curve as it is swept: the first threshold, and the
 * first threshold at which TPR, or FPR, reaches each of {@code L = (maxPoints - 1) / 2} evenly
 * spaced levels {@code 1/L, 2/L, ..., 1}. Each level is first reached at exactly one threshold of
 * the whole curve, so ranges swept apart pick the same points as one sweep; the last threshold (TPR
 * = FPR = 1) is always picked. Level tests are integer comparisons, no division per point.
 */
final class CurveSampler {
  private final long totalP;
  private final long totalN;
  private final int levels;
  private long nextTp;
  private long nextFp;
  private final List<CurvePoint> points = new ArrayList<>();

  /**
   * A sampler for the range that starts after {@code tpBefore} positives and {@code fpBefore}
   * negatives.
   *
   * @param maxPoints at least 3
   */
  CurveSampler(int maxPoints, long tpBefore, long fpBefore, long totalP, long totalN) {
    if (maxPoints < 3) {
      throw new IllegalArgumentException("maxPoints must be >= 3, was " + maxPoints);
    }
    this.totalP = totalP;
    this.totalN = totalN;
    this.levels = (maxPoints - 1) / 2;
    this.nextTp = nextReaching(tpBefore, totalP);
    this.nextFp = nextReaching(fpBefore, totalN);
  }

  /**
   * The point after adding a threshold: {@code tp}, {@code fp} pixels at or above {@code score}.
   */
  void accept(double score, long tp, long fp, boolean first) {
    if (first || tp >= nextTp || fp >= nextFp) {
      points.add(CurvePoint.of(score, tp, fp, totalP, totalN));
      nextTp = nextReaching(tp, totalP);
      nextFp = nextReaching(fp, totalN);
    }
  }

  /** The points picked so far, in sweep order. */
  List<CurvePoint> points() {
    return points;
  }

  /**
   * The least count whose level, {@code floor(count * L / total)}, exceeds that of {@code count}.
   */
  private long nextReaching(long count, long total) {
    if (total == 0) {
      return Long.MAX_VALUE;
    }
    long level = Math.multiplyExact(count, (long) levels) / total + 1;
    return level > levels
        ? Long.MAX_VALUE
        : -Math.floorDiv(-Math.multiplyExact(level, total), levels);
  }
}
