package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.udfs.metrics.CompactCounts;
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

  /**
   * The table of a float32 score map {@code [H*W]} kept compact, sorted where the map is (on a GPU,
   * the device): per label and section the folded scores ({@code -0.0} as {@code 0.0}) are masked
   * and sorted there, and only the sorted float32 values come back, 4 bytes per valid pixel, as
   * {@link CompactCounts} keys; the JVM path ({@code JvmTables}) keeps the same keys.
   *
   * @param raised the pixels of the raised section {@code [H*W]} (boolean), or null for none
   * @param raisedOffset what a raised pixel adds to its float score
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  public CompactCounts countKeys(NDArray scores, NDArray raised, double raisedOffset) {
    if (scores.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("not a float32 map: " + scores.getDataType());
    }
    if (valid == 0) {
      return CompactCounts.of(ScoreCounts.empty());
    }
    masks(scores.getManager());
    NDArray folded = scores.add(0.0f);
    NDArray base = raised == null ? null : raised.logicalNot();
    int[] pos = keys(folded, positive, base);
    int[] neg = keys(folded, negative, base);
    int[] posRaised = raised == null ? new int[0] : keys(folded, positive, raised);
    int[] negRaised = raised == null ? new int[0] : keys(folded, negative, raised);
    return CompactCounts.sorted(
        concat(pos, posRaised), pos.length, concat(neg, negRaised), neg.length, raisedOffset);
  }

  /** Ascending keys of the scores in {@code labels} and, when given, in {@code section}. */
  private static int[] keys(NDArray folded, NDArray labels, NDArray section) {
    NDArray mask = section == null ? labels : labels.logicalAnd(section);
    float[] sorted = folded.booleanMask(mask).sort().toFloatArray();
    if (sorted.length > 0 && Float.isNaN(sorted[sorted.length - 1])) {
      throw new IllegalArgumentException("NaN score at some valid pixel");
    }
    int[] keys = new int[sorted.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = CompactCounts.key(sorted[i]);
    }
    return keys;
  }

  private static int[] concat(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** The positive and negative masks on the scores' device, made on first use. */
  private void masks(NDManager manager) {
    if (positive == null) {
      NDArray labels =
          manager
              .create(ByteBufferOf.copy(label), new Shape(label.length), DataType.UINT8)
              .toType(DataType.INT32, false);
      positive = labels.eq(positiveValue);
      negative = labels.neq(voidValue).logicalAnd(positive.logicalNot());
    }
  }

  /** Whether score maps are counted on their device ({@link #count(NDArray)} only). */
  public boolean sortsOnDevice() {
    return sortOnDevice;
  }

  /** Splits and sorts on the scores' device; only the sorted values come back (GPU path). */
  private ScoreCounts countOnDevice(NDArray scores) {
    masks(scores.getManager());
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
