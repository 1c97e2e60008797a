package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.oodseg.config.ClusterStatistic;
import io.oodseg.config.MethodParams;
import io.oodseg.config.ScoreMode;

/**
 * Joins cluster assignments with the confidence map: the statistic of each cluster, the flag rule
 * of the configured threshold mode, and the method's per-pixel OoD score. Everything stays on the
 * confidence map's device; only K numbers per image come back.
 */
public final class ClusterScorer {
  /**
   * Offset that puts every flagged pixel above every unflagged one in the fused score ({@link
   * ScoreModes}).
   */
  public static final double FUSED_OFFSET = ScoreModes.FUSED_OFFSET;

  private final MethodParams params;

  public ClusterScorer(MethodParams params) {
    this.params = params;
  }

  /**
   * Statistics and flags of the clusters.
   *
   * @param pixelClusters cluster index per pixel {@code [H*W]} (int64)
   * @param confidence confidence per pixel {@code [H*W]}
   * @param clusters number of clusters
   */
  public ClusterFlags flag(NDArray pixelClusters, NDArray confidence, int clusters) {
    return flagsOf(statistics(pixelClusters, confidence, clusters), confidence);
  }

  /**
   * The flags of clusters with these statistics: the configured threshold of the confidence map
   * {@code [H*W]} and the {@link #flags} rule.
   */
  public ClusterFlags flagsOf(double[] stats, NDArray confidence) {
    double threshold =
        new ConfidenceThresholds(confidence).of(params.thresholdMode(), params.thresholdValue());
    return new ClusterFlags(stats, flags(stats, threshold), threshold);
  }

  /**
   * The configured statistic of the confidence over each cluster's pixels (NaN for an empty
   * cluster).
   */
  public double[] statistics(NDArray pixelClusters, NDArray confidence, int clusters) {
    return params.statistic() == ClusterStatistic.MEAN
        ? means(pixelClusters, confidence, clusters)
        : perCluster(pixelClusters, confidence, clusters);
  }

  /** The flag rule: a cluster with a statistic below the threshold is OoD. */
  public static boolean[] flags(double[] stats, double threshold) {
    boolean[] flagged = new boolean[stats.length];
    for (int c = 0; c < stats.length; c++) {
      flagged[c] = !Double.isNaN(stats[c]) && stats[c] < threshold;
    }
    return flagged;
  }

  /**
   * The method's OoD score per pixel {@code [H*W]} (float64; higher = more OoD), as {@link
   * ScoreModes} defines it: the cluster part of the pixel's cluster plus, where the mode has one,
   * {@code -confidence}.
   */
  public NDArray score(NDArray pixelClusters, NDArray confidence, ClusterFlags flags) {
    ScoreMode mode = params.scoreMode();
    NDArray negConf =
        ScoreModes.hasPixelPart(mode) ? confidence.toType(DataType.FLOAT64, false).neg() : null;
    if (!ScoreModes.hasClusterPart(mode)) {
      return negConf;
    }
    NDManager manager = confidence.getManager();
    NDArray cluster =
        manager
            .create(ScoreModes.clusterParts(mode, flags.statistics(), flags.flagged()))
            .take(manager, pixelClusters);
    return negConf == null ? cluster : cluster.add(negConf);
  }

  /**
   * Cluster means in one pass: confidence times the one-hot cluster matrix {@code [H*W, K]}
   * (float64), gathered from the identity's rows in one step rather than compared and converted.
   */
  private static double[] means(NDArray pixelClusters, NDArray confidence, int clusters) {
    NDArray oneHot =
        confidence.getManager().eye(clusters, clusters, 0, DataType.FLOAT64).get(pixelClusters);
    double[] sums =
        confidence.toType(DataType.FLOAT64, false).expandDims(0).matMul(oneHot).toDoubleArray();
    double[] counts = oneHot.sum(new int[] {0}).toDoubleArray();
    for (int c = 0; c < clusters; c++) {
      sums[c] = counts[c] == 0 ? Double.NaN : sums[c] / counts[c];
    }
    return sums;
  }

  private double[] perCluster(NDArray pixelClusters, NDArray confidence, int clusters) {
    double[] stats = new double[clusters];
    for (int c = 0; c < clusters; c++) {
      NDArray values = confidence.booleanMask(pixelClusters.eq(c));
      stats[c] = values.isEmpty() ? Double.NaN : statistic(values);
    }
    return stats;
  }

  private double statistic(NDArray values) {
    switch (params.statistic()) {
      case MIN:
        return values.min().getFloat();
      case MAX:
        return values.max().getFloat();
      case MEDIAN:
        NDArray sorted = values.sort();
        return sorted.get((sorted.size() - 1) / 2).getFloat();
      case MEAN:
      default:
        return values.mean().getFloat();
    }
  }
}
