package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The integer form of the FPR95 test in {@link CurveSweep.Running}. */
class CurveSweepTest {

  @Test
  void leastReachingIsExactlyWhereTheDivisionReachesTheTarget() {
    Random rnd = new Random(8);
    for (int k = 0; k < 20_000; k++) {
      long totalP = k < 5_000 ? k + 1 : 1 + (rnd.nextLong() >>> (1 + rnd.nextInt(62)));
      long tp = CurveSweep.Running.leastReaching(totalP);
      assertThat((double) tp / (double) totalP)
          .as("P=%d", totalP)
          .isGreaterThanOrEqualTo(CurveSweep.TPR_TARGET);
      if (tp > 0) {
        assertThat((double) (tp - 1) / (double) totalP)
            .as("P=%d", totalP)
            .isLessThan(CurveSweep.TPR_TARGET);
      }
    }
  }
}
