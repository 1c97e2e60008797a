package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.TestData.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExactMetricsTest {
  private static final double EPS = 1e-15;

  @Test
  void distinctScores() {
    // desc: 0.9(+) 0.8(-) 0.7(+) 0.6(-); P=2, N=2
    // AP: R 0->.5 at P=1/1, R .5->1 at P=2/3 => (1 + 2/3)/2 = 5/6
    // AUROC: pos .9 beats both negs (2), pos .7 beats .6 (1) => 3/4
    // FPR95: TPR first >= .95 at 0.7 where FP=1 => 1/2
    BinaryMetrics m = ExactMetrics.compute(counts(new double[] {0.9, 0.8, 0.7, 0.6}, 1, 0, 1, 0));
    assertThat(m.ap()).isCloseTo(5.0 / 6.0, within(EPS));
    assertThat(m.auroc()).isCloseTo(0.75, within(EPS));
    assertThat(m.fpr95()).isEqualTo(0.5);
    assertThat(m.positives()).isEqualTo(2);
    assertThat(m.negatives()).isEqualTo(2);
    assertThat(m.thresholds()).isEqualTo(4);
  }

  @Test
  void tiesAreOneThreshold() {
    // 0.9(+) | 0.5(+,-,-) | 0.1(-); P=2, N=3; thresholds: (TP,FP) = (1,0), (2,2), (2,3)
    // AP: .5 * 1/1 + .5 * 2/4 = 0.75
    // AUROC: ROC (0,0) (0,.5) (2/3,1) (1,1): 2/3 * (.5+1)/2 + 1/3 * 1 = 5/6
    //   (pairs: .9 beats 3 negs = 3; tied .5 vs two .5 negs = 2*.5, beats .1 = 1 => 5/6)
    // FPR95: TPR=1 first at 0.5 with FP=2 => 2/3
    BinaryMetrics m =
        ExactMetrics.compute(counts(new double[] {0.5, 0.9, 0.1, 0.5, 0.5}, 0, 1, 0, 1, 0));
    assertThat(m.ap()).isCloseTo(0.75, within(EPS));
    assertThat(m.auroc()).isCloseTo(5.0 / 6.0, within(EPS));
    assertThat(m.fpr95()).isCloseTo(2.0 / 3.0, within(EPS));
    assertThat(m.thresholds()).isEqualTo(3);
  }

  @Test
  void allScoresEqual() {
    // one threshold: TP=1, FP=3 => AP = precision = prevalence = 1/4
    // ROC (0,0) -> (1,1) => AUROC 0.5; TPR 1 at FPR 1 => FPR95 1
    BinaryMetrics m = ExactMetrics.compute(counts(new double[] {0.3, 0.3, 0.3, 0.3}, 0, 1, 0, 0));
    assertThat(m.ap()).isEqualTo(0.25);
    assertThat(m.auroc()).isEqualTo(0.5);
    assertThat(m.fpr95()).isEqualTo(1.0);
    assertThat(m.thresholds()).isEqualTo(1);
  }

  @Test
  void tprOfExactly95PercentCounts() {
    // 19 positives at 0.9, then -, +, -: P=20, N=2. At 0.9 TPR = 19/20 = 0.95 >= 0.95, FP=0
    double[] scores = new double[22];
    int[] labels = new int[22];
    Arrays.fill(scores, 0, 19, 0.9);
    Arrays.fill(labels, 0, 19, 1);
    scores[19] = 0.8;
    scores[20] = 0.7;
    labels[20] = 1;
    scores[21] = 0.6;
    BinaryMetrics m = ExactMetrics.compute(counts(scores, labels));
    assertThat(m.fpr95()).isEqualTo(0.0);
    // AUROC: 19 pos beat both negs (38), pos .7 beats .6 (1) => 39/40
    assertThat(m.auroc()).isCloseTo(39.0 / 40.0, within(EPS));
  }

  @Test
  void noPositive() {
    BinaryMetrics m = ExactMetrics.compute(counts(new double[] {0.9, 0.1, 0.1}, 0, 0, 0));
    assertThat(m.ap()).isNull();
    assertThat(m.fpr95()).isNull();
    assertThat(m.auroc()).isNull();
    assertThat(m.negatives()).isEqualTo(3);
    assertThat(m.thresholds()).isEqualTo(2);
  }

  @Test
  void noNegative() {
    // precision is 1 at every threshold => AP 1; ROC undefined
    BinaryMetrics m = ExactMetrics.compute(counts(new double[] {0.9, 0.2, 0.2}, 1, 1, 1));
    assertThat(m.ap()).isEqualTo(1.0);
    assertThat(m.auroc()).isNull();
    assertThat(m.fpr95()).isNull();
    assertThat(m.positives()).isEqualTo(3);
  }

  @Test
  void singlePixel() {
    BinaryMetrics pos = ExactMetrics.compute(counts(new double[] {0.4}, 1));
    assertThat(pos).isEqualTo(new BinaryMetrics(1.0, null, null, 1, 0, 1));
    BinaryMetrics neg = ExactMetrics.compute(counts(new double[] {0.4}, 0));
    assertThat(neg).isEqualTo(new BinaryMetrics(null, null, null, 0, 1, 1));
  }

  @Test
  void emptyHasNoMetric() {
    assertThat(ExactMetrics.compute(ScoreCounts.empty()))
        .isEqualTo(new BinaryMetrics(null, null, null, 0, 0, 0));
  }

  @Test
  void voidPixelsAreDropped() {
    // the void pixel (NaN score, top rank if it counted) is ignored:
    // kept 0.9(+) 0.8(-) 0.7(+): AP = .5*1 + .5*2/3 = 5/6; AUROC: .9 beats .8, .7 does not => 1/2
    BinaryMetrics m =
        ExactMetrics.compute(counts(new double[] {0.9, Double.NaN, 0.8, 0.7}, 1, 255, 0, 1));
    assertThat(m.positives()).isEqualTo(2);
    assertThat(m.negatives()).isEqualTo(1);
    assertThat(m.ap()).isCloseTo(5.0 / 6.0, within(EPS));
    assertThat(m.auroc()).isCloseTo(0.5, within(EPS));
    assertThat(m.fpr95()).isEqualTo(1.0);
  }

  @Test
  void labelsAreUnsigned() {
    // positive 200 and void 250 are negative bytes in Java; label 7 is a negative pixel
    ScoreCounts c =
        ScoreCounts.fromPixels(new double[] {0.9, 0.5, 0.1}, TestData.bytes(200, 250, 7), 200, 250);
    assertThat(c.totalPositives()).isEqualTo(1);
    assertThat(c.totalNegatives()).isEqualTo(1);
    assertThat(ExactMetrics.compute(c).auroc()).isEqualTo(1.0);
  }

  @Test
  void nanScoreRefusedWithIndex() {
    assertThatThrownBy(() -> counts(new double[] {0.1, 0.2, Double.NaN}, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixel index 2");
  }
}
