package io.oodseg.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.ScoreMode;
import io.oodseg.score.ClusterFlags;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.ScoreModes;
import io.oodseg.testing.Ndarrays;
import io.oodseg.udfs.metrics.BinnedCounts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exact path ({@link ClusterScorer#score}, per pixel) and the binned path ({@link
 * ClusterHistograms#addTo}, per bin) score the same pixels the same way in every mode: each exact
 * score is {@link ScoreModes#score} of its cluster part, and binning the exact scores gives the
 * binned path's counts.
 */
class ScoreModeAgreementTest {
  private static final int VOID = 255;
  private static final int BINS = 8;
  // Twelve pixels in four clusters (cluster 3 is empty); confidences are multiples of 1/8, so that
  // the fused scores FUSED_OFFSET - confidence are exact and can be binned back.
  private static final int[] PIXELS = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 1};
  private static final float[] CONFIDENCE = {
    0.875f, 0.75f, 1f, 0.25f, 0.125f, 0.375f, 0.5f, 0.5f, 0f, 0.625f, 0.75f, 0.25f
  };
  private static final byte[] LABEL = {0, 0, 1, 1, 1, 0, 0, 1, 1, (byte) VOID, 0, 1};
  private static final double[] STATS = {0.84375, 0.25, 0.40625, Double.NaN};
  private static final boolean[] FLAGGED = {false, true, false, false};

  @ParameterizedTest
  @EnumSource(ScoreMode.class)
  void exactAndBinnedPathsAgree(ScoreMode mode) {
    BinnedCounts bins = new BinnedCounts(-1, 0, BINS);
    double[] exact;
    try (NDManager m = Ndarrays.cpu()) {
      long[] clusters = new long[PIXELS.length];
      for (int i = 0; i < clusters.length; i++) {
        clusters[i] = PIXELS[i];
      }
      ClusterScorer scorer =
          new ClusterScorer(
              ConfigLoader.load(
                      null, List.of("score.mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)))
                  .method());
      exact =
          scorer
              .score(
                  m.create(clusters), m.create(CONFIDENCE), new ClusterFlags(STATS, FLAGGED, 0.3))
              .toDoubleArray();
    }
    double[] parts = ScoreModes.clusterParts(mode, STATS, FLAGGED);
    long[] expectedPos = new long[2 * BINS];
    long[] expectedNeg = new long[2 * BINS];
    for (int i = 0; i < PIXELS.length; i++) {
      double expected = ScoreModes.score(mode, parts[PIXELS[i]], -(double) CONFIDENCE[i]);
      assertThat(Double.doubleToRawLongBits(exact[i]))
          .as("pixel %d", i)
          .isEqualTo(Double.doubleToRawLongBits(expected));
      if ((LABEL[i] & 0xFF) != VOID) {
        int bin = binOfExactScore(mode, exact[i], bins);
        (LABEL[i] == 1 ? expectedPos : expectedNeg)[bin]++;
      }
    }
    long[] pos = new long[2 * BINS];
    long[] neg = new long[2 * BINS];
    new ClusterHistograms(CONFIDENCE, PIXELS, LABEL, STATS.length, bins, 1, VOID)
        .addTo(pos, neg, mode, STATS, FLAGGED, bins);
    assertThat(pos).containsExactly(expectedPos);
    assertThat(neg).containsExactly(expectedNeg);
  }

  @Test
  void theHistogramMeansAreTheClusterMeansVoidIncluded() {
    double[] means =
        new ClusterHistograms(CONFIDENCE, PIXELS, LABEL, 4, new BinnedCounts(-1, 0, BINS), 1, VOID)
            .means();
    assertThat(means)
        .containsExactly(
            (0.875 + 0.75 + 1 + 0.75) / 4,
            (0.25 + 0.125 + 0.375 + 0.25) / 4,
            (0.5 + 0.5 + 0 + 0.625) / 4,
            Double.NaN);
  }

  /**
   * The bin the binned path gives a pixel with this exact score (bins of -confidence or
   * -statistic).
   */
  private static int binOfExactScore(ScoreMode mode, double score, BinnedCounts bins) {
    switch (mode) {
      case FUSED:
        return score >= ScoreModes.FUSED_OFFSET / 2
            ? BINS + bins.binOf(score - ScoreModes.FUSED_OFFSET)
            : bins.binOf(score);
      case FLAG:
        return (int) score;
      case CLUSTER:
      case PIXEL:
      default:
        return bins.binOf(score);
    }
  }
}
