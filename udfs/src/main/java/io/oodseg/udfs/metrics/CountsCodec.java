package io.oodseg.udfs.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link ScoreCounts} as bytes, for a BINARY column of per-image counts (the SQL functions' {@code
 * ood_counts} output): a format byte, then the compact {@link PackedCounts} form, about 2 to 4
 * bytes per distinct score for float scores.
 */
public final class CountsCodec {
  /** First byte of the current format. */
  private static final byte FORMAT = 1;

  private CountsCodec() {}

  /** The bytes of {@code counts}. */
  public static byte[] encode(ScoreCounts counts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 3 * counts.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      PackedCounts.pack(counts, 0, counts.size()).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The counts of bytes written by {@link #encode}, checked as {@link
   * ScoreCounts#fromSortedDescending} checks its input.
   *
   * @throws IllegalArgumentException if the bytes are not such counts
   */
  public static ScoreCounts decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != FORMAT) {
        throw new IllegalArgumentException("not ScoreCounts bytes (format " + bytes[0] + ")");
      }
      ScoreCounts counts = PackedCounts.read(in).unpack();
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes after ScoreCounts");
      }
      return counts;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt ScoreCounts bytes: " + e.getMessage(), e);
    }
  }
}
