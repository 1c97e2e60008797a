package io.oodseg.sweep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.ClusterStatistic;
import io.oodseg.config.MethodParams;
import io.oodseg.infer.DeviceSelector;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.ConfidenceThresholds;
import io.oodseg.udfs.metrics.BinnedCounts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image of a clustering group: K-Means once on the stored grid (the single run's {@link
 * DeviceKMeans}, on the task's GPU if Spark gave it one, else on the CPU), then per confidence map
 * one histogram of {@code -confidence} per cluster and positive/negative label, per statistic the
 * cluster statistics (the mean summed in the JVM in the same pass over the pixels, the others by
 * {@link ClusterScorer}; exact rows use {@code ClusterScorer} throughout, so a binned row's flags
 * can differ from its exact row's only by summation order), and per configuration its flags; every
 * configuration's binned counts are then sums of those histograms ({@link ClusterHistograms}),
 * placed by the score mode as {@link io.oodseg.score.ScoreModes} defines it for the exact scores
 * too, without touching a pixel again:
 *
 * <ul>
 *   <li>{@code fused}: unflagged clusters' histograms in bins {@code [0, B)}, flagged ones in
 *       {@code [B, 2B)} (flagged pixels rank above all others, ties by {@code -confidence});
 *   <li>{@code pixel}: every histogram in {@code [0, B)};
 *   <li>{@code cluster}: each cluster's pixels in the bin of {@code -statistic};
 *   <li>{@code flag}: each cluster's pixels in bin 1 (flagged) or 0.
 * </ul>
 *
 * <p>With an image split ({@code sweep.select-on}) each image's counts go to its split's slots.
 */
final class ImageBinner {
  private final BinTask task;
  private final BinnedCounts[] binning;

  ImageBinner(BinTask task) {
    this.task = task;
    this.binning = new BinnedCounts[task.scoreRanges().length];
    for (int i = 0; i < binning.length; i++) {
      binning[i] =
          new BinnedCounts(task.scoreRanges()[i][0], task.scoreRanges()[i][1], task.bins());
    }
  }

  /** Clusters and bins one image into {@code partial}; returns the grid's assignments. */
  GroupPartial.Assigned add(StoredImage image, GroupPartial partial) {
    SweepPlan.ClusterSetting s = task.setting();
    int f = task.featureIndex();
    int gh = image.gridHeights()[f];
    int gw = image.gridWidths()[f];
    int split = task.splitOf(image.record().id());
    try (NDManager m =
        io.oodseg.engine.Libtorch.newBaseManager(DeviceSelector.forCurrentTask().device())) {
      FeatureGrid grid = new FeatureGrid(gh, gw, s.features().norm());
      NDArray rows =
          grid.rowsOf(m.create(image.grids()[f], new Shape(image.dims()[f], (long) gh * gw)));
      DeviceKMeans.Result km = DeviceKMeans.of(s.kmeans()).fit(rows);
      NDArray pixelClusters =
          io.oodseg.score.ImageScorer.pixelClusters(
              m, km.assignments(), gh, gw, image.height(), image.width());
      int[] pixels = toInts(pixelClusters.toLongArray());
      Map<Integer, NDArray> confidences = new LinkedHashMap<>();
      Map<Integer, ClusterHistograms> histograms = new LinkedHashMap<>();
      Map<Integer, ConfidenceThresholds> thresholds = new LinkedHashMap<>();
      Map<String, double[]> statistics = new LinkedHashMap<>();
      for (int c = 0; c < task.methods().size(); c++) {
        int ci = task.confidenceIndex()[c];
        MethodParams method = task.methods().get(c);
        NDArray confidence = confidences.computeIfAbsent(ci, i -> m.create(image.confidences()[i]));
        ClusterHistograms h =
            histograms.computeIfAbsent(
                ci,
                i ->
                    new ClusterHistograms(
                        image.confidences()[i],
                        pixels,
                        image.label(),
                        km.clusters(),
                        binning[i],
                        task.positive(),
                        task.voidValue()));
        double[] stats =
            statistics.computeIfAbsent(
                ci + "/" + method.statistic(),
                key ->
                    method.statistic() == ClusterStatistic.MEAN
                        ? h.means()
                        : new ClusterScorer(method)
                            .statistics(pixelClusters, confidence, km.clusters()));
        double threshold =
            thresholds
                .computeIfAbsent(ci, i -> new ConfidenceThresholds(confidence))
                .of(method.thresholdMode(), method.thresholdValue());
        int slot = partial.slot(split, c);
        h.addTo(
            partial.pos[slot],
            partial.neg[slot],
            method.scoreMode(),
            stats,
            ClusterScorer.flags(stats, threshold),
            binning[ci]);
      }
      partial.images[split]++;
      return new GroupPartial.Assigned(
          image.record().id(), km.assignments(), km.clusters(), gh, gw);
    }
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }
}
