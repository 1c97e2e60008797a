package io.oodseg.udfs.metrics;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable per-score label counts: distinct scores in strictly descending order, each with the
 * number of positive (OoD) and negative (in-distribution) pixels that carry exactly that score.
 *
 * <p>Every entry has at least one pixel; {@code -0.0} is folded into {@code 0.0} by {@link
 * #fromPixels}. This is the exact, lossless input of {@link ExactMetrics} and {@link
 * PooledExactMetrics}.
 *
 * <p>Java serialization writes the compact {@link PackedCounts} form (about 2 bytes per entry for
 * per-pixel tables of float scores, instead of 24) and checks the table when reading it back.
 */
public final class ScoreCounts implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final ScoreCounts EMPTY =
      new ScoreCounts(new double[0], new long[0], new long[0], 0, 0);

  private final double[] scores;
  private final long[] positives;
  private final long[] negatives;
  private final long totalPositives;
  private final long totalNegatives;

  /** Trusted constructor: the arrays are owned, validated, and sum to the totals. */
  private ScoreCounts(
      double[] scores,
      long[] positives,
      long[] negatives,
      long totalPositives,
      long totalNegatives) {
    this.scores = scores;
    this.positives = positives;
    this.negatives = negatives;
    this.totalPositives = totalPositives;
    this.totalNegatives = totalNegatives;
  }

  /**
   * Counts the pixels of one image.
   *
   * @param scores per-pixel OoD scores (higher = more OoD)
   * @param labels per-pixel labels, compared as unsigned bytes ({@code labels[i] & 0xFF})
   * @param positiveValue label value of OoD pixels
   * @param voidValue label value of ignored pixels (a value outside 0..255 ignores nothing)
   * @throws IllegalArgumentException on length mismatch, {@code positiveValue == voidValue}, or a
   *     NaN score on a non-void pixel (the message names the pixel index)
   */
  public static ScoreCounts fromPixels(
      double[] scores, byte[] labels, int positiveValue, int voidValue) {
    return PixelTabulator.count(scores, labels, positiveValue, voidValue);
  }

  /**
   * Counts the pixels of one image whose scores are float32, as {@link #fromPixels(double[],
   * byte[], int, int)} does with the same scores widened to double (same table), without the
   * widened copy.
   */
  public static ScoreCounts fromPixels(
      float[] scores, byte[] labels, int positiveValue, int voidValue) {
    return PixelTabulator.count(scores, labels, positiveValue, voidValue);
  }

  /** Wraps arrays that the caller hands over and has already validated (package use only). */
  static ScoreCounts trusted(double[] scores, long[] positives, long[] negatives) {
    return new ScoreCounts(scores, positives, negatives, sum(positives), sum(negatives));
  }

  /** As {@link #trusted(double[], long[], long[])}, with the sums of the counts already known. */
  static ScoreCounts trusted(
      double[] scores,
      long[] positives,
      long[] negatives,
      long totalPositives,
      long totalNegatives) {
    return new ScoreCounts(scores, positives, negatives, totalPositives, totalNegatives);
  }

  /**
   * Builds counts from already aggregated arrays (copied).
   *
   * @throws IllegalArgumentException if lengths differ, scores are NaN or not strictly descending,
   *     a count is negative, or an entry has no pixel at all
   */
  public static ScoreCounts fromSortedDescending(
      double[] scores, long[] positives, long[] negatives) {
    if (scores.length != positives.length || scores.length != negatives.length) {
      throw new IllegalArgumentException(
          "lengths differ: scores="
              + scores.length
              + ", positives="
              + positives.length
              + ", negatives="
              + negatives.length);
    }
    return validated(scores.clone(), positives.clone(), negatives.clone());
  }

  /**
   * Wraps equally long arrays that the caller hands over, after the checks of {@link
   * #fromSortedDescending} (package use only).
   */
  static ScoreCounts validated(double[] scores, long[] positives, long[] negatives) {
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("NaN score at index " + i);
      }
      if (i > 0 && !(scores[i] < scores[i - 1])) {
        throw new IllegalArgumentException(
            "scores not strictly descending at index "
                + i
                + ": "
                + scores[i - 1]
                + " then "
                + scores[i]);
      }
      if (positives[i] < 0 || negatives[i] < 0) {
        throw new IllegalArgumentException("negative count at index " + i);
      }
      if (positives[i] == 0 && negatives[i] == 0) {
        throw new IllegalArgumentException("no pixel at index " + i);
      }
    }
    return trusted(scores, positives, negatives);
  }

  /** The table with no pixel. */
  public static ScoreCounts empty() {
    return EMPTY;
  }

  /**
   * Linear merge of two tables; counts of equal scores are summed ({@code 0.0} and {@code -0.0} are
   * equal and merge into {@code 0.0}).
   */
  public static ScoreCounts merge(ScoreCounts a, ScoreCounts b) {
    if (a.size() == 0) {
      return b;
    }
    if (b.size() == 0) {
      return a;
    }
    int n = a.size() + b.size();
    double[] s = new double[n];
    long[] p = new long[n];
    long[] q = new long[n];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.size() || j < b.size()) {
      boolean takeA = j >= b.size() || (i < a.size() && a.scores[i] >= b.scores[j]);
      boolean takeB = i >= a.size() || (j < b.size() && b.scores[j] >= a.scores[i]);
      // 0.0 on a tie of 0.0 and -0.0, so that the result does not depend on the argument order
      s[k] =
          takeA && takeB ? Math.max(a.scores[i], b.scores[j]) : takeA ? a.scores[i] : b.scores[j];
      if (takeA) {
        p[k] += a.positives[i];
        q[k] += a.negatives[i++];
      }
      if (takeB) {
        p[k] += b.positives[j];
        q[k] += b.negatives[j++];
      }
      k++;
    }
    long totalP = Math.addExact(a.totalPositives, b.totalPositives);
    long totalN = Math.addExact(a.totalNegatives, b.totalNegatives);
    return k == n
        ? new ScoreCounts(s, p, q, totalP, totalN)
        : new ScoreCounts(
            Arrays.copyOf(s, k), Arrays.copyOf(p, k), Arrays.copyOf(q, k), totalP, totalN);
  }

  /**
   * Merges many tables; equal to merging them pairwise with {@link #merge}, in any order. Tables of
   * mostly single pixels, (1, 0) or (0, 1) entries, merge in a few linear passes over their scores
   * ({@link CountsMerger}).
   */
  public static ScoreCounts mergeAll(List<ScoreCounts> parts) {
    return parts.size() == 1 ? parts.get(0) : CountsMerger.mergeAll(parts);
  }

  /** Number of distinct scores. */
  public int size() {
    return scores.length;
  }

  /** The i-th distinct score (descending). */
  public double score(int i) {
    return scores[i];
  }

  /** Positive pixels with the i-th score. */
  public long positives(int i) {
    return positives[i];
  }

  /** Negative pixels with the i-th score. */
  public long negatives(int i) {
    return negatives[i];
  }

  /** All positive pixels. */
  public long totalPositives() {
    return totalPositives;
  }

  /** All negative pixels. */
  public long totalNegatives() {
    return totalNegatives;
  }

  /** Copy of the distinct scores (descending). */
  public double[] scoresArray() {
    return scores.clone();
  }

  /** Copy of the positive counts. */
  public long[] positivesArray() {
    return positives.clone();
  }

  /** Copy of the negative counts. */
  public long[] negativesArray() {
    return negatives.clone();
  }

  /** Entries {@code [from, to)} as a new table. */
  public ScoreCounts slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of size " + size());
    }
    if (from == 0 && to == size()) {
      return this;
    }
    long[] totals = totals(from, to);
    return new ScoreCounts(
        Arrays.copyOfRange(scores, from, to),
        Arrays.copyOfRange(positives, from, to),
        Arrays.copyOfRange(negatives, from, to),
        totals[0],
        totals[1]);
  }

  /** {positives, negatives} of the entries {@code [from, to)} (bounds checked by the caller). */
  long[] totals(int from, int to) {
    long p = 0;
    long q = 0;
    for (int i = from; i < to; i++) {
      p += positives[i];
      q += negatives[i];
    }
    return new long[] {p, q};
  }

  /**
   * Index of the first entry whose score is {@code <= boundary} ({@link #size()} if none), so
   * entries {@code [0, result)} are exactly those above the boundary. Binary search.
   */
  public int indexOfFirstBelowOrEqual(double boundary) {
    if (Double.isNaN(boundary)) {
      throw new IllegalArgumentException("NaN boundary");
    }
    int lo = 0;
    int hi = scores.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (scores[mid] > boundary) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Feeds {@code sink} every entry, by descending score. */
  void emitDescending(PixelTabulator.Sink sink) {
    for (int i = 0; i < scores.length; i++) {
      sink.accept(scores[i], positives[i], negatives[i]);
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total = Math.addExact(total, v);
    }
    return total;
  }

  /** Serializes as the compact {@link PackedCounts} form. */
  private Object writeReplace() {
    return new PackedCounts.TableForm(PackedCounts.pack(this, 0, size()));
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("ScoreCounts is read through its serial form");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreCounts
        && Arrays.equals(scores, ((ScoreCounts) o).scores)
        && Arrays.equals(positives, ((ScoreCounts) o).positives)
        && Arrays.equals(negatives, ((ScoreCounts) o).negatives);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(scores) + Arrays.hashCode(positives))
        + Arrays.hashCode(negatives);
  }

  @Override
  public String toString() {
    return "ScoreCounts{thresholds="
        + size()
        + ", positives="
        + totalPositives
        + ", negatives="
        + totalNegatives
        + "}";
  }
}
