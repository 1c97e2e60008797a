package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Java serialization of {@link ScoreCounts} and {@link PackedCounts}: exact and compact. */
class SerializationTest {

  static byte[] serialize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static <T> T deserialize(byte[] data) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return (T) in.readObject();
    }
  }

  static <T> T roundTrip(T o) throws IOException, ClassNotFoundException {
    return deserialize(serialize(o));
  }

  /** Equal arrays bit for bit (so -0.0 and 0.0 differ) and equal totals. */
  static void assertSameTable(ScoreCounts actual, ScoreCounts expected) {
    assertThat(actual).isEqualTo(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(Double.doubleToRawLongBits(actual.score(i)))
          .as("score bits at %d", i)
          .isEqualTo(Double.doubleToRawLongBits(expected.score(i)));
    }
    assertThat(actual.totalPositives()).isEqualTo(expected.totalPositives());
    assertThat(actual.totalNegatives()).isEqualTo(expected.totalNegatives());
  }

  @Test
  void emptyTableRoundTrips() throws Exception {
    assertSameTable(roundTrip(ScoreCounts.empty()), ScoreCounts.empty());
  }

  @Test
  void escapedCountsTiesAndSpecialScoresRoundTrip() throws Exception {
    ScoreCounts c =
        ScoreCounts.fromSortedDescending(
            new double[] {Double.POSITIVE_INFINITY, 3.5, 0.1, -0.0, -2.0, Double.NEGATIVE_INFINITY},
            new long[] {1, 0, 2, 1, Long.MAX_VALUE / 4, 300},
            new long[] {0, 1, 5, 1, 0, 1L << 40});
    ScoreCounts back = roundTrip(c);
    assertSameTable(back, c);
    assertThat(back.positives(4)).isEqualTo(Long.MAX_VALUE / 4);
    assertThat(back.negatives(5)).isEqualTo(1L << 40);
  }

  @Test
  void pixelTablesOfFloatScoresTakeAboutTwoBytesPerEntry() throws Exception {
    Random rnd = new Random(3);
    for (int levels : new int[] {0, 5}) {
      ScoreCounts c = TestData.randomFloatImage(rnd, 20_000, levels, 0.05);
      byte[] data = serialize(c);
      assertSameTable(deserialize(data), c);
      if (levels == 0) {
        assertThat(data.length).isLessThan(3 * c.size());
      }
    }
  }

  @Test
  void nonFloatScoresKeepAllTheirBits() throws Exception {
    ScoreCounts c = TestData.randomImage(new Random(4), 3_000, 0, 0.2); // full double precision
    byte[] data = serialize(c);
    assertSameTable(deserialize(data), c);
    assertThat(data.length).isLessThan(10 * c.size());
  }

  @Test
  void packedSlicesRoundTripAndUnpackToTheSlice() throws Exception {
    ScoreCounts c = TestData.randomImage(new Random(5), 2_000, 40, 0.3); // many escapes
    for (int[] range : new int[][] {{0, 0}, {0, 1}, {3, 7}, {5, c.size()}, {0, c.size()}}) {
      PackedCounts packed = PackedCounts.pack(c, range[0], range[1]);
      assertSameTable(packed.unpack(), c.slice(range[0], range[1]));
      assertSameTable(roundTrip(packed).unpack(), c.slice(range[0], range[1]));
    }
  }

  @Test
  void aCorruptTableIsRejected() {
    byte[] data = serialize(TestData.counts(new double[] {0.1, 0.05}, 1, 0)); // not floats
    byte[] tenth = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).array();
    byte[] small = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.01).array();
    int at = indexOf(data, tenth);
    assertThat(at).isPositive();
    System.arraycopy(small, 0, data, at, 8); // scores 0.01 then 0.05: not descending
    assertThatThrownBy(() -> deserialize(data))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("descending");
  }

  @Test
  void aTruncatedStreamIsRejected() {
    byte[] data = serialize(TestData.randomFloatImage(new Random(6), 500, 0, 0.1));
    assertThatThrownBy(() -> deserialize(Arrays.copyOf(data, data.length - 40)))
        .isInstanceOf(IOException.class);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    for (int i = 0; i + pattern.length <= data.length; i++) {
      if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }
}
