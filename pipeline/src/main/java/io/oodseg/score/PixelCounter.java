package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.Arrays;

/**
 * Reduces one image's score maps to counts per distinct score, void dropped. The scores of positive
 * and of negative pixels are sorted separately, then merged and grouped. On a GPU the split and
 * sort run on the device and only sorted values come back; on the CPU the map is copied into the
 * JVM (same size as its counts) and counted by {@code ScoreCounts.fromPixels} (a radix sort),
 * several times faster than libtorch's CPU masking and sort.
 *
 * <p>{@code -0.0} and {@code 0.0} are one score and are recorded as {@code 0.0} on both paths, as
 * {@code ScoreCounts.fromPixels} and {@code ScoreCounts.merge} do: a table never holds {@code
 * -0.0}, so tables of the same pixels are equal whichever path counted them.
 */
public final class PixelCounter {
  private final byte[] label;
  private final int positiveValue;
  private final int voidValue;
  private final boolean sortOnDevice;
  private final long valid;
  private NDArray positive;
  private NDArray negative;

  /**
   * @param label label values {@code [H*W]} (unsigned bytes)
   * @param positiveValue label value of OoD pixels
   * @param voidValue label value of ignored pixels
   * @param sortOnDevice sort on the score maps' device (GPU) instead of in the JVM (CPU)
   */
  public PixelCounter(byte[] label, int positiveValue, int voidValue, boolean sortOnDevice) {
    this.label = label;
    this.positiveValue = positiveValue;
    this.voidValue = voidValue;
    this.sortOnDevice = sortOnDevice;
    long v = 0;
    for (byte b : label) {
      v += (b & 0xFF) != voidValue ? 1 : 0;
    }
    valid = v;
  }

  /** Number of pixels that are not void. */
  public long validPixels() {
    return valid;
  }

  /**
   * Counts per distinct score of one score map {@code [H*W]} (float32 or float64).
   *
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  public ScoreCounts count(NDArray scores) {
    if (valid == 0) {
      return ScoreCounts.empty();
    }
    if (sortOnDevice) {
      return countOnDevice(scores);
    }
    if (scores.getDataType() == DataType.FLOAT32) {
      return ScoreCounts.fromPixels(scores.toFloatArray(), label, positiveValue, voidValue);
    }
    return ScoreCounts.fromPixels(
        scores.toType(DataType.FLOAT64, false).toDoubleArray(), label, positiveValue, voidValue);
  }

  /** Counts per distinct score of a float32 score map held in the JVM {@code [H*W]} (CPU path). */
  public ScoreCounts count(float[] scores) {
    return valid == 0
        ? ScoreCounts.empty()
        : ScoreCounts.fromPixels(scores, label, positiveValue, voidValue);
  }

  /** Counts per distinct score of a float64 score map held in the JVM {@code [H*W]} (CPU path). */
  public ScoreCounts count(double[] scores) {
    return valid == 0
        ? ScoreCounts.empty()
        : ScoreCounts.fromPixels(scores, label, positiveValue, voidValue);
  }

  /** Whether score maps are counted on their device ({@link #count(NDArray)} only). */
  public boolean sortsOnDevice() {
    return sortOnDevice;
  }

  /** Splits and sorts on the scores' device; only the sorted values come back (GPU path). */
  private ScoreCounts countOnDevice(NDArray scores) {
    if (positive == null) {
      NDManager manager = scores.getManager();
      NDArray labels =
          manager
              .create(ByteBufferOf.copy(label), new Shape(label.length), DataType.UINT8)
              .toType(DataType.INT32, false);
      positive = labels.eq(positiveValue);
      negative = labels.neq(voidValue).logicalAnd(positive.logicalNot());
    }
    double[] pos =
        scores.booleanMask(positive).sort().toType(DataType.FLOAT64, false).toDoubleArray();
    double[] neg =
        scores.booleanMask(negative).sort().toType(DataType.FLOAT64, false).toDoubleArray();
    return group(pos, neg);
  }

  /**
   * Merges the ascending scores of positive and of negative pixels into counts per distinct score,
   * highest first; {@code -0.0} counts as, and is recorded as, {@code 0.0}.
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
      scores[n] = top + 0.0; // folds -0.0 into 0.0 (equal scores are grouped by ==)
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
