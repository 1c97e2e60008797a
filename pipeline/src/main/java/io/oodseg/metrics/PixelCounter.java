package io.oodseg.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.Arrays;

/**
 * Reduces one image's score maps to counts per distinct score. The positive and negative
 * (non-void) masks are built once per image; each score map's positive and negative scores are
 * sorted on its device and only those sorted values come back, to be merged and grouped here.
 */
public final class PixelCounter {
  private final NDArray positive;
  private final NDArray negative;
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
    positive = labels.eq(positiveValue);
    negative = labels.neq(voidValue).logicalAnd(positive.logicalNot());
    valid = positive.sum().getLong() + negative.sum().getLong();
  }

  /** Number of pixels that are not void. */
  public long validPixels() {
    return valid;
  }

  /**
   * Counts per distinct score of one score map {@code [H*W]} (float32 or float64). The scores of positive and of
   * negative pixels are sorted on the device separately (values only), then merged here.
   *
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  public ScoreCounts count(NDArray scores) {
    if (valid == 0) {
      return ScoreCounts.empty();
    }
    double[] pos = scores.booleanMask(positive).sort().toType(DataType.FLOAT64, false).toDoubleArray();
    double[] neg = scores.booleanMask(negative).sort().toType(DataType.FLOAT64, false).toDoubleArray();
    return group(pos, neg);
  }

  /**
   * Merges the ascending scores of positive and of negative pixels into counts per distinct
   * score, highest first.
   */
  static ScoreCounts group(double[] pos, double[] neg) {
    int size = pos.length + neg.length;
    double[] scores = new double[size];
    long[] posCounts = new long[size];
    long[] negCounts = new long[size];
    int i = pos.length - 1;
    int j = neg.length - 1;
    int n = 0;
    while (i >= 0 || j >= 0) {
      double top = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
      if (Double.isNaN(top)) {
        throw new IllegalArgumentException("NaN score at some valid pixel");
      }
      scores[n] = top;
      while (i >= 0 && pos[i] == top) {
        posCounts[n]++;
        i--;
      }
      while (j >= 0 && neg[j] == top) {
        negCounts[n]++;
        j--;
      }
      n++;
    }
    return ScoreCounts.fromSortedDescending(
        Arrays.copyOf(scores, n), Arrays.copyOf(posCounts, n), Arrays.copyOf(negCounts, n));
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
