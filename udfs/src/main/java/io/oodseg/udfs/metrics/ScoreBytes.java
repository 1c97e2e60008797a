package io.oodseg.udfs.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk binary I/O of the arrays of {@link PackedCounts}: primitive arrays go through a little-endian
 * byte buffer chunk by chunk (a memory copy on little-endian machines, instead of one {@code
 * writeDouble} call per element), counts as unsigned varints.
 */
final class ScoreBytes {
  /** Bytes converted per chunk. */
  private static final int CHUNK = 1 << 16;

  private ScoreBytes() {}

  private static ByteBuffer chunk(long bytes) {
    return ByteBuffer.allocate((int) Math.min(CHUNK, bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Moves {@code n} elements starting at element {@code at} between an array and a buffer. */
  private interface ChunkCopy {
    void copy(ByteBuffer buf, int at, int n);
  }

  /** Writes {@code values} (the length is the reader's to know). */
  static void write(DataOutput out, float[] values) throws IOException {
    write(out, values.length, Float.BYTES, (buf, at, n) -> buf.asFloatBuffer().put(values, at, n));
  }

  /** Writes {@code values} (the length is the reader's to know). */
  static void write(DataOutput out, double[] values) throws IOException {
    write(out, values.length, Double.BYTES, (b, at, n) -> b.asDoubleBuffer().put(values, at, n));
  }

  /** Reads {@code length} floats written by {@link #write(DataOutput, float[])}. */
  static float[] readFloats(DataInput in, int length) throws IOException {
    float[] values = new float[length];
    read(in, length, Float.BYTES, (buf, at, n) -> buf.asFloatBuffer().get(values, at, n));
    return values;
  }

  /** Reads {@code length} doubles written by {@link #write(DataOutput, double[])}. */
  static double[] readDoubles(DataInput in, int length) throws IOException {
    double[] values = new double[length];
    read(in, length, Double.BYTES, (buf, at, n) -> buf.asDoubleBuffer().get(values, at, n));
    return values;
  }

  private static void write(DataOutput out, int length, int width, ChunkCopy fill)
      throws IOException {
    ByteBuffer buf = chunk((long) width * length);
    for (int at = 0; at < length; ) {
      int n = Math.min(length - at, buf.capacity() / width);
      buf.clear();
      fill.copy(buf, at, n);
      out.write(buf.array(), 0, width * n);
      at += n;
    }
  }

  private static void read(DataInput in, int length, int width, ChunkCopy drain)
      throws IOException {
    ByteBuffer buf = chunk((long) width * length);
    for (int at = 0; at < length; ) {
      int n = Math.min(length - at, buf.capacity() / width);
      in.readFully(buf.array(), 0, width * n);
      buf.clear();
      drain.copy(buf, at, n);
      at += n;
    }
  }

  /** Writes non-negative values as a byte count then LEB128 varints (7 bits per byte). */
  static void writeVarLongs(DataOutput out, long[] values) throws IOException {
    byte[] bytes = new byte[10 * values.length];
    int n = 0;
    for (long v : values) {
      while ((v & ~0x7FL) != 0) {
        bytes[n++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[n++] = (byte) v;
    }
    out.writeInt(n);
    out.write(bytes, 0, n);
  }

  /** Reads {@code count} values written by {@link #writeVarLongs}. */
  static long[] readVarLongs(DataInput in, int count) throws IOException {
    int n = in.readInt();
    if (n < count || n > 10L * count) {
      throw new InvalidObjectException(n + " varint bytes cannot hold " + count + " values");
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    long[] values = new long[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        if (at == n || shift > 63) {
          throw new InvalidObjectException("truncated or overlong varint " + i);
        }
        byte b = bytes[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      values[i] = v;
    }
    if (at != n) {
      throw new InvalidObjectException((n - at) + " trailing varint bytes");
    }
    return values;
  }
}
