package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.SerializationTest.assertSameTable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ScoreCounts#mergeAll} and {@link CountsMerger} against {@link ScoreCounts#merge}. */
class MergeAllTest {

  private static ScoreCounts pairwise(List<ScoreCounts> parts) {
    ScoreCounts merged = ScoreCounts.empty();
    for (ScoreCounts part : parts) {
      merged = ScoreCounts.merge(merged, part);
    }
    return merged;
  }

  private static List<ScoreCounts> randomParts(Random rnd, int count) {
    List<ScoreCounts> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(3000);
      switch (rnd.nextInt(4)) {
        case 0 -> parts.add(TestData.randomFloatImage(rnd, n, 0, 0.05)); // single pixels
        case 1 -> parts.add(TestData.randomFloatImage(rnd, n, 1 + rnd.nextInt(30), 0.3)); // ties
        case 2 -> parts.add(TestData.randomImage(rnd, n, 0, 0.1)); // full double precision
        default -> parts.add(bigCounts(rnd));
      }
    }
    return parts;
  }

  private static ScoreCounts bigCounts(Random rnd) {
    int n = 1 + rnd.nextInt(20);
    double[] s = new double[n];
    long[] p = new long[n];
    long[] q = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = n - i - rnd.nextInt(2) * 0.5f;
      p[i] = rnd.nextInt(3) == 0 ? 0 : 1L << rnd.nextInt(40);
      q[i] = p[i] == 0 ? 1 + rnd.nextInt(3) : rnd.nextInt(2);
    }
    for (int i = 1; i < n; i++) {
      s[i] = Math.min(s[i], Math.nextDown(s[i - 1]));
    }
    return ScoreCounts.fromSortedDescending(s, p, q);
  }

  @Test
  void equalsPairwiseMergeInAnyOrder() {
    Random rnd = new Random(17);
    for (int trial = 0; trial < 12; trial++) {
      List<ScoreCounts> parts = randomParts(rnd, 1 + rnd.nextInt(60));
      ScoreCounts expected = pairwise(parts);
      assertSameTable(ScoreCounts.mergeAll(parts), expected);
      Collections.shuffle(parts, rnd);
      assertSameTable(ScoreCounts.mergeAll(parts), expected);
    }
  }

  @Test
  void packedPartsMergeToTheSameTable() {
    Random rnd = new Random(18);
    List<ScoreCounts> parts = randomParts(rnd, 40);
    CountsMerger merger = new CountsMerger(0, 10);
    for (ScoreCounts part : parts) {
      merger.add(PackedCounts.pack(part, 0, part.size()));
    }
    assertSameTable(merger.build(), pairwise(parts));
  }

  @Test
  void manyPixelTablesAsInThePooledMerge() {
    Random rnd = new Random(19);
    List<ScoreCounts> parts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      parts.add(TestData.randomFloatImage(rnd, 2000, 0, 0.02));
    }
    ScoreCounts merged = ScoreCounts.mergeAll(parts);
    assertSameTable(merged, pairwise(parts));
    assertThat(merged.totalPositives() + merged.totalNegatives()).isGreaterThan(350_000);
  }

  @Test
  void zeroAndNegativeZeroMergeIntoZeroWhateverTheOrder() {
    long[] oneZero = {1, 0};
    long[] zeroOne = {0, 1};
    ScoreCounts negZero =
        ScoreCounts.fromSortedDescending(new double[] {1, -0.0}, oneZero, zeroOne);
    ScoreCounts zero =
        ScoreCounts.fromSortedDescending(new double[] {0.0}, new long[] {2}, new long[] {0});
    ScoreCounts expected =
        ScoreCounts.fromSortedDescending(new double[] {1, 0.0}, new long[] {1, 2}, zeroOne);
    assertSameTable(ScoreCounts.merge(negZero, zero), expected);
    assertSameTable(ScoreCounts.merge(zero, negZero), expected);
    assertSameTable(ScoreCounts.mergeAll(List.of(negZero, zero)), expected);
    assertSameTable(ScoreCounts.mergeAll(List.of(zero, negZero)), expected);
    assertSameTable(
        ScoreCounts.mergeAll(List.of(negZero, negZero)).slice(1, 2),
        ScoreCounts.fromSortedDescending(new double[] {-0.0}, new long[] {0}, new long[] {2}));
  }
}
