package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ProtocolSweep} over ranges swept apart equals one sweep, wherever the ranges split. */
class ProtocolSweepTest {

  /** A table whose thresholds repeat a few deltas in runs: many collinear ROC points. */
  private static ScoreCounts runs(Random rnd, int size) {
    double[] s = new double[size];
    long[] p = new long[size];
    long[] n = new long[size];
    long[][] deltas = {{1, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 3}};
    long[] d = deltas[0];
    for (int i = 0; i < size; i++) {
      if (rnd.nextInt(4) == 0) {
        d = deltas[rnd.nextInt(deltas.length)];
      }
      s[i] = size - i;
      p[i] = d[0];
      n[i] = d[1];
    }
    return ScoreCounts.fromSortedDescending(s, p, n);
  }

  /** Sweeps {@code table} as the ranges {@code [cuts[i], cuts[i+1])} and combines them. */
  private static ProtocolSweep.Curve inRanges(ScoreCounts table, int[] cuts, int points) {
    List<ProtocolSweep.Partial> partials = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    for (int r = 0; r + 1 < cuts.length; r++) {
      RangeInfo.Totals range = RangeInfo.Totals.of(table, cuts[r], cuts[r + 1]);
      RangeInfo.Totals next =
          r + 2 < cuts.length ? RangeInfo.Totals.of(table, cuts[r + 1], cuts[r + 2]) : null;
      RangeInfo info =
          new RangeInfo(tp, fp, table.totalPositives(), table.totalNegatives(), range, next);
      ProtocolSweep sweep = new ProtocolSweep(info, points);
      for (int i = cuts[r]; i < cuts[r + 1]; i++) {
        sweep.accept(table.score(i), table.positives(i), table.negatives(i));
      }
      partials.add(sweep.finish());
      tp += range.positives;
      fp += range.negatives;
    }
    return ProtocolSweep.combine(partials, table.totalPositives(), table.totalNegatives());
  }

  @Test
  void everySplitGivesTheSameCurve() {
    Random rnd = new Random(12);
    for (int t = 0; t < 40; t++) {
      ScoreCounts table = runs(rnd, 3 + rnd.nextInt(60));
      ProtocolSweep.Curve whole = ProtocolSweep.sweepAll(table, 9);
      for (int cut = 1; cut < table.size(); cut++) {
        int second = cut + rnd.nextInt(table.size() - cut) + 1;
        int[] cuts =
            second < table.size()
                ? new int[] {0, cut, second, table.size()}
                : new int[] {0, cut, table.size()};
        ProtocolSweep.Curve split = inRanges(table, cuts, 9);
        String what = "table " + t + " cuts " + java.util.Arrays.toString(cuts);
        assertThat(split.nearestFpr95).as(what).isEqualTo(whole.nearestFpr95);
        assertThat(split.nearestFpr95AllPoints).as(what).isEqualTo(whole.nearestFpr95AllPoints);
        assertThat(split.points).as(what).isEqualTo(whole.points);
        assertThat(split.firstAboveFpr95).as(what).isEqualTo(whole.firstAboveFpr95);
        assertThat(split.interpolatedFpr95).as(what).isEqualTo(whole.interpolatedFpr95);
        assertThat(split.nearestReversedFpr95).as(what).isEqualTo(whole.nearestReversedFpr95);
        TestData.assertClose(what, split.step, whole.step, 1e-12);
      }
    }
  }

  @Test
  void keptPointsFollowScikitLearnsSecondDifferenceRule() {
    // deltas (1,0) x3, (1,1) x3, (0,2): points 2..3 and 5 are interior of collinear runs
    ScoreCounts table =
        ScoreCounts.fromSortedDescending(
            new double[] {7, 6, 5, 4, 3, 2, 1},
            new long[] {1, 1, 1, 1, 1, 1, 0},
            new long[] {0, 0, 0, 1, 1, 1, 2});
    // P = 6, N = 5; kept points (tp, fp): (1,0) (3,0) (6,3) (6,5), plus the start (0,0)
    // TPR 0.95 target: nearest kept levels 3/6 = 0.5 below and 6/6 = 1 above -> above, FPR 3/5
    assertThat(ProtocolSweep.sweepAll(table, 0).nearestFpr95).isEqualTo(3.0 / 5.0);
    // over all points: 5/6 = 0.833 (FP 2) is 0.117 away, 1.0 (FP 3) 0.05 -> also 3/5
    assertThat(ProtocolSweep.sweepAll(table, 0).nearestFpr95AllPoints).isEqualTo(3.0 / 5.0);
    // RbA: first kept point with TPR > 0.95 is (6,3)
    assertThat(ProtocolSweep.sweepAll(table, 0).firstAboveFpr95).isEqualTo(3.0 / 5.0);
    // ood_metrics: np.interp between kept (3,0) at TPR 0.5 and (6,3) at TPR 1
    double slope = (3.0 / 5.0 - 0.0) / (1.0 - 0.5);
    assertThat(ProtocolSweep.sweepAll(table, 0).interpolatedFpr95)
        .isEqualTo(slope * (0.95 - 0.5) + 0.0);
    // PEBAL: (5,2) is 0.117 from 0.95, the first full-recall point (6,3) 0.05
    assertThat(ProtocolSweep.sweepAll(table, 0).nearestReversedFpr95).isEqualTo(3.0 / 5.0);
  }

  @Test
  void pebalTakesTheLastPointOfTheClosestLevelAndTheLevelAboveOnATie() {
    // P = 20: TP 19 (TPR 0.95 exactly) reached at FP 1, stays to FP 4, then TP 20
    ScoreCounts table =
        ScoreCounts.fromSortedDescending(
            new double[] {5, 4, 3, 2, 1}, new long[] {18, 1, 0, 0, 1}, new long[] {0, 1, 1, 2, 6});
    ProtocolSweep.Curve c = ProtocolSweep.sweepAll(table, 0);
    assertThat(c.nearestReversedFpr95).isEqualTo(4.0 / 10.0); // last point on TP 19
    assertThat(c.nearestFpr95).isEqualTo(1.0 / 10.0); // ade-ood: the first
    assertThat(c.firstAboveFpr95).isEqualTo(10.0 / 10.0); // RbA: TPR > 0.95 only at TP 20
    assertThat(c.interpolatedFpr95).isEqualTo(4.0 / 10.0); // np.interp: last kept at 0.95
  }
}
