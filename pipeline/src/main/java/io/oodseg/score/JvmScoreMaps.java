package io.oodseg.score;

import io.oodseg.config.ScoreMode;

/**
 * The CPU path's score maps, built in the JVM from maps copied out once: the method's score per
 * pixel from its cluster's part and its confidence ({@link ScoreModes#score}, the same float64
 * operations as {@link ClusterScorer#score}, so the same bits), and a baseline's score {@code
 * -confidence} (float negation is exact, as libtorch's). This spares the label-sized float64 and
 * int64 tensors, and their copies, that the device path makes.
 */
final class JvmScoreMaps {
  private JvmScoreMaps() {}

  /**
   * The method's score per pixel {@code [H*W]}.
   *
   * @param pixelClusters cluster of every pixel
   * @param confidence the method's confidence of every pixel
   * @param clusterParts the cluster part of every cluster ({@link ScoreModes#clusterParts})
   */
  static double[] methodScores(
      ScoreMode mode, long[] pixelClusters, float[] confidence, double[] clusterParts) {
    double[] scores = new double[pixelClusters.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] =
          ScoreModes.score(mode, clusterParts[(int) pixelClusters[i]], -(double) confidence[i]);
    }
    return scores;
  }

  /** Writes {@code -confidence} into {@code into} (same length) and returns it. */
  static float[] negated(float[] confidence, float[] into) {
    for (int i = 0; i < confidence.length; i++) {
      into[i] = -confidence[i];
    }
    return into;
  }
}
