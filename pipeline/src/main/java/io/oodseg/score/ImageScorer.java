package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.config.MetricsParams;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.Resampler;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.ExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores one clustered image, whichever engine clustered it: cluster assignments on the grid
 * are brought to the label's size (nearest), joined with the confidence map into cluster
 * statistics and flags, turned into the method's score map next to the baselines' (−confidence),
 * and every map is reduced to counts per distinct score and per-image metrics.
 */
public final class ImageScorer {
  private final MethodParams method;
  private final MetricsParams metrics;
  private final ClusterScorer scorer;

  public ImageScorer(MethodParams method, MetricsParams metrics) {
    this.method = method;
    this.metrics = metrics;
    this.scorer = new ClusterScorer(method);
  }

  /** Name of the method's row in every result table: {@code clusters_<score mode>}. */
  public static String methodName(MethodParams params) {
    return "clusters_" + params.scoreMode().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The cluster of every pixel {@code [H*W]} (int64): the grid's assignments brought to the label's
   * size by nearest-neighbour resampling.
   */
  public static NDArray pixelClusters(NDManager manager, int[] assignments, int gridHeight, int gridWidth,
      int height, int width) {
    float[] grid = new float[assignments.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = assignments[i];
    }
    NDArray gridClusters = manager.create(grid, new Shape(1, gridHeight, gridWidth));
    return Resampler.nearest(gridClusters, height, width).reshape(-1).toType(DataType.INT64, false);
  }

  /**
   * Scores an image.
   *
   * @param record the image
   * @param assignments cluster per grid cell, row-major {@code [gridHeight * gridWidth]}
   * @param clusters number of clusters
   * @param gridHeight grid rows
   * @param gridWidth grid columns
   * @param confidences the {@link Confidence} maps in declaration order, each {@code [H*W]}
   * @param label label values {@code [H*W]}
   * @param width label width W
   * @param height label height H
   * @param times where scoring and counting time is added
   */
  public ImageOutcome score(ImageRecord record, int[] assignments, int clusters, int gridHeight, int gridWidth,
      List<NDArray> confidences, byte[] label, int width, int height, StageTimes times) {
    long t0 = System.nanoTime();
    NDArray methodConfidence = confidences.get(method.confidence().ordinal());
    NDManager manager = methodConfidence.getManager();
    MethodMaps maps = methodMaps(assignments, clusters, gridHeight, gridWidth, methodConfidence, width, height);
    ClusterFlags flags = maps.flags();
    Map<String, NDArray> scoreMaps = new LinkedHashMap<>();
    scoreMaps.put(methodName(method), maps.score());
    for (Confidence c : Confidence.values()) {
      scoreMaps.put(c.key(), confidences.get(c.ordinal()).neg());
    }
    long t1 = System.nanoTime();
    times.add(StageTimes.SCORING, t1 - t0);

    PixelCounter counter = new PixelCounter(label, metrics.positive(), metrics.voidValue(), manager.getDevice().isGpu());
    Map<String, ScoreCounts> counts = new LinkedHashMap<>();
    Map<String, BinaryMetrics> perImage = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : scoreMaps.entrySet()) {
      ScoreCounts c;
      try {
        c = counter.count(e.getValue());
      } catch (IllegalArgumentException nan) {
        throw new IllegalArgumentException("method " + e.getKey() + ": " + nan.getMessage(), nan);
      }
      counts.put(e.getKey(), c);
      perImage.put(e.getKey(), ExactMetrics.compute(c));
    }
    times.add(StageTimes.COUNTING, System.nanoTime() - t1);
    ImageOutcome.ClusterLayout layout = new ImageOutcome.ClusterLayout(gridHeight, gridWidth, assignments,
        flags.statistics(), flags.flagged());
    return ImageOutcome.success(record, width, height, layout, counts, perImage, times);
  }

  /**
   * The method's maps of one image at label size.
   *
   * @param pixelClusters cluster per pixel {@code [H*W]} (int64)
   * @param flags cluster statistics and flags
   * @param score the method's score map {@code [H*W]}
   */
  public record MethodMaps(NDArray pixelClusters, ClusterFlags flags, NDArray score) {}

  /**
   * Brings grid assignments to the label's size (nearest), flags clusters on the method's
   * confidence {@code [H*W]} and builds the method's score map.
   */
  public MethodMaps methodMaps(int[] assignments, int clusters, int gridHeight, int gridWidth,
      NDArray methodConfidence, int width, int height) {
    NDArray pixelClusters = pixelClusters(methodConfidence.getManager(), assignments, gridHeight, gridWidth,
        height, width);
    ClusterFlags flags = scorer.flag(pixelClusters, methodConfidence, clusters);
    return new MethodMaps(pixelClusters, flags, scorer.score(pixelClusters, methodConfidence, flags));
  }
}
