package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * A growable list of entries (score, positive pixels, negative pixels) kept in three parallel
 * arrays, reused after {@link #clear}: the scratch of {@link CountsMerger}.
 */
final class EntryBuffer {
  private double[] scores;
  private long[] positives;
  private long[] negatives;
  private int size;

  /** A buffer with room for {@code capacity} entries (at least 16) before it grows. */
  EntryBuffer(int capacity) {
    scores = new double[Math.max(16, capacity)];
    positives = new long[scores.length];
    negatives = new long[scores.length];
  }

  /** Appends an entry, doubling the arrays when they are full. */
  void add(double score, long p, long q) {
    if (size == scores.length) {
      int grown = 2 * size;
      scores = Arrays.copyOf(scores, grown);
      positives = Arrays.copyOf(positives, grown);
      negatives = Arrays.copyOf(negatives, grown);
    }
    scores[size] = score;
    positives[size] = p;
    negatives[size++] = q;
  }

  int size() {
    return size;
  }

  double score(int i) {
    return scores[i];
  }

  long positives(int i) {
    return positives[i];
  }

  long negatives(int i) {
    return negatives[i];
  }

  /** Empties the buffer, keeping its arrays. */
  void clear() {
    size = 0;
  }
}
