package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Range boundaries and row splitting behind {@link RangeSweepEngine}. */
class ScoreSketchTest {

  @Test
  void boundariesSplitIntoBalancedDescendingRanges() {
    ScoreCounts row = TestData.randomImage(new Random(1), 20_000, 0, 0.1);
    double[] bounds = new ScoreSketch(64 * 7).addRow(row, RowEntries.TABLES).boundaries(7);
    assertThat(bounds).hasSize(6);
    for (int i = 1; i < bounds.length; i++) {
      assertThat(bounds[i]).isLessThan(bounds[i - 1]);
    }
    List<Tuple2<Tuple2<String, Integer>, PackedCounts>> slices = new ArrayList<>();
    List<Tuple2<Tuple2<String, Integer>, RangeInfo.Totals[]>> totals = new ArrayList<>();
    RangeSweepEngine.splitByRange(new Tuple2<>("k", row), RowEntries.TABLES, Map.of("k", bounds))
        .forEachRemaining(
            p -> {
              if (p._2().slice() != null) {
                slices.add(new Tuple2<>(p._1(), p._2().slice()));
              } else {
                totals.add(new Tuple2<>(p._1(), p._2().totals()));
              }
            });
    assertThat(slices).hasSize(7);
    // the row's totals of all seven ranges go to each range
    assertThat(totals).extracting(t -> t._1()._2()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(totals).allSatisfy(t -> assertThat(t._2()).hasSize(7).doesNotContainNull());
    List<ScoreCounts> parts = new ArrayList<>();
    for (int r = 0; r < slices.size(); r++) {
      assertThat(slices.get(r)._1()._2()).isEqualTo(r);
      ScoreCounts slice = slices.get(r)._2().unpack();
      assertThat(totals.get(0)._2()[r].positives).isEqualTo(slice.totalPositives());
      assertThat(totals.get(0)._2()[r].negatives).isEqualTo(slice.totalNegatives());
      assertThat(slice.size()).isBetween(row.size() / 20, row.size() / 3);
      parts.add(slice);
    }
    assertThat(ScoreCounts.mergeAll(parts)).isEqualTo(row);
  }

  @Test
  void sampleDoesNotDependOnMergeOrder() {
    Random rnd = new Random(2);
    ScoreCounts a = TestData.randomImage(rnd, 3000, 0, 0.1);
    ScoreCounts b = TestData.randomImage(rnd, 5000, 0, 0.1);
    double[] ab =
        new ScoreSketch(256)
            .addRow(a, RowEntries.TABLES)
            .mergeWith(new ScoreSketch(256).addRow(b, RowEntries.TABLES))
            .boundaries(5);
    double[] ba =
        new ScoreSketch(256)
            .addRow(b, RowEntries.TABLES)
            .addRow(a, RowEntries.TABLES)
            .boundaries(5);
    double[] merged =
        new ScoreSketch(256).addRow(ScoreCounts.merge(a, b), RowEntries.TABLES).boundaries(5);
    assertThat(ab).hasSize(4).isEqualTo(ba).isEqualTo(merged);
  }

  @Test
  void fewDistinctScoresGiveFewerRanges() {
    ScoreCounts allEqual = TestData.counts(new double[] {0.2, 0.2, 0.2}, 1, 0, 0);
    assertThat(new ScoreSketch(256).addRow(allEqual, RowEntries.TABLES).boundaries(7)).isEmpty();
    ScoreCounts two = TestData.counts(new double[] {0.2, 0.4}, 1, 0);
    assertThat(new ScoreSketch(256).addRow(two, RowEntries.TABLES).boundaries(7))
        .containsExactly(0.2);
    assertThat(new ScoreSketch(0).addRow(two, RowEntries.TABLES).boundaries(7)).isEmpty();
  }
}
