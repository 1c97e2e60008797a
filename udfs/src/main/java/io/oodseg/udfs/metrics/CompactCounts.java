package io.oodseg.udfs.metrics;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * One image's {@link ScoreCounts} table as it is kept between the passes after scoring: at most 4
 * bytes per valid pixel in memory and about 2 in its serial form, whatever the scores.
 *
 * <p>A table of float32 scores is kept as the sorted 32-bit keys ({@link #key}) of its positive and
 * of its negative pixels, one key per pixel (4 bytes), from which {@link #table()} counts the table
 * again, the same table that {@link ScoreCounts#fromPixels(float[], byte[], int, int)} gives for
 * the same scores. The keys of each column are in two sections: the <em>base</em> section, whose
 * pixels score their float score, and the <em>raised</em> section, whose pixels score {@code
 * raisedOffset + (double) floatScore} (the fused score of a flagged cluster's pixels, {@code 2^20 -
 * confidence}), grouped by equal double scores as a float64 score map's table groups them. Any
 * other table (a few distinct scores, as in the {@code cluster} and {@code flag} score modes, or
 * counted elsewhere) is kept as it is.
 *
 * <p>The serial form writes the keys of each section as varint gaps (about 2 bytes per pixel for
 * dense scores); reading it back checks that the keys ascend.
 */
public final class CompactCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int[] NONE = {};

  private transient ScoreCounts table; // the plain form, else null
  private transient int[] pos = NONE; // keys of positive pixels: base [0, posBase), then raised
  private transient int posBase;
  private transient int[] neg = NONE; // keys of negative pixels: base [0, negBase), then raised
  private transient int negBase;
  private transient double raisedOffset;

  private CompactCounts() {}

  /** Keeps a table as it is. */
  public static CompactCounts of(ScoreCounts table) {
    CompactCounts c = new CompactCounts();
    c.table = table;
    return c;
  }

  /**
   * The order-preserving key of a float score, {@code -0.0} folded into {@code 0.0}: the unsigned
   * order of keys is the order of scores.
   */
  public static int key(float score) {
    return ScoreKeys.floatKey(score + 0.0f);
  }

  /**
   * Sorts and keeps the keys of one image's valid pixels (the arrays are handed over and sorted in
   * place).
   *
   * @param pos keys of the positive pixels: the base section in {@code [0, posBase)}, the raised
   *     section after it
   * @param posBase end of the positive pixels' base section
   * @param neg keys of the negative pixels, laid out as {@code pos}
   * @param negBase end of the negative pixels' base section
   * @param raisedOffset what the raised sections' pixels add to their float score (0 when there is
   *     no raised section)
   */
  public static CompactCounts sortKeys(
      int[] pos, int posBase, int[] neg, int negBase, double raisedOffset) {
    return sortKeys(pos, posBase, neg, negBase, raisedOffset, new int[scratchSize(pos, neg)]);
  }

  /** Ints of scratch space {@link #sortKeys} needs for these columns: the longer one. */
  public static int scratchSize(int[] pos, int[] neg) {
    return Math.max(pos.length, neg.length);
  }

  /**
   * As {@link #sortKeys(int[], int, int[], int, double)}, with the caller's scratch space of at
   * least {@link #scratchSize} ints (reused across an image's maps).
   */
  public static CompactCounts sortKeys(
      int[] pos, int posBase, int[] neg, int negBase, double raisedOffset, int[] scratch) {
    checkSections(pos, posBase, neg, negBase, raisedOffset);
    if (scratch.length < scratchSize(pos, neg)) {
      throw new IllegalArgumentException("scratch of " + scratch.length + " ints");
    }
    ScoreKeys.sortRange(pos, 0, posBase, scratch);
    ScoreKeys.sortRange(pos, posBase, pos.length, scratch);
    ScoreKeys.sortRange(neg, 0, negBase, scratch);
    ScoreKeys.sortRange(neg, negBase, neg.length, scratch);
    return keep(pos, posBase, neg, negBase, raisedOffset);
  }

  /** Keeps sorted sections (bounds and offset checked by the caller). */
  private static CompactCounts keep(
      int[] pos, int posBase, int[] neg, int negBase, double raisedOffset) {
    CompactCounts c = new CompactCounts();
    if (hasNaN(pos, 0, posBase)
        || hasNaN(pos, posBase, pos.length)
        || hasNaN(neg, 0, negBase)
        || hasNaN(neg, negBase, neg.length)) {
      throw new IllegalArgumentException("NaN score key");
    }
    c.pos = pos;
    c.posBase = posBase;
    c.neg = neg;
    c.negBase = negBase;
    c.raisedOffset = raisedOffset;
    return c;
  }

  /**
   * Keeps keys already sorted ascending in each section (as a device's sort of the folded float
   * scores gives them: the key order is the float order), checking the order instead of sorting.
   *
   * @throws IllegalArgumentException if a section does not ascend or holds a NaN
   */
  public static CompactCounts sorted(
      int[] pos, int posBase, int[] neg, int negBase, double raisedOffset) {
    checkSections(pos, posBase, neg, negBase, raisedOffset);
    checkAscending(pos, 0, posBase);
    checkAscending(pos, posBase, pos.length);
    checkAscending(neg, 0, negBase);
    checkAscending(neg, negBase, neg.length);
    return keep(pos, posBase, neg, negBase, raisedOffset);
  }

  private static void checkSections(
      int[] pos, int posBase, int[] neg, int negBase, double raisedOffset) {
    if (posBase < 0 || posBase > pos.length || negBase < 0 || negBase > neg.length) {
      throw new IllegalArgumentException("section bound outside its column");
    }
    if (Double.isNaN(raisedOffset) || Double.isInfinite(raisedOffset)) {
      throw new IllegalArgumentException("raised offset " + raisedOffset);
    }
  }

  private static void checkAscending(int[] keys, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (Integer.compareUnsigned(keys[i - 1], keys[i]) > 0) {
        throw new IllegalArgumentException("keys not ascending at " + i);
      }
    }
  }

  /** All positive pixels. */
  public long totalPositives() {
    return table != null ? table.totalPositives() : pos.length;
  }

  /** All negative pixels. */
  public long totalNegatives() {
    return table != null ? table.totalNegatives() : neg.length;
  }

  /** Bytes this form holds in memory (arrays only): 4 per pixel for keys, 24 per table entry. */
  public long heapBytes() {
    return table != null ? 24L * table.size() : 4L * (pos.length + neg.length);
  }

  /** The table, counted again from the keys (or the table kept as it is). */
  public ScoreCounts table() {
    if (table != null) {
      return table;
    }
    // one entry per pixel at most: one pass, then a trimming copy when scores repeat
    PixelTabulator.TableBuilder builder =
        new PixelTabulator.TableBuilder(Math.addExact(pos.length, neg.length));
    emit(builder);
    return builder.build();
  }

  /** The score of a key in a section: the float score, raised by the offset in the raised one. */
  private static double score(int key, double offset) {
    return offset + (double) ScoreKeys.floatScore(key);
  }

  /**
   * The image's exact metrics, as {@link ExactMetrics#compute} gives them for {@link #table()},
   * swept straight from the keys without building the table.
   */
  public BinaryMetrics metrics() {
    if (table != null) {
      return ExactMetrics.compute(table);
    }
    long p = pos.length;
    long n = neg.length;
    CurveSweep.Running run = new CurveSweep.Running(0, 0, p, n);
    boolean raised = posBase < pos.length || negBase < neg.length;
    boolean base = posBase > 0 || negBase > 0;
    if (!raised || !base || lowestRaised() > highestBase()) {
      if (raised) {
        emitRaised(run::accept);
      }
      sweepBase(run);
    } else {
      emitMerged(run::accept);
    }
    return CurveSweep.finish(java.util.List.of(run.finish()), p, n);
  }

  /**
   * Feeds {@code sink} the table's entries, by descending score: the raised sections' entries, then
   * the base sections', when every raised score is above every base score (the fused score's offset
   * puts them there); else the four sorted runs merged.
   */
  void emit(PixelTabulator.Sink sink) {
    boolean raised = posBase < pos.length || negBase < neg.length;
    boolean base = posBase > 0 || negBase > 0;
    if (!raised || !base || lowestRaised() > highestBase()) {
      if (raised) {
        emitRaised(sink);
      }
      emitBase(sink);
    } else {
      emitMerged(sink);
    }
  }

  /** The lowest score of the raised sections (some is there). */
  private double lowestRaised() {
    double low = Double.POSITIVE_INFINITY;
    if (posBase < pos.length) {
      low = score(pos[posBase], raisedOffset);
    }
    if (negBase < neg.length) {
      low = Math.min(low, score(neg[negBase], raisedOffset));
    }
    return low;
  }

  /** The highest score of the base sections (some is there). */
  private double highestBase() {
    double high = Double.NEGATIVE_INFINITY;
    if (posBase > 0) {
      high = score(pos[posBase - 1], 0);
    }
    if (negBase > 0) {
      high = Math.max(high, score(neg[negBase - 1], 0));
    }
    return high;
  }

  /**
   * The base sections' entries: the two runs of keys merged from their tops; equal keys are equal
   * scores (keys are folded and never NaN).
   */
  private void emitBase(PixelTabulator.Sink sink) {
    int[] ps = pos;
    int[] ns = neg;
    int i = posBase - 1;
    int j = negBase - 1;
    while (i >= 0 && j >= 0) {
      int a = ps[i] ^ Integer.MIN_VALUE; // signed order of these = unsigned order of the keys
      int b = ns[j] ^ Integer.MIN_VALUE;
      if (a > b) {
        int top = ps[i];
        int from = i;
        while (--i >= 0 && ps[i] == top) {}
        sink.accept(ScoreKeys.floatScore(top), from - i, 0);
      } else if (b > a) {
        int top = ns[j];
        int from = j;
        while (--j >= 0 && ns[j] == top) {}
        sink.accept(ScoreKeys.floatScore(top), 0, from - j);
      } else {
        int top = ps[i];
        int fromI = i;
        int fromJ = j;
        while (--i >= 0 && ps[i] == top) {}
        while (--j >= 0 && ns[j] == top) {}
        sink.accept(ScoreKeys.floatScore(top), fromI - i, fromJ - j);
      }
    }
    while (i >= 0) {
      int top = ps[i];
      int from = i;
      while (--i >= 0 && ps[i] == top) {}
      sink.accept(ScoreKeys.floatScore(top), from - i, 0);
    }
    while (j >= 0) {
      int top = ns[j];
      int from = j;
      while (--j >= 0 && ns[j] == top) {}
      sink.accept(ScoreKeys.floatScore(top), 0, from - j);
    }
  }

  /**
   * {@link #emitBase} into a sweep: the same loop with a call the JIT can inline (a sink called
   * from several places is not), several times faster on tables of millions of entries.
   */
  private void sweepBase(CurveSweep.Running run) {
    int[] ps = pos;
    int[] ns = neg;
    int i = posBase - 1;
    int j = negBase - 1;
    while (i >= 0 && j >= 0) {
      int a = ps[i] ^ Integer.MIN_VALUE;
      int b = ns[j] ^ Integer.MIN_VALUE;
      if (a > b) {
        int top = ps[i];
        int from = i;
        while (--i >= 0 && ps[i] == top) {}
        run.accept(0, from - i, 0);
      } else if (b > a) {
        int top = ns[j];
        int from = j;
        while (--j >= 0 && ns[j] == top) {}
        run.accept(0, 0, from - j);
      } else {
        int top = ps[i];
        int fromI = i;
        int fromJ = j;
        while (--i >= 0 && ps[i] == top) {}
        while (--j >= 0 && ns[j] == top) {}
        run.accept(0, fromI - i, fromJ - j);
      }
    }
    while (i >= 0) {
      int top = ps[i];
      int from = i;
      while (--i >= 0 && ps[i] == top) {}
      run.accept(0, from - i, 0);
    }
    while (j >= 0) {
      int top = ns[j];
      int from = j;
      while (--j >= 0 && ns[j] == top) {}
      run.accept(0, 0, from - j);
    }
  }

  /**
   * The raised sections' entries: the two runs merged from their tops by raised score, which groups
   * keys whose raised scores round to the same double.
   */
  private void emitRaised(PixelTabulator.Sink sink) {
    double off = raisedOffset;
    int[] ps = pos;
    int[] ns = neg;
    int i = ps.length - 1;
    int j = ns.length - 1;
    double ninf = Double.NEGATIVE_INFINITY;
    double vp = i >= posBase ? score(ps[i], off) : ninf;
    double vn = j >= negBase ? score(ns[j], off) : ninf;
    while (i >= posBase || j >= negBase) {
      double v = i < posBase ? vn : j < negBase ? vp : Math.max(vp, vn);
      long p = 0;
      long q = 0;
      while (i >= posBase && vp == v) {
        p++;
        vp = --i >= posBase ? score(ps[i], off) : ninf;
      }
      while (j >= negBase && vn == v) {
        q++;
        vn = --j >= negBase ? score(ns[j], off) : ninf;
      }
      sink.accept(v, p, q);
    }
  }

  /** All four sorted runs merged from their tops, equal scores counted together. */
  private void emitMerged(PixelTabulator.Sink sink) {
    double off = raisedOffset;
    int bp = posBase - 1;
    int rp = pos.length - 1;
    int bn = negBase - 1;
    int rn = neg.length - 1;
    double ninf = Double.NEGATIVE_INFINITY;
    double vbp = bp >= 0 ? score(pos[bp], 0) : ninf;
    double vrp = rp >= posBase ? score(pos[rp], off) : ninf;
    double vbn = bn >= 0 ? score(neg[bn], 0) : ninf;
    double vrn = rn >= negBase ? score(neg[rn], off) : ninf;
    while (bp >= 0 || rp >= posBase || bn >= 0 || rn >= negBase) {
      double v = Math.max(Math.max(vbp, vrp), Math.max(vbn, vrn));
      long p = 0;
      long q = 0;
      while (bp >= 0 && vbp == v) {
        p++;
        vbp = --bp >= 0 ? score(pos[bp], 0) : ninf;
      }
      while (rp >= posBase && vrp == v) {
        p++;
        vrp = --rp >= posBase ? score(pos[rp], off) : ninf;
      }
      while (bn >= 0 && vbn == v) {
        q++;
        vbn = --bn >= 0 ? score(neg[bn], 0) : ninf;
      }
      while (rn >= negBase && vrn == v) {
        q++;
        vrn = --rn >= negBase ? score(neg[rn], off) : ninf;
      }
      sink.accept(v, p, q);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeBoolean(table != null);
    if (table != null) {
      out.writeObject(table);
      return;
    }
    out.writeInt(pos.length);
    out.writeInt(posBase);
    out.writeInt(neg.length);
    out.writeInt(negBase);
    out.writeDouble(raisedOffset);
    ScoreBytes.writeAscending(out, pos, 0, posBase);
    ScoreBytes.writeAscending(out, pos, posBase, pos.length);
    ScoreBytes.writeAscending(out, neg, 0, negBase);
    ScoreBytes.writeAscending(out, neg, negBase, neg.length);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    if (in.readBoolean()) {
      Object t = in.readObject();
      if (!(t instanceof ScoreCounts)) {
        throw new InvalidObjectException("not a table");
      }
      table = (ScoreCounts) t;
      pos = NONE;
      neg = NONE;
      return;
    }
    int posLength = in.readInt();
    posBase = in.readInt();
    int negLength = in.readInt();
    negBase = in.readInt();
    raisedOffset = in.readDouble();
    if (posLength < 0
        || negLength < 0
        || posBase < 0
        || posBase > posLength
        || negBase < 0
        || negBase > negLength
        || Double.isNaN(raisedOffset)
        || Double.isInfinite(raisedOffset)) {
      throw new InvalidObjectException("bad compact counts header");
    }
    pos = new int[posLength];
    neg = new int[negLength];
    ScoreBytes.readAscending(in, pos, 0, posBase);
    ScoreBytes.readAscending(in, pos, posBase, posLength);
    ScoreBytes.readAscending(in, neg, 0, negBase);
    ScoreBytes.readAscending(in, neg, negBase, negLength);
    if (hasNaN(pos, 0, posBase)
        || hasNaN(pos, posBase, posLength)
        || hasNaN(neg, 0, negBase)
        || hasNaN(neg, negBase, negLength)) {
      throw new InvalidObjectException("NaN score key");
    }
  }

  /** Whether the ascending keys {@code [from, to)} hold a NaN (NaN keys sort to either end). */
  private static boolean hasNaN(int[] keys, int from, int to) {
    return to > from
        && (Float.isNaN(ScoreKeys.floatScore(keys[from]))
            || Float.isNaN(ScoreKeys.floatScore(keys[to - 1])));
  }

  @Override
  public String toString() {
    return "CompactCounts{positives="
        + totalPositives()
        + ", negatives="
        + totalNegatives()
        + (table != null ? ", table}" : ", keys}");
  }
}
