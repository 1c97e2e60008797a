package io.oodseg.config;

import java.io.Serializable;
import java.util.List;

/**
 * The method's parameters (docs/design.md §4), validated.
 *
 * @param levels feature outputs to cluster; empty = the deepest; {@link #ALL_LEVELS} alone = every
 *     feature output of the model
 * @param gridStride stride of the clustering grid on the model's input; 0 = the first level's
 *     stride; {@link #LABEL_GRID} = the label's own resolution
 * @param norm feature row normalisation
 * @param upsampling how levels coarser than the grid are brought to it
 * @param k clusters per image
 * @param maxIter Lloyd iterations at most
 * @param tol stop when no centroid moves more than this (squared L2)
 * @param seed k-means++ seed
 * @param engine where clustering runs
 * @param concurrency images clustered at once by the {@code mllib} engine
 * @param confidence confidence function
 * @param statistic cluster statistic
 * @param thresholdMode how τ is read
 * @param thresholdValue τ
 * @param scoreMode score of the method
 */
public record MethodParams(
    List<String> levels,
    int gridStride,
    FeatureNorm norm,
    UpsamplingParams upsampling,
    int k,
    int maxIter,
    double tol,
    long seed,
    ClusteringEngine engine,
    int concurrency,
    Confidence confidence,
    ClusterStatistic statistic,
    ThresholdMode thresholdMode,
    double thresholdValue,
    ScoreMode scoreMode)
    implements Serializable {
  /** {@code gridStride} of a grid at the label's resolution ({@code features.grid = label}). */
  public static final int LABEL_GRID = -1;

  /** The {@code features.levels} entry that selects every feature output. */
  public static final String ALL_LEVELS = "all";

  public MethodParams {
    levels = List.copyOf(levels);
  }

  /**
   * The K-Means settings ({@code k}, {@code maxIter}, {@code tol}, {@code seed}). A derived view,
   * not a component: the record's JSON (the {@code params} column of the result tables) keeps its
   * flat form.
   */
  public KMeansParams kmeans() {
    return new KMeansParams(k, maxIter, tol, seed);
  }
}
