package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * Tabulates per-pixel scores and labels held in the JVM into {@link ScoreCounts}: the scores of
 * positive and of negative pixels are sorted separately ({@link ScoreKeys}, a radix sort) and
 * run-length counted from the top. (The pipeline's {@code io.oodseg.score.PixelCounter} counts a
 * score map on its device and uses this for maps copied into the JVM.)
 *
 * <p>The {@code -0.0} rule, shared with {@code PixelCounter} and {@link ScoreCounts#merge}: {@code
 * -0.0} and {@code 0.0} are one score, and a table records it as {@code 0.0}. Scores are folded
 * ({@code score + 0.0}) before sorting, and {@link #countSorted} keeps {@code 0.0} when it meets
 * both.
 */
final class PixelTabulator {
  private PixelTabulator() {}

  /** See {@link ScoreCounts#fromPixels(double[], byte[], int, int)}. */
  static ScoreCounts count(double[] scores, byte[] labels, int positiveValue, int voidValue) {
    Columns columns =
        Columns.sized(
            scores.length, labels, positiveValue, voidValue, i -> Double.isNaN(scores[i]));
    for (int i = 0; i < scores.length; i++) {
      ScoreKeys column = columns.of(labels[i]);
      if (column != null) {
        column.add(scores[i] + 0.0); // folds -0.0 into 0.0
      }
    }
    return columns.count();
  }

  /** See {@link ScoreCounts#fromPixels(float[], byte[], int, int)}. */
  static ScoreCounts count(float[] scores, byte[] labels, int positiveValue, int voidValue) {
    Columns columns =
        Columns.sized(scores.length, labels, positiveValue, voidValue, i -> Float.isNaN(scores[i]));
    for (int i = 0; i < scores.length; i++) {
      ScoreKeys column = columns.of(labels[i]);
      if (column != null) {
        column.addFloatKey(ScoreKeys.floatKey(scores[i] + 0.0f)); // folds -0.0 into 0.0
      }
    }
    return columns.count();
  }

  /** The positive and the negative column of one image, sized by a first pass over the labels. */
  private static final class Columns {
    private final ScoreKeys pos;
    private final ScoreKeys neg;
    private final int positiveValue;
    private final int voidValue;

    private Columns(int numPos, int numNeg, int positiveValue, int voidValue) {
      pos = new ScoreKeys(numPos);
      neg = new ScoreKeys(numNeg);
      this.positiveValue = positiveValue;
      this.voidValue = voidValue;
    }

    /** Checks lengths, values and NaN scores of valid pixels; sizes the columns. */
    static Columns sized(
        int length,
        byte[] labels,
        int positiveValue,
        int voidValue,
        java.util.function.IntPredicate isNaN) {
      if (length != labels.length) {
        throw new IllegalArgumentException(
            "scores and labels differ in length: " + length + " vs " + labels.length);
      }
      if (positiveValue == voidValue) {
        throw new IllegalArgumentException("positiveValue equals voidValue: " + positiveValue);
      }
      int numPos = 0;
      int numNeg = 0;
      for (int i = 0; i < length; i++) {
        int label = labels[i] & 0xFF;
        if (label == voidValue) {
          continue;
        }
        if (isNaN.test(i)) {
          throw new IllegalArgumentException("NaN score at pixel index " + i);
        }
        if (label == positiveValue) {
          numPos++;
        } else {
          numNeg++;
        }
      }
      return new Columns(numPos, numNeg, positiveValue, voidValue);
    }

    /** The column of a pixel with this label, null for void. */
    ScoreKeys of(byte labelByte) {
      int label = labelByte & 0xFF;
      return label == voidValue ? null : label == positiveValue ? pos : neg;
    }

    /**
     * Sorts both columns and counts them into a table, sized by a first pass that only counts the
     * distinct scores (cheaper than three arrays as long as the pixels, then copied down).
     */
    ScoreCounts count() {
      pos.sort();
      neg.sort();
      DistinctScores distinct = new DistinctScores();
      countSorted(pos, neg, ScoreCounts.empty(), distinct);
      TableBuilder table = new TableBuilder(distinct.count);
      countSorted(pos, neg, ScoreCounts.empty(), table);
      return table.build();
    }
  }

  /** A sink that only counts the distinct scores it receives. */
  private static final class DistinctScores implements Sink {
    private int count;

    @Override
    public void accept(double score, long positives, long negatives) {
      count++;
    }
  }

  /** Receives distinct scores in descending order with their counts. */
  interface Sink {
    /** The next distinct score, with its positive and negative pixels. */
    void accept(double score, long positives, long negatives);
  }

  /**
   * Feeds {@code sink} the distinct scores, in descending order, of the single pixels in the sorted
   * columns {@code pos} (positive) and {@code neg} (negative) and of the entries of {@code others}.
   * Equal scores are counted together ({@code 0.0} and {@code -0.0} give {@code 0.0}).
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
