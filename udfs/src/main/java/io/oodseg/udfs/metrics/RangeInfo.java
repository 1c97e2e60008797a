package io.oodseg.udfs.metrics;

import java.io.Serializable;

/**
 * What the sweep of one score range of one key needs to know about the rest of the key's curve: the
 * positives and negatives with higher scores, the key's totals, the range's own totals, and the
 * counts of the first (highest) entry of the next non-empty range, so that a sweep can look one
 * threshold past its end ({@link ProtocolSweep} decides whether its last threshold is a corner of
 * the ROC curve).
 */
final class RangeInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Positives with a score above the range. */
  final long tpBefore;

  /** Negatives with a score above the range. */
  final long fpBefore;

  /** Positives of the key. */
  final long totalP;

  /** Negatives of the key. */
  final long totalN;

  /** Positives in the range. */
  final long rangeP;

  /** Negatives in the range. */
  final long rangeN;

  /** Entries of the row slices in the range (an upper bound of its distinct scores). */
  final long entries;

  /** Whether a non-empty range with lower scores follows. */
  final boolean hasNext;

  /** Positives at the highest score of the next range (0 without one). */
  final long nextP;

  /** Negatives at the highest score of the next range (0 without one). */
  final long nextN;

  RangeInfo(long tpBefore, long fpBefore, long totalP, long totalN, Totals range, Totals next) {
    this.tpBefore = tpBefore;
    this.fpBefore = fpBefore;
    this.totalP = totalP;
    this.totalN = totalN;
    this.rangeP = range.positives;
    this.rangeN = range.negatives;
    this.entries = range.entries;
    this.hasNext = next != null;
    this.nextP = next == null ? 0 : next.topPositives;
    this.nextN = next == null ? 0 : next.topNegatives;
  }

  /** The single range of a whole table, swept locally. */
  static RangeInfo whole(ScoreCounts table) {
    Totals all = Totals.of(table, 0, table.size());
    return new RangeInfo(0, 0, all.positives, all.negatives, all, null);
  }

  /** Whether the range holds the key's highest score (every non-empty range has a pixel). */
  boolean isFirst() {
    return tpBefore == 0 && fpBefore == 0;
  }

  /**
   * Totals of a range summed over row slices: pixels, entries, and the counts at the range's
   * highest score. Summing is associative and commutative, so it does not depend on partitioning.
   */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;

    final long positives;
    final long negatives;
    final long entries;
    final double top;
    final long topPositives;
    final long topNegatives;

    /**
     * Totals of a slice: its pixels, its entries, and its highest score with that entry's counts.
     */
    Totals(
        long positives,
        long negatives,
        long entries,
        double top,
        long topPositives,
        long topNegatives) {
      this.positives = positives;
      this.negatives = negatives;
      this.entries = entries;
      this.top = top;
      this.topPositives = topPositives;
      this.topNegatives = topNegatives;
    }

    /** Totals of the non-empty entries {@code [from, to)} of {@code row}. */
    static Totals of(ScoreCounts row, int from, int to) {
      long[] t = row.totals(from, to);
      return from == to
          ? new Totals(0, 0, 0, Double.NEGATIVE_INFINITY, 0, 0)
          : new Totals(
              t[0], t[1], to - from, row.score(from), row.positives(from), row.negatives(from));
    }

    /** The totals of both (the top counts are summed when both tops are equal). */
    Totals plus(Totals o) {
      double t = Math.max(top, o.top);
      long tp = (top == t ? topPositives : 0) + (o.top == t ? o.topPositives : 0);
      long tn = (top == t ? topNegatives : 0) + (o.top == t ? o.topNegatives : 0);
      return new Totals(
          Math.addExact(positives, o.positives),
          Math.addExact(negatives, o.negatives),
          Math.addExact(entries, o.entries),
          t,
          tp,
          tn);
    }
  }
}
