package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeSlicer} cuts a row, read as a table or from compact keys, into the ranges that
 * slicing the table by binary search gives: the same packed entries with the same totals, and the
 * sketch of its entries is the sketch of the table.
 */
class RangeSlicerTest {

  @Test
  void compactRowsCutAsTheirTablesAreSliced() {
    Random rnd = new Random(21);
    // offset 2^20: raised sections above the base ones; 3.0: overlapping (merged four ways)
    for (double offset : new double[] {0, 1 << 20, 3.0}) {
      for (double raisedRate : new double[] {0, 0.3}) {
        for (int n : new int[] {1, 40, 20_000}) {
          float[] s = CompactCountsTest.scores(rnd, n);
          CompactCountsTest.Pixels px = CompactCountsTest.pixels(rnd, n, raisedRate);
          byte[] l = px.labels();
          boolean[] raised = px.raised();
          String what = "offset " + offset + ", raised " + raisedRate + ", n " + n;
          CompactCounts compact = CompactCountsTest.compact(s, l, raised, offset);
          ScoreCounts table = CompactCountsTest.reference(s, l, raised, offset);
          ScoreSketch fromTable = new ScoreSketch(64 * 6).addRow(table, RowEntries.TABLES);
          ScoreSketch fromKeys = new ScoreSketch(64 * 6).addRow(compact, RowEntries.COMPACT);
          double[] bounds = fromTable.boundaries(6);
          assertThat(fromKeys.boundaries(6)).as(what).containsExactly(bounds);
          assertCutsAsSliced(what, compact, RowEntries.COMPACT, table, bounds);
          assertCutsAsSliced(what, table, RowEntries.TABLES, table, bounds);
        }
      }
    }
  }

  private static <R> void assertCutsAsSliced(
      String what, R row, RowEntries<R> entries, ScoreCounts table, double[] bounds) {
    List<int[]> expected = new ArrayList<>(); // {range, from, to} of each non-empty range
    int from = 0;
    for (int r = 0; r <= bounds.length && from < table.size(); r++) {
      int to = r < bounds.length ? table.indexOfFirstBelowOrEqual(bounds[r]) : table.size();
      if (to > from) {
        expected.add(new int[] {r, from, to});
        from = to;
      }
    }
    List<RangeSlicer.Slice> slices = RangeSlicer.slices(row, entries, bounds);
    assertThat(slices).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      int[] e = expected.get(i);
      RangeInfo.Totals want = RangeInfo.Totals.of(table, e[1], e[2]);
      RangeInfo.Totals got = slices.get(i).totals();
      assertThat(
              new Object[] {
                got.positives,
                got.negatives,
                got.entries,
                got.top,
                got.topPositives,
                got.topNegatives
              })
          .as(what + ", range " + e[0])
          .containsExactly(
              want.positives,
              want.negatives,
              want.entries,
              want.top,
              want.topPositives,
              want.topNegatives);
      assertThat(slices.get(i).range()).as(what).isEqualTo(e[0]);
      assertThat(slices.get(i).entries().unpack())
          .as(what + ", range " + e[0])
          .isEqualTo(table.slice(e[1], e[2]));
    }
  }
}
