package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The binned variant of the pooled counts, for sweeps over many configurations: positives and
 * negatives per fixed uniform bin over {@code [lo, hi]}, two long arrays that merge by addition
 * (associative and commutative, so partitioning does not matter).
 *
 * <p>Bin {@code b} of {@code bins} holds scores {@code s} with {@code floor((s - lo) / (hi - lo) *
 * bins) == b}; scores below {@code lo} go to bin 0, scores at or above {@code hi} to the last bin;
 * when {@code hi <= lo} everything is in bin 0. {@link #metrics()} sweeps the bins from the top as
 * {@link Protocol#EXACT} sweeps distinct scores: each bin is one threshold, so the binned values
 * differ from the exact ones by what ties inside a bin change; {@link #compare} reports that
 * difference and a bound of it that needs only the bins.
 */
public final class BinnedCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double lo;
  private final double hi;
  private final long[] positives;
  private final long[] negatives;

  /**
   * Empty counts over {@code bins} uniform bins of {@code [lo, hi]}.
   *
   * @throws IllegalArgumentException if {@code bins < 1} or a bound is not finite
   */
  public BinnedCounts(double lo, double hi, int bins) {
    if (bins < 1 || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(
          "need bins >= 1 and a finite range, got " + bins + " bins over [" + lo + ", " + hi + "]");
    }
    this.lo = lo;
    this.hi = hi;
    this.positives = new long[bins];
    this.negatives = new long[bins];
  }

  /** Number of bins. */
  public int bins() {
    return positives.length;
  }

  /** Lower end of the range. */
  public double lo() {
    return lo;
  }

  /** Upper end of the range. */
  public double hi() {
    return hi;
  }

  /** The bin of a score. */
  public int binOf(double score) {
    if (!(hi > lo) || !(score > lo)) {
      return 0;
    }
    double b = Math.floor((score - lo) / (hi - lo) * positives.length);
    return b >= positives.length ? positives.length - 1 : (int) b;
  }

  /** Lower edge of bin {@code b}, the threshold it stands for. */
  public double edge(int b) {
    return lo + (hi - lo) * b / positives.length;
  }

  /** Adds every pixel of {@code counts}; returns this. */
  public BinnedCounts add(ScoreCounts counts) {
    return add(counts, 1);
  }

  /** Adds {@code weight} copies of every pixel of {@code counts}; returns this. */
  BinnedCounts add(ScoreCounts counts, long weight) {
    for (int i = 0; i < counts.size(); i++) {
      int b = binOf(counts.score(i));
      positives[b] += weight * counts.positives(i);
      negatives[b] += weight * counts.negatives(i);
    }
    return this;
  }

  /** Adds {@code weight} copies of the counts of {@code other} (same bins); returns this. */
  BinnedCounts add(BinnedCounts other, long weight) {
    checkSameBins(other);
    for (int b = 0; b < positives.length; b++) {
      positives[b] += weight * other.positives[b];
      negatives[b] += weight * other.negatives[b];
    }
    return this;
  }

  /**
   * Adds the counts of {@code other}; returns this.
   *
   * @throws IllegalArgumentException if the bins differ
   */
  public BinnedCounts merge(BinnedCounts other) {
    return add(other, 1);
  }

  private void checkSameBins(BinnedCounts other) {
    if (other.lo != lo || other.hi != hi || other.bins() != bins()) {
      throw new IllegalArgumentException("different bins: " + this + " and " + other);
    }
  }

  /** {smallest, largest} finite score of a table; null if it has none. */
  static double[] finiteRange(ScoreCounts table) {
    int top = 0;
    int bottom = table.size() - 1;
    while (top < table.size() && !Double.isFinite(table.score(top))) {
      top++;
    }
    while (bottom >= top && !Double.isFinite(table.score(bottom))) {
      bottom--;
    }
    return top > bottom ? null : new double[] {table.score(bottom), table.score(top)};
  }

  /** The non-empty bins as a table whose scores are bin indices, descending. */
  ScoreCounts table() {
    return table(positives, negatives);
  }

  /**
   * Counts per bin (index {@code b} of both arrays: bin {@code b}, higher = higher score) as the
   * table that {@link #metrics()} sweeps: the non-empty bins, their indices as scores, descending.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static ScoreCounts table(long[] positives, long[] negatives) {
    if (positives.length != negatives.length) {
      throw new IllegalArgumentException(
          "bins differ: " + positives.length + " positive vs " + negatives.length + " negative");
    }
    int n = 0;
    double[] s = new double[positives.length];
    long[] p = new long[positives.length];
    long[] q = new long[positives.length];
    for (int b = positives.length - 1; b >= 0; b--) {
      if (positives[b] + negatives[b] > 0) {
        s[n] = b;
        p[n] = positives[b];
        q[n++] = negatives[b];
      }
    }
    return ScoreCounts.trusted(Arrays.copyOf(s, n), Arrays.copyOf(p, n), Arrays.copyOf(q, n));
  }

  /** {@link Protocol#EXACT} metrics with each bin as one threshold. */
  public BinaryMetrics metrics() {
    return ExactMetrics.compute(table());
  }

  /**
   * The binned metrics of {@code exact}'s pixels next to its exact metrics, with their largest
   * difference and its bound.
   */
  public static BinnedComparison compare(ScoreCounts exact, double lo, double hi, int bins) {
    return compare(new BinnedCounts(lo, hi, bins).add(exact), ExactMetrics.compute(exact));
  }

  /** Compares these (binned) counts with the exact metrics of the same pixels. */
  public static BinnedComparison compare(BinnedCounts binned, BinaryMetrics exact) {
    return BinnedComparison.of(binned, binned.table(), exact);
  }

  @Override
  public String toString() {
    return "BinnedCounts{" + bins() + " bins over [" + lo + ", " + hi + "]}";
  }
}
