package io.oodseg.score;

/**
 * The per-cluster outcome of one image.
 *
 * @param statistics confidence statistic of each cluster (NaN for a cluster without pixels)
 * @param flagged whether each cluster is flagged OoD
 * @param threshold the threshold in confidence units the statistics were compared with
 */
public record ClusterFlags(double[] statistics, boolean[] flagged, double threshold) {
  /** Number of flagged clusters. */
  public int count() {
    int n = 0;
    for (boolean f : flagged) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
