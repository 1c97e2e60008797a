package io.oodseg.score;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.MethodParams;
import io.oodseg.testing.Ndarrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterScorerTest {
  // Six pixels in three clusters: cluster 0 = {5, 5}, cluster 1 = {4, 6}, cluster 2 = {1, 2}.
  private static final long[] CLUSTERS = {0, 0, 1, 1, 2, 2};
  private static final float[] CONFIDENCE = {5, 5, 4, 6, 1, 2};

  private static MethodParams params(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides)).method();
  }

  @Test
  void zscoreFlagsTheClusterWellBelowTheImageMean() {
    // mean = 23/6 = 3.8333; population std = sqrt(mean of squares 107/6 - mean^2) = 1.7717
    // threshold at tau = -1: 3.8333 - 1.7717 = 2.0616 -> only cluster 2 (mean 1.5) is flagged.
    try (NDManager m = Ndarrays.cpu()) {
      ClusterScorer scorer = new ClusterScorer(params());
      ClusterFlags flags = scorer.flag(m.create(CLUSTERS), m.create(CONFIDENCE), 3);
      assertThat(flags.statistics()).containsExactly(5.0, 5.0, 1.5);
      assertThat(flags.threshold())
          .isCloseTo(
              23.0 / 6 - Math.sqrt(107.0 / 6 - Math.pow(23.0 / 6, 2)),
              org.assertj.core.data.Offset.offset(1e-6));
      assertThat(flags.flagged()).containsExactly(false, false, true);
    }
  }

  @Test
  void fusedScoreRanksFlaggedPixelsFirstThenByLowConfidence() {
    try (NDManager m = Ndarrays.cpu()) {
      ClusterScorer scorer = new ClusterScorer(params());
      NDArray clusters = m.create(CLUSTERS);
      NDArray conf = m.create(CONFIDENCE);
      double[] score = scorer.score(clusters, conf, scorer.flag(clusters, conf, 3)).toDoubleArray();
      double offset = ClusterScorer.FUSED_OFFSET;
      assertThat(score).containsExactly(-5, -5, -4, -6, offset - 1, offset - 2);
    }
  }

  @Test
  void otherModesAndStatistics() {
    try (NDManager m = Ndarrays.cpu()) {
      NDArray clusters = m.create(CLUSTERS);
      NDArray conf = m.create(CONFIDENCE);
      ClusterScorer minAbsolute =
          new ClusterScorer(
              params(
                  "cluster.statistic=min",
                  "threshold.mode=absolute",
                  "threshold.value=4.5",
                  "score.mode=cluster"));
      ClusterFlags flags = minAbsolute.flag(clusters, conf, 3);
      assertThat(flags.statistics()).containsExactly(5.0, 4.0, 1.0);
      assertThat(flags.flagged()).containsExactly(false, true, true);
      assertThat(minAbsolute.score(clusters, conf, flags).toDoubleArray())
          .containsExactly(-5, -5, -4, -4, -1, -1);
      ClusterScorer quantileFlag =
          new ClusterScorer(
              params("threshold.mode=quantile", "threshold.value=0.5", "score.mode=flag"));
      // sorted confidence 1,2,4,5,5,6 -> index round(0.5 * 5) = 3 -> 5; means 5, 5, 1.5 -> only
      // cluster 2 below 5
      assertThat(
              quantileFlag
                  .score(clusters, conf, quantileFlag.flag(clusters, conf, 3))
                  .toDoubleArray())
          .containsExactly(0, 0, 0, 0, 1, 1);
    }
  }
}
