package io.oodseg.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.oodseg.testing.Ndarrays;
import io.oodseg.udfs.metrics.ExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelCounterTest {
  @ParameterizedTest(name = "sort on device: {0}")
  @ValueSource(booleans = {false, true})
  void countsPerDistinctScoreWithVoidDropped(boolean onDevice) {
    // pixels:  score 0.9 OoD, 0.8 ID, 0.8 OoD, 0.5 void, 0.3 ID, 0.9 ID
    // valid -> 0.9: (1 pos, 1 neg), 0.8: (1, 1), 0.3: (0, 1)
    byte[] labels = {1, 0, 1, (byte) 255, 0, 0};
    try (NDManager m = Ndarrays.cpu()) {
      PixelCounter counter = new PixelCounter(labels, 1, 255, onDevice);
      assertThat(counter.validPixels()).isEqualTo(5);
      ScoreCounts c = counter.count(m.create(new double[] {0.9, 0.8, 0.8, 0.5, 0.3, 0.9}));
      assertThat(c.size()).isEqualTo(3);
      assertThat(new double[] {c.score(0), c.score(1), c.score(2)}).containsExactly(0.9, 0.8, 0.3);
      assertThat(new long[] {c.positives(0), c.positives(1), c.positives(2)})
          .containsExactly(1, 1, 0);
      assertThat(new long[] {c.negatives(0), c.negatives(1), c.negatives(2)})
          .containsExactly(1, 1, 1);
      // Hand-computed AP: threshold 0.9 -> R=1/2, P=1/2; 0.8 -> R=1, P=2/4; AP = 0.5*0.5 + 0.5*0.5
      // = 0.5
      assertThat(ExactMetrics.compute(c).ap()).isEqualTo(0.5);
    }
  }

  @ParameterizedTest(name = "sort on device: {0}")
  @ValueSource(booleans = {false, true})
  void nanScoreOnAValidPixelIsRefusedButOnAVoidPixelIgnored(boolean onDevice) {
    byte[] labels = {1, 0, (byte) 255};
    try (NDManager m = Ndarrays.cpu()) {
      PixelCounter counter = new PixelCounter(labels, 1, 255, onDevice);
      assertThat(counter.count(m.create(new double[] {0.2, 0.1, Double.NaN})).totalNegatives())
          .isEqualTo(1);
      assertThatThrownBy(() -> counter.count(m.create(new double[] {Double.NaN, 0.1, 0.3})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NaN");
    }
  }

  @ParameterizedTest(name = "sort on device: {0}")
  @ValueSource(booleans = {false, true})
  void allVoidGivesEmptyCounts(boolean onDevice) {
    try (NDManager m = Ndarrays.cpu()) {
      PixelCounter counter =
          new PixelCounter(new byte[] {(byte) 255, (byte) 255}, 1, 255, onDevice);
      assertThat(counter.count(m.create(new double[] {1, 2})).size()).isZero();
    }
  }

  @ParameterizedTest(name = "sort on device: {0}")
  @ValueSource(booleans = {false, true})
  void negativeZeroIsCountedAndRecordedAsZero(boolean onDevice) {
    byte[] labels = {1, 0, 0, 1};
    try (NDManager m = Ndarrays.cpu()) {
      PixelCounter counter = new PixelCounter(labels, 1, 255, onDevice);
      for (double[] scores :
          new double[][] {{-0.0, -0.0, 0.5, -1}, {-0.0, 0.0, 0.5, -1}, {0.0, -0.0, 0.5, -1}}) {
        ScoreCounts c = counter.count(m.create(scores));
        assertThat(c.size()).isEqualTo(3);
        assertThat(Double.doubleToRawLongBits(c.score(1)))
            .isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(new long[] {c.positives(1), c.negatives(1)}).containsExactly(1, 1);
        assertThat(c).isEqualTo(ScoreCounts.fromPixels(scores, labels, 1, 255));
      }
    }
  }

  @Test
  void groupFoldsNegativeZero() {
    ScoreCounts c = PixelCounter.group(new double[] {-0.0}, new double[] {-1, -0.0});
    assertThat(Double.doubleToRawLongBits(c.score(0))).isEqualTo(Double.doubleToRawLongBits(0.0));
    assertThat(new long[] {c.positives(0), c.negatives(0)}).containsExactly(1, 1);
  }
}
