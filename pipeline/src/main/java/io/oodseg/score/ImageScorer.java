package io.oodseg.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.ClusterStatistic;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.config.MetricsParams;
import io.oodseg.config.ScoreMode;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.Resampler;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CompactCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores one clustered image, whichever engine clustered it: cluster assignments on the grid are
 * brought to the label's size (nearest), joined with the confidence map into cluster statistics and
 * flags, turned into the method's score map next to the baselines' (−confidence), and every map is
 * reduced to counts per distinct score and per-image metrics. On a GPU the maps are tensors counted
 * on the device; on the CPU each confidence map is copied into the JVM once and the grid cell of
 * every pixel, the cluster means and the tables are computed there ({@link JvmTables}), without
 * label-sized maps of clusters or scores, with the same results. The tables are kept compact
 * ({@link CompactCounts}).
 */
public final class ImageScorer {
  private final MethodParams method;
  private final MetricsParams metrics;
  private final ClusterScorer scorer;
  private final boolean devicePath;

  public ImageScorer(MethodParams method, MetricsParams metrics) {
    this(method, metrics, false);
  }

  private ImageScorer(MethodParams method, MetricsParams metrics, boolean devicePath) {
    this.method = method;
    this.metrics = metrics;
    this.scorer = new ClusterScorer(method);
    this.devicePath = devicePath;
  }

  /**
   * A scorer that takes the device path (score maps as tensors, counted where they are) whatever
   * the device: the path of a GPU, run on the CPU by the tests.
   */
  ImageScorer onDevicePath() {
    return new ImageScorer(method, metrics, true);
  }

  /** Name of the method's row in every result table: {@code clusters_<score mode>}. */
  public static String methodName(MethodParams params) {
    return "clusters_" + params.scoreMode().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The cluster of every pixel {@code [H*W]} (int64): the grid's assignments brought to the label's
   * size by nearest-neighbour resampling.
   */
  public static NDArray pixelClusters(
      NDManager manager, int[] assignments, int gridHeight, int gridWidth, int height, int width) {
    float[] grid = new float[assignments.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = assignments[i];
    }
    NDArray gridClusters = manager.create(grid, new Shape(1, gridHeight, gridWidth));
    return Resampler.nearest(gridClusters, height, width).reshape(-1).toType(DataType.INT64, false);
  }

  /**
   * The cluster of every pixel {@code [H*W]}: the values of {@link #pixelClusters}, computed in the
   * JVM.
   */
  public static int[] pixelClusterIndexes(
      int[] assignments, int gridHeight, int gridWidth, int height, int width) {
    return JvmTables.pixelClusters(
        assignments, JvmTables.CellIndex.of(gridHeight, gridWidth, height, width));
  }

  /**
   * The clusters' statistics and flags on the CPU: the flags of {@link ClusterScorer#flag}, with
   * the mean summed in the JVM in libtorch's order ({@link JvmTables}) instead of a label-sized
   * one-hot product; other statistics by libtorch.
   *
   * @param confidence the method's confidence map {@code [H*W]}
   * @param values its values
   * @param pixelClusters the cluster of every pixel ({@link #pixelClusterIndexes})
   */
  public static ClusterFlags flagsOnCpu(
      MethodParams method, NDArray confidence, float[] values, int[] pixelClusters, int clusters) {
    return new ClusterScorer(method)
        .flagsOf(statisticsOnCpu(method, confidence, values, pixelClusters, clusters), confidence);
  }

  /** The statistics of {@link #flagsOnCpu}: those of {@link ClusterScorer#statistics}. */
  public static double[] statisticsOnCpu(
      MethodParams method, NDArray confidence, float[] values, int[] pixelClusters, int clusters) {
    if (method.statistic() == ClusterStatistic.MEAN) {
      return JvmTables.clusterMeans(values, pixelClusters, clusters);
    }
    long[] indexes = new long[pixelClusters.length];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = pixelClusters[i];
    }
    return new ClusterScorer(method)
        .statistics(confidence.getManager().create(indexes), confidence, clusters);
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
  public ImageOutcome score(
      ImageRecord record,
      int[] assignments,
      int clusters,
      int gridHeight,
      int gridWidth,
      List<NDArray> confidences,
      byte[] label,
      int width,
      int height,
      StageTimes times) {
    if (assignments.length != (long) gridHeight * gridWidth) {
      throw new IllegalArgumentException(
          assignments.length + " assignments for a grid of " + gridHeight + "x" + gridWidth);
    }
    for (int a : assignments) {
      if (a < 0 || a >= clusters) {
        throw new IllegalArgumentException("cluster " + a + " of " + clusters);
      }
    }
    NDArray methodConfidence = confidences.get(method.confidence().ordinal());
    NDManager manager = methodConfidence.getManager();
    Map<String, CompactCounts> counts = new LinkedHashMap<>();
    Clustered grid =
        new Clustered(assignments, clusters, gridHeight, gridWidth, confidences, width, height);
    ClusterFlags flags =
        devicePath || manager.getDevice().isGpu() || !allFloat32(confidences)
            ? countOnDevice(grid, label, times, counts)
            : countInJvm(grid, label, times, counts);
    long t1 = System.nanoTime();
    Map<String, BinaryMetrics> perImage = new LinkedHashMap<>();
    for (Map.Entry<String, CompactCounts> e : counts.entrySet()) {
      perImage.put(e.getKey(), e.getValue().metrics());
    }
    times.add(StageTimes.COUNTING, System.nanoTime() - t1);
    ImageOutcome.ClusterLayout layout =
        new ImageOutcome.ClusterLayout(
            gridHeight, gridWidth, assignments, flags.statistics(), flags.flagged());
    return ImageOutcome.success(record, width, height, layout, counts, perImage, times);
  }

  /**
   * Score maps as tensors on the confidence maps' device, counted there (GPU, or maps not float32).
   */
  private ClusterFlags countOnDevice(
      Clustered grid, byte[] label, StageTimes times, Map<String, CompactCounts> counts) {
    long t0 = System.nanoTime();
    NDArray methodConfidence = grid.confidence(method.confidence());
    PixelCounter counter =
        new PixelCounter(
            label,
            metrics.positive(),
            metrics.voidValue(),
            methodConfidence.getManager().getDevice().isGpu());
    boolean float32 = allFloat32(grid.confidences());
    ScoreMode mode = method.scoreMode();
    NDArray pixelClusters =
        pixelClusters(
            methodConfidence.getManager(),
            grid.assignments(),
            grid.gridHeight(),
            grid.gridWidth(),
            grid.height(),
            grid.width());
    ClusterFlags flags = scorer.flag(pixelClusters, methodConfidence, grid.clusters());
    long t1 = System.nanoTime();
    times.add(StageTimes.SCORING, t1 - t0);
    if (float32 && ScoreModes.hasPixelPart(mode)) {
      // the float scores -confidence, flagged clusters' pixels raised by the fused offset: only
      // sorted float32 values come back
      NDArray raised = null;
      if (ScoreModes.hasClusterPart(mode)) {
        float[] flagged = new float[grid.clusters()];
        for (int c = 0; c < flagged.length; c++) {
          flagged[c] = flags.flagged()[c] ? 1 : 0;
        }
        raised =
            methodConfidence
                .getManager()
                .create(flagged)
                .take(methodConfidence.getManager(), pixelClusters)
                .gt(0.5f);
      }
      NDArray section = raised;
      counts.put(
          methodName(method),
          counted(
              methodName(method),
              () ->
                  counter.countKeys(
                      methodConfidence.neg(), section, ScoreModes.clusterPart(mode, 0, true))));
    } else {
      NDArray score = scorer.score(pixelClusters, methodConfidence, flags);
      counts.put(
          methodName(method),
          CompactCounts.of(counted(methodName(method), () -> counter.count(score))));
    }
    for (Confidence c : Confidence.values()) {
      NDArray negated = grid.confidence(c).neg();
      counts.put(
          c.key(),
          float32
              ? counted(c.key(), () -> counter.countKeys(negated, null, 0))
              : CompactCounts.of(counted(c.key(), () -> counter.count(negated))));
    }
    times.add(StageTimes.COUNTING, System.nanoTime() - t1);
    return flags;
  }

  /**
   * CPU path: each confidence map is copied into the JVM once; the grid cell of every pixel, the
   * cluster means and every table are computed there ({@link JvmTables}), with the same results as
   * on the device. Statistics other than the mean are computed by libtorch as on the device.
   */
  private ClusterFlags countInJvm(
      Clustered grid, byte[] label, StageTimes times, Map<String, CompactCounts> counts) {
    long t0 = System.nanoTime();
    NDArray methodConfidence = grid.confidence(method.confidence());
    JvmTables tables =
        new JvmTables(label, metrics.positive(), metrics.voidValue(), grid.width(), grid.height());
    JvmTables.CellIndex cells =
        JvmTables.CellIndex.of(grid.gridHeight(), grid.gridWidth(), grid.height(), grid.width());
    float[] confidence = methodConfidence.toFloatArray();
    ClusterFlags flags;
    if (method.statistic() == ClusterStatistic.MEAN) {
      flags =
          scorer.flagsOf(
              tables.clusterMeans(confidence, grid.assignments(), grid.clusters(), cells),
              methodConfidence);
    } else {
      NDArray pixelClusters =
          pixelClusters(
              methodConfidence.getManager(),
              grid.assignments(),
              grid.gridHeight(),
              grid.gridWidth(),
              grid.height(),
              grid.width());
      flags = scorer.flag(pixelClusters, methodConfidence, grid.clusters());
    }
    double[] parts =
        ScoreModes.clusterParts(method.scoreMode(), flags.statistics(), flags.flagged());
    long t1 = System.nanoTime();
    times.add(StageTimes.SCORING, t1 - t0);
    counts.put(
        methodName(method),
        counted(
            methodName(method),
            () -> tables.method(method.scoreMode(), confidence, grid.assignments(), parts, cells)));
    for (Confidence c : Confidence.values()) {
      float[] map = c == method.confidence() ? confidence : grid.confidence(c).toFloatArray();
      counts.put(c.key(), counted(c.key(), () -> tables.negated(map)));
    }
    times.add(StageTimes.COUNTING, System.nanoTime() - t1);
    return flags;
  }

  /**
   * The compact table of one configuration's score map on the CPU, counted in the JVM from the
   * confidence map as {@link #score} counts it ({@link JvmTables}): the same table as counting the
   * float64 map of {@link ClusterScorer#score}.
   *
   * @param flags the clusters' statistics and flags (from {@link ClusterScorer#flag})
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  public static CompactCounts jvmTable(
      MethodParams method,
      ClusterFlags flags,
      int[] assignments,
      int gridHeight,
      int gridWidth,
      float[] confidence,
      byte[] label,
      int positive,
      int voidValue,
      int width,
      int height) {
    JvmTables tables = new JvmTables(label, positive, voidValue, width, height);
    return tables.method(
        method.scoreMode(),
        confidence,
        assignments,
        ScoreModes.clusterParts(method.scoreMode(), flags.statistics(), flags.flagged()),
        JvmTables.CellIndex.of(gridHeight, gridWidth, height, width));
  }

  /** One image's cluster grid and confidence maps, as both counting paths take them. */
  private record Clustered(
      int[] assignments,
      int clusters,
      int gridHeight,
      int gridWidth,
      List<NDArray> confidences,
      int width,
      int height) {
    /** The map of one confidence function. */
    NDArray confidence(Confidence c) {
      return confidences.get(c.ordinal());
    }
  }

  private static boolean allFloat32(List<NDArray> maps) {
    for (NDArray m : maps) {
      if (m.getDataType() != DataType.FLOAT32) {
        return false;
      }
    }
    return true;
  }

  /** Runs a count, naming the score map in the message of a NaN score. */
  private static <T> T counted(String name, java.util.function.Supplier<T> count) {
    try {
      return count.get();
    } catch (IllegalArgumentException nan) {
      throw new IllegalArgumentException("method " + name + ": " + nan.getMessage(), nan);
    }
  }

  /**
   * The cluster of every pixel and the method's score map, {@code [H*W]} each, in the JVM.
   *
   * @param clusters cluster per pixel
   * @param score the method's score per pixel
   */
  public record PixelMaps(int[] clusters, double[] score) {}

  /**
   * The cluster of every pixel and the method's score map of an image from the clusters, statistics
   * and flags its run stored and its method confidence map {@code [H*W]}: the values of {@link
   * #pixelClusters} and of {@link ClusterScorer#score} on the same flags, without label-sized
   * tensors.
   */
  public static PixelMaps pixelMaps(
      MethodParams method,
      ImageOutcome.ClusterLayout layout,
      float[] confidence,
      int width,
      int height) {
    if (confidence.length != (long) width * height) {
      throw new IllegalArgumentException(
          confidence.length + " confidences for " + width + "x" + height);
    }
    int[] clusters = new int[confidence.length];
    double[] score = new double[confidence.length];
    JvmTables.pixelMaps(
        method.scoreMode(),
        confidence,
        layout.assignments(),
        ScoreModes.clusterParts(method.scoreMode(), layout.statistics(), layout.flagged()),
        JvmTables.CellIndex.of(layout.gridHeight(), layout.gridWidth(), height, width),
        clusters,
        score);
    return new PixelMaps(clusters, score);
  }
}
