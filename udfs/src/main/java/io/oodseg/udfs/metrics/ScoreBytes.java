package io.oodseg.udfs.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary I/O of the arrays of {@link PackedCounts}, each written with one bulk write: doubles
 * through a little-endian byte buffer (a memory copy on little-endian machines, instead of one
 * {@code writeDouble} call per element), descending keys and counts as unsigned LEB128 varints (7
 * bits per byte) behind a byte count.
 */
final class ScoreBytes {
  /** Bytes converted per chunk. */
  private static final int CHUNK = 1 << 16;

  private ScoreBytes() {}

  /** Writes {@code values} (the length is the reader's to know). */
  static void write(DataOutput out, double[] values) throws IOException {
    ByteBuffer buf = chunk(values.length);
    for (int at = 0; at < values.length; ) {
      int n = Math.min(values.length - at, buf.capacity() / Double.BYTES);
      buf.clear();
      buf.asDoubleBuffer().put(values, at, n);
      out.write(buf.array(), 0, n * Double.BYTES);
      at += n;
    }
  }

  /** Reads {@code length} doubles written by {@link #write(DataOutput, double[])}. */
  static double[] readDoubles(DataInput in, int length) throws IOException {
    double[] values = new double[length];
    ByteBuffer buf = chunk(length);
    for (int at = 0; at < length; ) {
      int n = Math.min(length - at, buf.capacity() / Double.BYTES);
      in.readFully(buf.array(), 0, n * Double.BYTES);
      buf.clear();
      buf.asDoubleBuffer().get(values, at, n);
      at += n;
    }
    return values;
  }

  private static ByteBuffer chunk(int doubles) {
    int bytes = (int) Math.min(CHUNK, (long) Double.BYTES * doubles);
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Writes strictly descending unsigned {@code keys} (the length is the reader's to know): the
   * first key, then the gaps between consecutive keys, small when the keys are dense.
   */
  static void writeDescending(DataOutput out, int[] keys) throws IOException {
    byte[] bytes = new byte[5 * keys.length];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      n = putVarint(bytes, n, Integer.toUnsignedLong(i == 0 ? keys[0] : keys[i - 1] - keys[i]));
    }
    out.writeInt(n);
    out.write(bytes, 0, n);
  }

  /** Reads {@code length} keys written by {@link #writeDescending}. */
  static int[] readDescending(DataInput in, int length) throws IOException {
    Varints varints = new Varints(in, length, 5);
    int[] keys = new int[length];
    int key = 0;
    for (int i = 0; i < length; i++) {
      int v = (int) varints.next(32);
      key = i == 0 ? v : key - v;
      keys[i] = key;
    }
    varints.checkConsumed();
    return keys;
  }

  /**
   * Writes ascending unsigned {@code keys[from, to)}, equal ones allowed (the length is the
   * reader's to know): the first key, then the gaps between consecutive keys.
   */
  static void writeAscending(DataOutput out, int[] keys, int from, int to) throws IOException {
    byte[] bytes = new byte[5 * (to - from)];
    int n = 0;
    for (int i = from; i < to; i++) {
      n = putVarint(bytes, n, Integer.toUnsignedLong(i == from ? keys[i] : keys[i] - keys[i - 1]));
    }
    out.writeInt(n);
    out.write(bytes, 0, n);
  }

  /**
   * Reads into {@code keys[from, to)} what {@link #writeAscending} wrote, checking that the keys
   * ascend.
   */
  static void readAscending(DataInput in, int[] keys, int from, int to) throws IOException {
    Varints varints = new Varints(in, to - from, 5);
    long key = 0;
    for (int i = from; i < to; i++) {
      key = i == from ? varints.next(32) : key + varints.next(32);
      if (key > 0xFFFFFFFFL) {
        throw new InvalidObjectException("keys past 2^32");
      }
      keys[i] = (int) key;
    }
    varints.checkConsumed();
  }

  /** Writes non-negative {@code values} (the length is the reader's to know). */
  static void writeVarLongs(DataOutput out, long[] values) throws IOException {
    byte[] bytes = new byte[10 * values.length];
    int n = 0;
    for (long v : values) {
      n = putVarint(bytes, n, v);
    }
    out.writeInt(n);
    out.write(bytes, 0, n);
  }

  /** Reads {@code count} values written by {@link #writeVarLongs}. */
  static long[] readVarLongs(DataInput in, int count) throws IOException {
    Varints varints = new Varints(in, count, 10);
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = varints.next(64);
    }
    varints.checkConsumed();
    return values;
  }

  /** Puts {@code v} (read as unsigned) at {@code bytes[n]}; returns the new end. */
  private static int putVarint(byte[] bytes, int n, long v) {
    while ((v & ~0x7FL) != 0) {
      bytes[n++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[n++] = (byte) v;
    return n;
  }

  /** The varints behind a byte count, read in order. */
  private static final class Varints {
    private final byte[] bytes;
    private int at;

    /** Reads the byte count and the bytes, which must hold {@code count} varints. */
    Varints(DataInput in, int count, int maxBytesEach) throws IOException {
      int n = in.readInt();
      if (n < count || n > (long) maxBytesEach * count) {
        throw new InvalidObjectException(n + " varint bytes cannot hold " + count + " values");
      }
      bytes = new byte[n];
      in.readFully(bytes);
    }

    /** The next value, of at most {@code bits} bits. */
    long next(int bits) throws InvalidObjectException {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        if (at == bytes.length || shift >= bits) {
          throw new InvalidObjectException("truncated or overlong varint at byte " + at);
        }
        byte b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    /** Checks that every byte was read. */
    void checkConsumed() throws InvalidObjectException {
      if (at != bytes.length) {
        throw new InvalidObjectException((bytes.length - at) + " trailing varint bytes");
      }
    }
  }
}
