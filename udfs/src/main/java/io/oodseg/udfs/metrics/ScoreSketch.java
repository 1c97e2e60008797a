package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded, order-independent sample of the distinct scores of one key, used to pick range
 * boundaries for {@link PooledExactMetrics}.
 *
 * <p>It keeps the {@code capacity} distinct scores with the smallest 64-bit hash (a bottom-k
 * sketch): a uniform sample of the key's distinct scores whose content does not depend on how rows
 * are partitioned or in which order sketches are merged, so the boundaries, and hence the
 * floating-point summation order of the pooled result, are deterministic. It also counts the
 * entries and pixels it has seen: the entries decide how many ranges the merge needs, and the
 * sweep's own totals must match the pixels.
 */
final class ScoreSketch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int capacity;
  private final TreeMap<Long, Double> byHash = new TreeMap<>();

  /** Largest hash kept, once full: only smaller hashes can enter (a cached {@code lastKey()}). */
  private long worstHash = Long.MAX_VALUE;

  private long positives;
  private long negatives;
  private long entries;

  /** An empty sketch keeping at most {@code capacity} scores (0 keeps none). */
  ScoreSketch(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("negative capacity " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Adds every distinct score of {@code row}, read by {@code entries}; returns this. Once the
   * sketch is full, a score costs one hash and one comparison unless it enters the sample.
   */
  <R> ScoreSketch addRow(R row, RowEntries<R> entries) {
    if (capacity > 0) {
      entries.emit(
          row,
          (score, p, q) -> {
            add(score);
            this.entries++;
            positives = Math.addExact(positives, p);
            negatives = Math.addExact(negatives, q);
          });
    }
    return this;
  }

  /**
   * Entries (distinct scores per row) of the rows added, sketches merged included (0 without a
   * capacity).
   */
  long entries() {
    return entries;
  }

  /** Positives of the rows added, sketches merged included (0 without a capacity). */
  long positives() {
    return positives;
  }

  /** Negatives of the rows added, sketches merged included (0 without a capacity). */
  long negatives() {
    return negatives;
  }

  /** Adds one score (adding a score again changes nothing). */
  private void add(double score) {
    long h = hash(score);
    if (h < worstHash || byHash.size() < capacity) {
      offer(h, score);
    }
  }

  /** Adds the content of {@code other}; returns this. */
  ScoreSketch mergeWith(ScoreSketch other) {
    entries = Math.addExact(entries, other.entries);
    positives = Math.addExact(positives, other.positives);
    negatives = Math.addExact(negatives, other.negatives);
    for (Map.Entry<Long, Double> e : other.byHash.entrySet()) {
      offer(e.getKey(), e.getValue());
    }
    return this;
  }

  /** Hash of a (non-NaN) score; {@code -0.0} hashes as {@code 0.0}. */
  private static long hash(double score) {
    return mix(Double.doubleToRawLongBits(score + 0.0));
  }

  /** Keeps {@code score}, whose hash is {@code h}, if it is among the smallest hashes. */
  private void offer(long h, double score) {
    if (byHash.size() < capacity || h < byHash.lastKey()) {
      byHash.merge(h, score, Math::max); // max: a hash collision still resolves deterministically
      if (byHash.size() > capacity) {
        byHash.pollLastEntry();
      }
      if (byHash.size() == capacity) {
        worstHash = byHash.lastKey();
      }
    }
  }

  /** SplitMix64 finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Up to {@code numRanges - 1} strictly descending boundaries at evenly spaced ranks of the
   * sample; range {@code r} will hold the scores in {@code (b[r], b[r-1]]}. Fewer boundaries come
   * back when the sample has fewer distinct scores than ranges.
   */
  double[] boundaries(int numRanges) {
    double[] sample = new double[byHash.size()];
    int m = 0;
    for (Map.Entry<Long, Double> e : byHash.entrySet()) {
      sample[m++] = e.getValue();
    }
    Arrays.sort(sample); // ascending; rank j from the top is sample[m - 1 - j]
    double[] out = new double[Math.max(0, numRanges - 1)];
    int k = 0;
    for (int r = 1; r < numRanges; r++) {
      int rank = (int) ((long) r * m / numRanges);
      if (rank >= 1) { // rank 0 would leave the first range empty
        double b = sample[m - 1 - rank];
        if (k == 0 || b < out[k - 1]) {
          out[k++] = b;
        }
      }
    }
    return Arrays.copyOf(out, k);
  }
}
