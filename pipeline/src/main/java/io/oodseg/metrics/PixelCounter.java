package io.oodseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.Arrays;

/**
 * Reduces one image's score maps to counts per distinct score. Void pixels are dropped once;
 * each score map is sorted on its device and only the sorted valid scores and their labels
 * come back, to be run-length grouped here.
 */
public final class PixelCounter {
  private final NDArray validIndex;
  private final NDArray positive;
  private final long valid;

  /**
   * @param manager manager on the device the score maps live on
   * @param label label values {@code [H*W]} (unsigned bytes)
   * @param positiveValue label value of OoD pixels
   * @param voidValue label value of ignored pixels
   */
  public PixelCounter(NDManager manager, byte[] label, int positiveValue, int voidValue) {
    NDArray labels = manager.create(ByteBufferOf.copy(label), new Shape(label.length), DataType.UINT8)
        .toType(DataType.INT32, false);
    NDArray keep = labels.neq(voidValue);
    validIndex = manager.arange(0, label.length, 1, DataType.INT64).booleanMask(keep);
    positive = labels.booleanMask(keep).eq(positiveValue);
    valid = validIndex.size();
  }

  /** Number of pixels that are not void. */
  public long validPixels() {
    return valid;
  }

  /**
   * Counts per distinct score of one score map {@code [H*W]} (float64).
   *
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  public ScoreCounts count(NDArray scores) {
    if (valid == 0) {
      return ScoreCounts.empty();
    }
    NDArray kept = scores.take(scores.getManager(), validIndex);
    if (kept.isNaN().any().getBoolean()) {
      throw new IllegalArgumentException("NaN score at some valid pixel");
    }
    NDArray order = kept.argSort(0, false);
    double[] sorted = kept.take(kept.getManager(), order).toDoubleArray();
    boolean[] labels = positive.take(positive.getManager(), order).toBooleanArray();
    return group(sorted, labels);
  }

  /** Run-length groups descending scores into (score, positives, negatives). */
  static ScoreCounts group(double[] sorted, boolean[] positive) {
    double[] scores = new double[sorted.length];
    long[] pos = new long[sorted.length];
    long[] neg = new long[sorted.length];
    int n = -1;
    for (int i = 0; i < sorted.length; i++) {
      if (n < 0 || sorted[i] != scores[n]) {
        scores[++n] = sorted[i];
      }
      if (positive[i]) {
        pos[n]++;
      } else {
        neg[n]++;
      }
    }
    n++;
    return ScoreCounts.fromSortedDescending(Arrays.copyOf(scores, n), Arrays.copyOf(pos, n), Arrays.copyOf(neg, n));
  }

  /** Direct byte buffers for NDManager.create. */
  private static final class ByteBufferOf {
    static java.nio.ByteBuffer copy(byte[] bytes) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(bytes.length);
      buffer.put(bytes).rewind();
      return buffer;
    }
  }
}
