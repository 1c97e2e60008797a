package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * Builds {@link ScoreCounts} from per-pixel scores and labels: the scores of positive and of
 * negative pixels are sorted separately ({@link ScoreKeys}, a radix sort) and run-length counted
 * from the top.
 */
final class PixelCounter {
  private PixelCounter() {}

  /** See {@link ScoreCounts#fromPixels}. */
  static ScoreCounts count(double[] scores, byte[] labels, int positiveValue, int voidValue) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + labels.length);
    }
    if (positiveValue == voidValue) {
      throw new IllegalArgumentException("positiveValue equals voidValue: " + positiveValue);
    }
    int numPos = 0;
    int numNeg = 0;
    for (int i = 0; i < scores.length; i++) {
      int label = labels[i] & 0xFF;
      if (label == voidValue) {
        continue;
      }
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("NaN score at pixel index " + i);
      }
      if (label == positiveValue) {
        numPos++;
      } else {
        numNeg++;
      }
    }
    ScoreKeys pos = new ScoreKeys(numPos);
    ScoreKeys neg = new ScoreKeys(numNeg);
    for (int i = 0; i < scores.length; i++) {
      int label = labels[i] & 0xFF;
      if (label != voidValue) {
        (label == positiveValue ? pos : neg).add(scores[i] + 0.0); // folds -0.0 into 0.0
      }
    }
    pos.sort();
    neg.sort();
    TableBuilder table = new TableBuilder(pos.size() + neg.size());
    countSorted(pos, neg, ScoreCounts.empty(), table);
    return table.build();
  }

  /** Receives distinct scores in descending order with their counts. */
  interface Sink {
    /** The next distinct score, with its positive and negative pixels. */
    void accept(double score, long positives, long negatives);
  }

  /**
   * Feeds {@code sink} the distinct scores, in descending order, of the single pixels in the
   * sorted columns {@code pos} (positive) and {@code neg} (negative) and of the entries of {@code
   * others}. Equal scores are counted together ({@code 0.0} and {@code -0.0} give {@code 0.0}).
   */
  static void countSorted(ScoreKeys pos, ScoreKeys neg, ScoreCounts others, Sink sink) {
    // the next score of each source; -inf once it is done, which cannot hide a score of another
    int i = pos.size() - 1;
    int j = neg.size() - 1;
    int o = 0;
    double pv = i >= 0 ? pos.score(i) : Double.NEGATIVE_INFINITY;
    double nv = j >= 0 ? neg.score(j) : Double.NEGATIVE_INFINITY;
    double ov = others.size() > 0 ? others.score(0) : Double.NEGATIVE_INFINITY;
    while (i >= 0 || j >= 0 || o < others.size()) {
      double v = pv > nv ? pv : nv;
      v = ov > v ? ov : v;
      if (v == 0.0) {
        v = Math.max(Math.max(pv, nv), ov); // 0.0 rather than -0.0 when both are there
      }
      long p = 0;
      long q = 0;
      for (; i >= 0 && pv == v; p++) {
        pv = --i >= 0 ? pos.score(i) : Double.NEGATIVE_INFINITY;
      }
      for (; j >= 0 && nv == v; q++) {
        nv = --j >= 0 ? neg.score(j) : Double.NEGATIVE_INFINITY;
      }
      if (o < others.size() && ov == v) {
        p += others.positives(o);
        q += others.negatives(o);
        ov = ++o < others.size() ? others.score(o) : Double.NEGATIVE_INFINITY;
      }
      sink.accept(v, p, q);
    }
  }

  /** A sink that collects at most {@code capacity} entries into a table. */
  static final class TableBuilder implements Sink {
    private final double[] scores;
    private final long[] positives;
    private final long[] negatives;
    private int size;
    private long totalP;
    private long totalN;

    TableBuilder(int capacity) {
      scores = new double[capacity];
      positives = new long[capacity];
      negatives = new long[capacity];
    }

    @Override
    public void accept(double score, long p, long q) {
      scores[size] = score;
      positives[size] = p;
      negatives[size++] = q;
      totalP = Math.addExact(totalP, p);
      totalN = Math.addExact(totalN, q);
    }

    /** The table of the entries received. */
    ScoreCounts build() {
      return size == scores.length
          ? ScoreCounts.trusted(scores, positives, negatives, totalP, totalN)
          : ScoreCounts.trusted(
              Arrays.copyOf(scores, size),
              Arrays.copyOf(positives, size),
              Arrays.copyOf(negatives, size),
              totalP,
              totalN);
    }
  }
}
