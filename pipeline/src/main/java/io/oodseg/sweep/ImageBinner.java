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
import io.oodseg.score.ImageScorer;
import io.oodseg.udfs.metrics.BinnedCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One image of the clustering groups of one feature setting: K-Means once per group on the stored
 * grid (the single run's {@link DeviceKMeans}, on the task's GPU if Spark gave it one, else on the
 * CPU; {@link DeviceKMeans#fitEach} shares the grid's rows and the k-means++ seedings between the
 * groups' k), then per group and confidence map one histogram of {@code -confidence} per cluster
 * and positive/negative label, per statistic the cluster statistics (the mean summed in the JVM in
 * the same pass over the pixels, in pixel order as the exact rows' CPU path sums it; the others as
 * {@link ClusterScorer} computes them), and per configuration its flags; every configuration's
 * binned counts are then sums of those histograms ({@link ClusterHistograms}), placed by the score
 * mode as {@link io.oodseg.score.ScoreModes} defines it for the exact scores too, without touching
 * a pixel again:
 *
 * <ul>
 *   <li>{@code fused}: unflagged clusters' histograms in bins {@code [0, B)}, flagged ones in
 *       {@code [B, 2B)} (flagged pixels rank above all others, ties by {@code -confidence});
 *   <li>{@code pixel}: every histogram in {@code [0, B)};
 *   <li>{@code cluster}: each cluster's pixels in the bin of {@code -statistic};
 *   <li>{@code flag}: each cluster's pixels in bin 1 (flagged) or 0.
 * </ul>
 *
 * <p>What does not depend on the clustering is done once per image for every group: each map's bin
 * and label class per pixel ({@link ClusterHistograms#binCodes}) and its thresholds. With an image
 * split ({@code sweep.select-on}) each image's counts go to its split's slots.
 */
final class ImageBinner {
  private final List<BinTask> tasks;
  private final BinnedCounts[] binning;

  /**
   * @param tasks the groups, all on the same grid (feature index and setting), bins and ranges
   */
  ImageBinner(List<BinTask> tasks) {
    BinTask first = tasks.get(0);
    for (BinTask t : tasks) {
      if (t.featureIndex() != first.featureIndex()
          || !t.setting().features().equals(first.setting().features())) {
        throw new IllegalArgumentException(
            "groups " + first.setting() + " and " + t.setting() + " cluster different grids");
      }
    }
    this.tasks = tasks;
    this.binning = new BinnedCounts[first.scoreRanges().length];
    for (int i = 0; i < binning.length; i++) {
      binning[i] =
          new BinnedCounts(first.scoreRanges()[i][0], first.scoreRanges()[i][1], first.bins());
    }
  }

  /** Clusters and bins one image into {@code partials} (one per task, in order). */
  void add(StoredImage image, List<GroupPartial> partials) {
    BinTask first = tasks.get(0);
    int f = first.featureIndex();
    int gh = image.gridHeights()[f];
    int gw = image.gridWidths()[f];
    try (NDManager m =
        io.oodseg.engine.Libtorch.newBaseManager(DeviceSelector.forCurrentTask().device())) {
      FeatureGrid grid = new FeatureGrid(gh, gw, first.setting().features().norm());
      NDArray rows =
          grid.rowsOf(m.create(image.grids()[f], new Shape(image.dims()[f], (long) gh * gw)));
      List<DeviceKMeans.Result> fits =
          DeviceKMeans.fitEach(rows, tasks.stream().map(t -> t.setting().kmeans()).toList());
      Map<Integer, NDArray> confidences = new HashMap<>();
      Map<Integer, int[]> codes = new HashMap<>();
      Map<Integer, ConfidenceThresholds> thresholds = new HashMap<>();
      for (int g = 0; g < tasks.size(); g++) {
        BinTask task = tasks.get(g);
        DeviceKMeans.Result km = fits.get(g);
        int[] pixels =
            ImageScorer.pixelClusterIndexes(
                km.assignments(), gh, gw, image.height(), image.width());
        Map<Integer, ClusterHistograms> histograms = new HashMap<>();
        Map<String, double[]> statistics = new HashMap<>();
        GroupPartial partial = partials.get(g);
        int split = task.splitOf(image.record().id());
        for (int c = 0; c < task.methods().size(); c++) {
          int ci = task.confidenceIndex()[c];
          MethodParams method = task.methods().get(c);
          NDArray confidence =
              confidences.computeIfAbsent(ci, i -> m.create(image.confidences()[i]));
          int[] binCodes =
              codes.computeIfAbsent(
                  ci,
                  i ->
                      ClusterHistograms.binCodes(
                          image.confidences()[i],
                          image.label(),
                          binning[i],
                          task.positive(),
                          task.voidValue()));
          ClusterHistograms h =
              histograms.computeIfAbsent(
                  ci,
                  i ->
                      new ClusterHistograms(
                          image.confidences()[i], pixels, binCodes, km.clusters(), binning[i]));
          double[] stats =
              statistics.computeIfAbsent(
                  ci + "/" + method.statistic(),
                  key ->
                      method.statistic() == ClusterStatistic.MEAN
                          ? h.means()
                          : ImageScorer.statisticsOnCpu(
                              method, confidence, image.confidences()[ci], pixels, km.clusters()));
          double threshold =
              thresholds
                  .computeIfAbsent(ci, i -> new ConfidenceThresholds(confidence))
                  .of(method.thresholdMode(), method.thresholdValue());
          h.addTo(
              partial.pos[partial.slot(split, c)],
              partial.neg[partial.slot(split, c)],
              method.scoreMode(),
              stats,
              ClusterScorer.flags(stats, threshold),
              binning[ci]);
        }
        partial.images[split]++;
        partial.assigned.add(
            new GroupPartial.Assigned(
                image.record().id(), km.assignments(), km.clusters(), gh, gw));
      }
    }
  }
}
