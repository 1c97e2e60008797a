package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * A growable column of NaN-free scores held as order-preserving keys, sortable ascending.
 *
 * <p>A key is the score's bit pattern with all bits flipped for negative scores and the sign bit
 * flipped for the others, so that the unsigned order of keys is the order of scores ({@code -0.0}
 * just below {@code 0.0}). While every score is exactly a {@code float} (the scores of a float32
 * model), keys are 32-bit and {@link #sort} is a least-significant-digit radix sort: O(n), free of
 * the branch mispredictions that make comparison sorts slow on random data, and limited to the bits
 * that vary between keys (scores in a narrow range share their high bits), so a large column
 * typically takes two or three passes of up to {@value #MAX_BITS} bits. Other scores switch the
 * column to 64-bit keys, sorted the same way on the bits that vary between them (a fused score map,
 * {@code flag * 2^20 - confidence}, takes four or five passes, about three times faster than a
 * comparison sort of the same keys).
 */
final class ScoreKeys {
  /** Most bits sorted per radix pass. */
  private static final int MAX_BITS = 13;

  private int[] floatKeys; // while every score is a float, else null
  private long[] doubleKeys; // once a score is not a float, else null
  private int size;
  private int anyBits; // OR of the float keys
  private int allBits = -1; // AND of the float keys
  private long anyLongBits; // OR of the double keys
  private long allLongBits = -1L; // AND of the double keys

  /** An empty column with room for {@code capacity} float scores before it grows. */
  ScoreKeys(int capacity) {
    floatKeys = new int[Math.max(capacity, 16)];
  }

  /** Appends a score (not NaN). */
  void add(double score) {
    float f = (float) score;
    if (f == score) {
      addFloatKey(floatKey(f));
      return;
    }
    if (floatKeys != null) {
      long[] keys = new long[floatKeys.length];
      for (int i = 0; i < size; i++) {
        keys[i] = doubleKey(score(i));
      }
      int n = size;
      floatKeys = null;
      doubleKeys = keys;
      size = 0;
      for (int i = 0; i < n; i++) {
        addDoubleKey(keys[i]);
      }
    }
    addDoubleKey(doubleKey(score));
  }

  /** Appends the float score whose {@link #floatKey} is {@code key}. */
  void addFloatKey(int key) {
    if (floatKeys == null) {
      addDoubleKey(doubleKey(floatScore(key)));
      return;
    }
    if (size == floatKeys.length) {
      floatKeys = Arrays.copyOf(floatKeys, grown(size));
    }
    floatKeys[size++] = key;
    anyBits |= key;
    allBits &= key;
  }

  private void addDoubleKey(long key) {
    if (size == doubleKeys.length) {
      doubleKeys = Arrays.copyOf(doubleKeys, grown(size));
    }
    doubleKeys[size++] = key;
    anyLongBits |= key;
    allLongBits &= key;
  }

  private static int grown(int size) {
    long capacity = size + (size >> 1) + 16L;
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than 2^31 scores");
    }
    return (int) capacity;
  }

  /** Order-preserving key of a float score: its unsigned order is the order of scores. */
  static int floatKey(float score) {
    int bits = Float.floatToRawIntBits(score);
    return bits ^ ((bits >> 31) | Integer.MIN_VALUE);
  }

  /** The float score of a {@link #floatKey}. */
  static float floatScore(int key) {
    return Float.intBitsToFloat(key ^ ((~key >> 31) | Integer.MIN_VALUE));
  }

  private static long doubleKey(double score) {
    long bits = Double.doubleToRawLongBits(score);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  /** Number of scores. */
  int size() {
    return size;
  }

  /** The {@code i}-th score (ascending once {@link #sort} ran). */
  double score(int i) {
    if (floatKeys != null) {
      return floatScore(floatKeys[i]);
    }
    long k = doubleKeys[i];
    return Double.longBitsToDouble(k ^ ((~k >> 63) | Long.MIN_VALUE));
  }

  /** Sorts the scores ascending. */
  void sort() {
    if (floatKeys != null) {
      radixSort();
      return;
    }
    radixSortLong();
  }

  /** LSD radix sort of the float keys on the bits that vary between them. */
  private void radixSort() {
    int varying = anyBits & ~allBits;
    if (varying == 0) {
      return; // all equal
    }
    int low = Integer.numberOfTrailingZeros(varying);
    int width = 32 - Integer.numberOfLeadingZeros(varying) - low;
    // digits of about log2(size) bits, so that a histogram costs no more than a pass over the keys
    int maxBits = Math.max(4, Math.min(MAX_BITS, 32 - Integer.numberOfLeadingZeros(size)));
    int passes = (width + maxBits - 1) / maxBits;
    int bits = (width + passes - 1) / passes;
    int mask = (1 << bits) - 1;
    int[][] starts = digitStarts(low, bits, passes);
    int[] from = floatKeys;
    int[] to = new int[from.length];
    for (int p = 0; p < passes; p++) {
      int[] next = starts[p];
      int shift = low + p * bits;
      for (int i = 0; i < size; i++) {
        int k = from[i];
        to[next[(k >>> shift) & mask]++] = k;
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    floatKeys = from;
  }

  /** Ranges up to this size are sorted by {@link #lsdRange} alone. */
  private static final int MSD_FROM = 1 << 15;

  /** Bits of the first, most-significant digit of {@link #sortRange}. */
  private static final int MSD_BITS = 11;

  /**
   * Sorts {@code keys[from, to)} ascending as unsigned ints, in place; {@code scratch} holds at
   * least {@code to - from} ints. Only the bits that vary between the keys are sorted on. A large
   * range is first split by its most significant {@value #MSD_BITS} varying bits into buckets of a
   * few thousand keys (one pass through memory), and each bucket is then sorted on its remaining
   * bits by the least-significant-digit sort while it is in the cache, about twice as fast as
   * passes of the LSD sort over the whole range.
   */
  static void sortRange(int[] keys, int from, int to, int[] scratch) {
    int size = to - from;
    int any = 0;
    int all = -1;
    for (int i = from; i < to; i++) {
      any |= keys[i];
      all &= keys[i];
    }
    int varying = any & ~all;
    if (varying == 0) {
      return;
    }
    int low = Integer.numberOfTrailingZeros(varying);
    int width = 32 - Integer.numberOfLeadingZeros(varying) - low;
    if (size <= MSD_FROM || width <= MSD_BITS + 4) {
      lsdRange(keys, from, scratch, 0, size, low, width, true);
      return;
    }
    int shift = low + width - MSD_BITS;
    int mask = (1 << MSD_BITS) - 1;
    int[] starts = new int[(1 << MSD_BITS) + 1];
    for (int i = from; i < to; i++) {
      starts[((keys[i] >>> shift) & mask) + 1]++;
    }
    for (int d = 0; d < (1 << MSD_BITS); d++) {
      starts[d + 1] += starts[d];
    }
    int[] next = java.util.Arrays.copyOf(starts, 1 << MSD_BITS);
    for (int i = from; i < to; i++) {
      int k = keys[i];
      scratch[next[(k >>> shift) & mask]++] = k;
    }
    // each bucket now sits in scratch; sort it on its low bits into the same place in keys
    for (int d = 0; d < (1 << MSD_BITS); d++) {
      int s = starts[d];
      int e = starts[d + 1];
      if (e - s == 1) {
        keys[from + s] = scratch[s];
      } else if (e > s) {
        int bAny = 0;
        int bAll = -1;
        for (int i = s; i < e; i++) {
          bAny |= scratch[i];
          bAll &= scratch[i];
        }
        int bVarying = bAny & ~bAll;
        if (bVarying == 0) {
          System.arraycopy(scratch, s, keys, from + s, e - s);
        } else {
          int bLow = Integer.numberOfTrailingZeros(bVarying);
          int bWidth = 32 - Integer.numberOfLeadingZeros(bVarying) - bLow;
          lsdRange(scratch, s, keys, from + s, e - s, bLow, bWidth, false);
        }
      }
    }
  }

  /**
   * LSD radix sort of {@code size} keys on bits {@code [low, low + width)}, the others being equal
   * or already in order: from {@code a[aFrom...]}, using {@code b[bFrom...]} as the other buffer,
   * the result in {@code a} when {@code resultInA}, else in {@code b}.
   */
  private static void lsdRange(
      int[] a, int aFrom, int[] b, int bFrom, int size, int low, int width, boolean resultInA) {
    int maxBits = Math.max(4, Math.min(MAX_BITS, 32 - Integer.numberOfLeadingZeros(size)));
    int passes = (width + maxBits - 1) / maxBits;
    int bits = (width + passes - 1) / passes;
    int mask = (1 << bits) - 1;
    int[][] starts = new int[passes][1 << bits];
    for (int i = aFrom, end = aFrom + size; i < end; i++) {
      int k = a[i] >>> low;
      for (int p = 0; p < passes; p++) {
        starts[p][(k >>> (p * bits)) & mask]++;
      }
    }
    prefixSums(starts);
    int[] src = a;
    int srcFrom = aFrom;
    int[] dst = b;
    int dstFrom = bFrom;
    for (int p = 0; p < passes; p++) {
      int[] next = starts[p];
      int shift = low + p * bits;
      for (int i = srcFrom, end = srcFrom + size; i < end; i++) {
        int k = src[i];
        dst[dstFrom + next[(k >>> shift) & mask]++] = k;
      }
      int[] swap = src;
      src = dst;
      dst = swap;
      int swapFrom = srcFrom;
      srcFrom = dstFrom;
      dstFrom = swapFrom;
    }
    // after the passes the keys are in src; move them where the caller wants them
    if ((src == a && srcFrom == aFrom) != resultInA) {
      System.arraycopy(src, srcFrom, resultInA ? a : b, resultInA ? aFrom : bFrom, size);
    }
  }

  /** LSD radix sort of the double keys on the bits that vary between them. */
  private void radixSortLong() {
    long varying = anyLongBits & ~allLongBits;
    if (varying == 0) {
      return; // all equal
    }
    int low = Long.numberOfTrailingZeros(varying);
    int width = 64 - Long.numberOfLeadingZeros(varying) - low;
    int maxBits = Math.max(4, Math.min(MAX_BITS, 32 - Integer.numberOfLeadingZeros(size)));
    int passes = (width + maxBits - 1) / maxBits;
    int bits = (width + passes - 1) / passes;
    int mask = (1 << bits) - 1;
    int[][] starts = new int[passes][1 << bits];
    for (int i = 0; i < size; i++) {
      long k = doubleKeys[i] >>> low;
      for (int p = 0; p < passes; p++) {
        starts[p][(int) (k >>> (p * bits)) & mask]++;
      }
    }
    prefixSums(starts);
    long[] from = doubleKeys;
    long[] to = new long[from.length];
    for (int p = 0; p < passes; p++) {
      int[] next = starts[p];
      int shift = low + p * bits;
      for (int i = 0; i < size; i++) {
        long k = from[i];
        to[next[(int) (k >>> shift) & mask]++] = k;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    doubleKeys = from;
  }

  /** Per pass, the first output index of each digit value (a histogram, then prefix sums). */
  private int[][] digitStarts(int low, int bits, int passes) {
    int[][] counts = new int[passes][1 << bits];
    int mask = (1 << bits) - 1;
    for (int i = 0; i < size; i++) {
      int k = floatKeys[i] >>> low;
      for (int p = 0; p < passes; p++) {
        counts[p][(k >>> (p * bits)) & mask]++;
      }
    }
    prefixSums(counts);
    return counts;
  }

  /** Turns each histogram into the first output index of each digit value. */
  private static void prefixSums(int[][] counts) {
    for (int[] c : counts) {
      int sum = 0;
      for (int d = 0; d < c.length; d++) {
        int count = c[d];
        c[d] = sum;
        sum += count;
      }
    }
  }
}
