package io.oodseg.udfs.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Compact form of the entries {@code [from, to)} of a {@link ScoreCounts}: the serial form of
 * {@code ScoreCounts} and the slices that {@link PooledExactMetrics} shuffles.
 *
 * <p>When every score is exactly a {@code float} (the usual case: a float32 model's scores), scores
 * are kept as their 32-bit {@link ScoreKeys#floatKey}s, which descend, and written as the varint
 * gaps between consecutive keys (about 2 bytes for dense scores); other scores are kept as {@code
 * double}s, written in bulk. Counts take a 2-bit code per entry: {@link #NEGATIVE} for (0
 * positives, 1 negative), {@link #POSITIVE} for (1, 0), {@link #ESCAPE} for any other pair, whose
 * two counts follow in a side list (written as varints). Pixel-level tables, where almost every
 * entry is (1, 0) or (0, 1), thus take 2 to 4.25 bytes per entry instead of 24 ({@link
 * ScoreBytes}).
 */
final class PackedCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Code of an entry with 0 positives and 1 negative. */
  static final int NEGATIVE = 0;

  /** Code of an entry with 1 positive and 0 negatives. */
  static final int POSITIVE = 1;

  /** Code of any other entry; its counts are in the escape list. */
  static final int ESCAPE = 2;

  private static final long[] NO_ESCAPES = {};

  private transient int size;
  private transient int[] floatKeys; // exactly one of floatKeys and doubles is non-null
  private transient double[] doubles;
  private transient byte[] codes; // 4 codes per byte, entry i at bits 2*(i%4)
  private transient long[] escapes; // (positives, negatives) of each escaped entry, in order

  private PackedCounts() {}

  /** Packs the entries {@code [from, to)} of {@code counts} (bounds checked by the caller). */
  static PackedCounts pack(ScoreCounts counts, int from, int to) {
    Packer packer = new Packer(to - from);
    for (int i = from; i < to; i++) {
      packer.accept(counts.score(i), counts.positives(i), counts.negatives(i));
    }
    return packer.cut();
  }

  /**
   * Packs entries fed by descending score one slice at a time ({@link #cut}); {@link #pack} packs a
   * table's slice with it. Entries go straight into the packed columns (a key, a 2-bit code, the
   * escaped counts), whose buffers are reused from slice to slice; a slice's arrays are copied out
   * at its cut.
   */
  static final class Packer implements PixelTabulator.Sink {
    private int[] keys;
    private double[] doubles; // once the slice has a score that is not a float, else null
    private byte[] codes;
    private long[] escapes = new long[16];
    private int size;
    private int numEscapes;

    /** A packer with room for {@code capacity} entries before it grows. */
    Packer(int capacity) {
      keys = new int[Math.max(16, capacity)];
      codes = new byte[(keys.length + 3) >>> 2];
    }

    @Override
    public void accept(double score, long p, long q) {
      if (size == keys.length) {
        grow();
      }
      float f = (float) score;
      keys[size] = ScoreKeys.floatKey(f);
      if (doubles != null || f != score) {
        keepDoubles();
        doubles[size] = score;
      }
      int code = p == 0 && q == 1 ? NEGATIVE : p == 1 && q == 0 ? POSITIVE : ESCAPE;
      if (code == ESCAPE) {
        if (2 * numEscapes == escapes.length) {
          escapes = Arrays.copyOf(escapes, 2 * escapes.length);
        }
        escapes[2 * numEscapes] = p;
        escapes[2 * numEscapes++ + 1] = q;
      }
      codes[size >>> 2] |= (byte) (code << ((size & 3) << 1));
      size++;
    }

    private void grow() {
      int grown = 2 * keys.length;
      keys = Arrays.copyOf(keys, grown);
      codes = Arrays.copyOf(codes, (grown + 3) >>> 2);
      if (doubles != null) {
        doubles = Arrays.copyOf(doubles, grown);
      }
    }

    /** Switches the slice to double scores: the float scores so far, as doubles. */
    private void keepDoubles() {
      if (doubles == null) {
        doubles = new double[keys.length];
        for (int i = 0; i < size; i++) {
          doubles[i] = ScoreKeys.floatScore(keys[i]);
        }
      }
    }

    /** The entries fed since the last cut, packed; the next slice starts empty. */
    PackedCounts cut() {
      PackedCounts packed = new PackedCounts();
      packed.size = size;
      int codeBytes = (size + 3) >>> 2;
      packed.codes = Arrays.copyOf(codes, codeBytes);
      packed.escapes = numEscapes == 0 ? NO_ESCAPES : Arrays.copyOf(escapes, 2 * numEscapes);
      if (doubles == null) {
        packed.floatKeys = Arrays.copyOf(keys, size);
      } else {
        packed.doubles = Arrays.copyOf(doubles, size);
        doubles = null;
      }
      Arrays.fill(codes, 0, codeBytes, (byte) 0);
      size = 0;
      numEscapes = 0;
      return packed;
    }
  }

  /** Number of entries. */
  int size() {
    return size;
  }

  /** Score of entry {@code i}. */
  double score(int i) {
    return floatKeys != null ? ScoreKeys.floatScore(floatKeys[i]) : doubles[i];
  }

  /** Appends the score of entry {@code i} to {@code column}, as a key when it has one. */
  void addScoreTo(int i, ScoreKeys column) {
    if (floatKeys != null) {
      column.addFloatKey(floatKeys[i]);
    } else {
      column.add(doubles[i]);
    }
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
    writeTo(out);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    readFrom(in);
  }

  /** Writes the compact form (the serial form, also {@link CountsCodec}'s). */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    out.writeBoolean(floatKeys != null);
    if (floatKeys != null) {
      ScoreBytes.writeDescending(out, floatKeys);
    } else {
      ScoreBytes.write(out, doubles);
    }
    out.write(codes);
    ScoreBytes.writeVarLongs(out, escapes);
  }

  /** Reads what {@link #writeTo} wrote into this (new, empty) instance. */
  private void readFrom(DataInput in) throws IOException {
    size = in.readInt();
    if (size < 0) {
      throw new InvalidObjectException("negative size " + size);
    }
    if (in.readBoolean()) {
      floatKeys = ScoreBytes.readDescending(in, size);
    } else {
      doubles = ScoreBytes.readDoubles(in, size);
    }
    codes = new byte[(size + 3) >>> 2];
    in.readFully(codes);
    int numEscapes = 0;
    for (byte b : codes) {
      // per 2-bit code: the high bit alone is ESCAPE (10), both bits an invalid code (11)
      if ((b & (b >>> 1) & 0x55) != 0) {
        throw new InvalidObjectException("bad count code in " + size + " entries");
      }
      numEscapes += Integer.bitCount((b >>> 1) & 0x55);
    }
    escapes = ScoreBytes.readVarLongs(in, 2 * numEscapes);
  }

  /** Reads a packed table written by {@link #writeTo}. */
  static PackedCounts read(DataInput in) throws IOException {
    PackedCounts packed = new PackedCounts();
    packed.readFrom(in);
    return packed;
  }

  /** The serial form of a whole {@link ScoreCounts}: read back into a checked table. */
  static final class TableForm implements Serializable {
    private static final long serialVersionUID = 1L;
    private final PackedCounts packed;

    TableForm(PackedCounts packed) {
      this.packed = packed;
    }

    private Object readResolve() throws InvalidObjectException {
      try {
        return packed.unpack();
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw (InvalidObjectException) new InvalidObjectException(e.getMessage()).initCause(e);
      }
    }
  }
}
