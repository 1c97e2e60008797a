package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CompactCounts} gives the table that counting the equivalent float64 score map gives
 * ({@link ScoreCounts#fromPixels(double[], byte[], int, int)}), the metrics of that table, and
 * survives serialization; {@link ScoreKeys#sortRange} sorts like an unsigned sort.
 */
class CompactCountsTest {

  @Test
  void sortRangeSortsUnsignedKeysOfAnyRangeAndSize() {
    Random rnd = new Random(5);
    for (int n : new int[] {0, 1, 2, 100, 1 << 15, (1 << 15) + 1, 200_000}) {
      for (int spread : new int[] {0, 3, 20, 32}) {
        int[] keys = new int[n + 10];
        for (int i = 0; i < keys.length; i++) {
          keys[i] =
              spread == 32
                  ? rnd.nextInt()
                  : 0x4000_0000 + (spread == 0 ? 7 : rnd.nextInt(1 << spread) << 2);
        }
        int[] expected = keys.clone();
        long[] unsigned = new long[n];
        for (int i = 0; i < n; i++) {
          unsigned[i] = Integer.toUnsignedLong(keys[5 + i]);
        }
        Arrays.sort(unsigned);
        for (int i = 0; i < n; i++) {
          expected[5 + i] = (int) unsigned[i];
        }
        ScoreKeys.sortRange(keys, 5, 5 + n, new int[n]);
        assertThat(keys).as("n=%d spread=%d", n, spread).containsExactly(expected);
      }
    }
  }

  /** Float scores of pixels, some tied, signed zeros, tiny, and both signs. */
  static float[] scores(Random rnd, int n) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      int r = rnd.nextInt(40);
      s[i] =
          r == 0
              ? -0.0f
              : r == 1
                  ? 0.0f
                  : r < 6
                      ? (float) (rnd.nextGaussian() * 1e-12)
                      : r < 20 ? rnd.nextInt(30) * 0.25f - 3 : (float) (rnd.nextGaussian() * 4);
    }
    return s;
  }

  /**
   * The compact form of pixels with float scores {@code s}, labels {@code l} (0 negative, 1
   * positive, 255 void), of which those with {@code raised[i]} score {@code offset + s[i]}.
   */
  /**
   * Seeded labels and raised flags of {@code n} pixels: a tenth void (255), a fifth OoD (1), the
   * rest ID (0); each pixel raised with probability {@code raisedRate} (no draw when it is 0).
   */
  record Pixels(byte[] labels, boolean[] raised) {}

  static Pixels pixels(Random rnd, int n, double raisedRate) {
    byte[] l = new byte[n];
    boolean[] raised = new boolean[n];
    for (int i = 0; i < n; i++) {
      int r = rnd.nextInt(10);
      l[i] = (byte) (r == 0 ? 255 : r < 3 ? 1 : 0);
      raised[i] = raisedRate > 0 && rnd.nextDouble() < raisedRate;
    }
    return new Pixels(l, raised);
  }

  static CompactCounts compact(float[] s, byte[] l, boolean[] raised, double offset) {
    int p = 0;
    int n = 0;
    for (byte b : l) {
      p += b == 1 ? 1 : 0;
      n += b == 0 ? 1 : 0;
    }
    int[] pos = new int[p];
    int[] neg = new int[n];
    int pb = 0;
    int pr = p;
    int nb = 0;
    int nr = n;
    for (int i = 0; i < s.length; i++) {
      int key = CompactCounts.key(s[i]);
      if (l[i] == 1) {
        pos[raised[i] ? --pr : pb++] = key;
      } else if (l[i] == 0) {
        neg[raised[i] ? --nr : nb++] = key;
      }
    }
    return CompactCounts.sortKeys(pos, pb, neg, nb, offset);
  }

  static ScoreCounts reference(float[] s, byte[] l, boolean[] raised, double offset) {
    double[] d = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = raised[i] ? offset + (double) s[i] : s[i];
    }
    return ScoreCounts.fromPixels(d, l, 1, 255);
  }

  @Test
  void tableAndMetricsAreThoseOfTheFloat64Map() throws Exception {
    Random rnd = new Random(9);
    // offset 0: two sections of plain floats (merged); 2^20: raised above (tiny scores round
    // together); 3.0: raised sections overlapping the base ones (merged four ways)
    for (double offset : new double[] {0, 1 << 20, 3.0}) {
      for (double raisedRate : new double[] {0, 0.2, 1}) {
        for (int n : new int[] {1, 50, 5000, 70_000}) {
          float[] s = scores(rnd, n);
          Pixels px = pixels(rnd, n, raisedRate);
          byte[] l = px.labels();
          boolean[] raised = px.raised();
          String what = "offset " + offset + ", raised " + raisedRate + ", n " + n;
          CompactCounts c = compact(s, l, raised, offset);
          ScoreCounts expected = reference(s, l, raised, offset);
          assertThat(c.table()).as(what).isEqualTo(expected);
          assertThat(c.metrics()).as(what).isEqualTo(ExactMetrics.compute(expected));
          assertThat(c.totalPositives()).isEqualTo(expected.totalPositives());
          assertThat(c.totalNegatives()).isEqualTo(expected.totalNegatives());
          assertThat(c.heapBytes()).isEqualTo(4L * (c.totalPositives() + c.totalNegatives()));
          CompactCounts back = roundTrip(c);
          assertThat(back.table()).as(what).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aTableKeptAsItIsStaysIt() throws Exception {
    ScoreCounts t =
        ScoreCounts.fromSortedDescending(
            new double[] {1.5, 0.1, -2}, new long[] {3, 0, 1}, new long[] {1, 7, 0});
    CompactCounts c = CompactCounts.of(t);
    assertThat(c.table()).isSameAs(t);
    assertThat(c.metrics()).isEqualTo(ExactMetrics.compute(t));
    assertThat(roundTrip(c).table()).isEqualTo(t);
    assertThat(c.totalPositives()).isEqualTo(4);
  }

  @Test
  void serialFormIsAboutTwoBytesPerPixelForDenseScores() throws Exception {
    Random rnd = new Random(3);
    int n = 200_000;
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) (5 + rnd.nextGaussian());
    }
    byte[] l = new byte[n];
    CompactCounts c = compact(s, l, new boolean[n], 0);
    assertThat(serialize(c).length).isLessThan(3 * n);
  }

  @Test
  void nanKeysAreRefused() {
    int[] pos = {CompactCounts.key(1f), CompactCounts.key(Float.NaN)};
    assertThatThrownBy(() -> CompactCounts.sortKeys(pos, 2, new int[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  private static byte[] serialize(CompactCounts c) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    return bytes.toByteArray();
  }

  private static CompactCounts roundTrip(CompactCounts c) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(c)))) {
      return (CompactCounts) in.readObject();
    }
  }
}
