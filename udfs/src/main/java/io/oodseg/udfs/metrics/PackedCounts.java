package io.oodseg.udfs.metrics;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Compact form of the entries {@code [from, to)} of a {@link ScoreCounts}: the serial form of
 * {@code ScoreCounts} and the slices that {@link PooledExactMetrics} shuffles.
 *
 * <p>Scores are kept as {@code float} when every one of them is exactly a float (the usual case:
 * a float32 model's scores), else as {@code double}; both are written in bulk ({@link
 * ScoreBytes}). Counts take a 2-bit code per entry: {@link #NEGATIVE} for (0 positives, 1
 * negative), {@link #POSITIVE} for (1, 0), {@link #ESCAPE} for any other pair, whose two counts
 * follow in a side list (written as varints). Pixel-level tables, where almost every entry is
 * (1, 0) or (0, 1), thus take 4.25 bytes per entry instead of 24.
 */
final class PackedCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Code of an entry with 0 positives and 1 negative. */
  static final int NEGATIVE = 0;
  /** Code of an entry with 1 positive and 0 negatives. */
  static final int POSITIVE = 1;
  /** Code of any other entry; its counts are in the escape list. */
  static final int ESCAPE = 2;

  private transient int size;
  private transient float[] floats; // exactly one of floats and doubles is non-null
  private transient double[] doubles;
  private transient byte[] codes; // 4 codes per byte, entry i at bits 2*(i%4)
  private transient long[] escapes; // (positives, negatives) of each escaped entry, in order

  private PackedCounts() {}

  /** Packs the entries {@code [from, to)} of {@code counts} (bounds checked by the caller). */
  static PackedCounts pack(ScoreCounts counts, int from, int to) {
    PackedCounts p = new PackedCounts();
    int n = to - from;
    p.size = n;
    p.codes = new byte[(n + 3) >>> 2];
    boolean allFloats = true;
    int numEscapes = 0;
    for (int i = from; i < to; i++) {
      double s = counts.score(i);
      allFloats &= (double) (float) s == s;
      int code = codeOf(counts.positives(i), counts.negatives(i));
      numEscapes += code == ESCAPE ? 1 : 0;
      p.codes[(i - from) >>> 2] |= (byte) (code << (((i - from) & 3) << 1));
    }
    if (allFloats) {
      p.floats = new float[n];
      for (int i = 0; i < n; i++) {
        p.floats[i] = (float) counts.score(from + i);
      }
    } else {
      p.doubles = new double[n];
      for (int i = 0; i < n; i++) {
        p.doubles[i] = counts.score(from + i);
      }
    }
    p.escapes = new long[2 * numEscapes];
    for (int i = from, e = 0; e < numEscapes; i++) {
      if (codeOf(counts.positives(i), counts.negatives(i)) == ESCAPE) {
        p.escapes[e++] = counts.positives(i);
        p.escapes[e++] = counts.negatives(i);
      }
    }
    return p;
  }

  private static int codeOf(long positives, long negatives) {
    if (positives == 0 && negatives == 1) {
      return NEGATIVE;
    }
    return positives == 1 && negatives == 0 ? POSITIVE : ESCAPE;
  }

  /** Number of entries. */
  int size() {
    return size;
  }

  /** Score of entry {@code i}. */
  double score(int i) {
    return floats != null ? floats[i] : doubles[i];
  }

  /** Code of entry {@code i}: {@link #NEGATIVE}, {@link #POSITIVE} or {@link #ESCAPE}. */
  int code(int i) {
    return (codes[i >>> 2] >>> ((i & 3) << 1)) & 3;
  }

  /** Number of escaped entries. */
  int escapeCount() {
    return escapes.length >>> 1;
  }

  /** Positives of the {@code e}-th escaped entry (in entry order). */
  long escapePositives(int e) {
    return escapes[2 * e];
  }

  /** Negatives of the {@code e}-th escaped entry (in entry order). */
  long escapeNegatives(int e) {
    return escapes[2 * e + 1];
  }

  /**
   * Decodes into a table, checking what a corrupt stream could break (order, counts).
   *
   * @throws IllegalArgumentException as {@link ScoreCounts#fromSortedDescending}
   */
  ScoreCounts unpack() {
    double[] s = new double[size];
    long[] p = new long[size];
    long[] q = new long[size];
    for (int i = 0, e = 0; i < size; i++) {
      s[i] = score(i);
      int code = code(i);
      p[i] = code == ESCAPE ? escapePositives(e) : code;
      q[i] = code == ESCAPE ? escapeNegatives(e++) : 1 - code;
    }
    return ScoreCounts.validated(s, p, q);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeInt(size);
    out.writeBoolean(floats != null);
    if (floats != null) {
      ScoreBytes.write(out, floats);
    } else {
      ScoreBytes.write(out, doubles);
    }
    out.write(codes);
    ScoreBytes.writeVarLongs(out, escapes);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    size = in.readInt();
    if (size < 0) {
      throw new InvalidObjectException("negative size " + size);
    }
    if (in.readBoolean()) {
      floats = ScoreBytes.readFloats(in, size);
    } else {
      doubles = ScoreBytes.readDoubles(in, size);
    }
    codes = new byte[(size + 3) >>> 2];
    in.readFully(codes);
    int numEscapes = 0;
    for (int i = 0; i < size; i++) {
      int code = code(i);
      if (code > ESCAPE) {
        throw new InvalidObjectException("bad count code " + code + " at entry " + i);
      }
      numEscapes += code == ESCAPE ? 1 : 0;
    }
    escapes = ScoreBytes.readVarLongs(in, 2 * numEscapes);
  }
}
