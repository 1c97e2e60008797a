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
 * One image of a clustering group: K-Means once on the stored grid (the single run's
 * {@link DeviceKMeans}, on the task's GPU if Spark gave it one, else on the CPU), then per
 * confidence map one histogram of {@code -confidence} per cluster and positive/negative label,
 * per statistic the cluster statistics (the mean summed in the JVM in the same pass over the
 * pixels, the others by {@link ClusterScorer}; exact rows use {@code ClusterScorer} throughout, so
 * a binned row's flags can differ from its exact row's only by summation order), and per
 * configuration its flags; every configuration's binned counts are then sums
 * of those histograms, without touching a pixel again:
 * <ul>
 *   <li>{@code fused}: unflagged clusters' histograms in bins {@code [0, B)}, flagged ones in
 *       {@code [B, 2B)} (flagged pixels rank above all others, ties by {@code -confidence});
 *   <li>{@code pixel}: every histogram in {@code [0, B)};
 *   <li>{@code cluster}: each cluster's pixels in the bin of {@code -statistic};
 *   <li>{@code flag}: each cluster's pixels in bin 1 (flagged) or 0.
 * </ul>
 */
final class ImageBinner {
  private final BinTask task;
  private final BinnedCounts[] binning;

  ImageBinner(BinTask task) {
    this.task = task;
    this.binning = new BinnedCounts[task.scoreRanges().length];
    for (int i = 0; i < binning.length; i++) {
      binning[i] = new BinnedCounts(task.scoreRanges()[i][0], task.scoreRanges()[i][1], task.bins());
    }
  }

  /** Clusters and bins one image into {@code partial}; returns the grid's assignments. */
  GroupPartial.Assigned add(StoredImage image, GroupPartial partial) {
    SweepPlan.ClusterSetting s = task.setting();
    int f = task.featureIndex();
    int gh = image.gridHeights()[f];
    int gw = image.gridWidths()[f];
    try (NDManager m = io.oodseg.engine.Libtorch.newBaseManager(DeviceSelector.forCurrentTask().device())) {
      FeatureGrid grid = new FeatureGrid(gh, gw, s.features().norm());
      NDArray rows = grid.rowsOf(m.create(image.grids()[f], new Shape(image.dims()[f], (long) gh * gw)));
      DeviceKMeans.Result km = DeviceKMeans.of(s.kmeans()).fit(rows);
      NDArray pixelClusters = io.oodseg.score.ImageScorer.pixelClusters(m, km.assignments(), gh, gw,
          image.height(), image.width());
      int[] pixels = toInts(pixelClusters.toLongArray());
      Map<Integer, NDArray> confidences = new LinkedHashMap<>();
      Map<Integer, Histograms> histograms = new LinkedHashMap<>();
      Map<Integer, ConfidenceThresholds> thresholds = new LinkedHashMap<>();
      Map<String, double[]> statistics = new LinkedHashMap<>();
      for (int c = 0; c < task.methods().size(); c++) {
        int ci = task.confidenceIndex()[c];
        MethodParams method = task.methods().get(c);
        NDArray confidence = confidences.computeIfAbsent(ci, i -> m.create(image.confidences()[i]));
        Histograms h = histograms.computeIfAbsent(ci,
            i -> new Histograms(image.confidences()[i], pixels, image.label(), km.clusters(), binning[i]));
        double[] stats = statistics.computeIfAbsent(ci + "/" + method.statistic(),
            key -> method.statistic() == ClusterStatistic.MEAN ? h.means()
                : new ClusterScorer(method).statistics(pixelClusters, confidence, km.clusters()));
        double threshold = thresholds.computeIfAbsent(ci, i -> new ConfidenceThresholds(confidence))
            .of(method.thresholdMode(), method.thresholdValue());
        h.addTo(partial, c, method, stats, ClusterScorer.flags(stats, threshold), binning[ci]);
      }
      partial.images++;
      return new GroupPartial.Assigned(image.record().id(), km.assignments(), km.clusters(), gh, gw);
    }
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) values[i];
    }
    return out;
  }

  /** Per cluster, the binned {@code -confidence} of its positive and negative pixels and their totals. */
  private final class Histograms {
    final long[][] pos;
    final long[][] neg;
    final long[] totalPos;
    final long[] totalNeg;
    final double[] sums;
    final long[] pixelsPerCluster;

    Histograms(float[] confidence, int[] pixels, byte[] label, int clusters, BinnedCounts bins) {
      int b = bins.bins();
      pos = new long[clusters][b];
      neg = new long[clusters][b];
      totalPos = new long[clusters];
      totalNeg = new long[clusters];
      sums = new double[clusters];
      pixelsPerCluster = new long[clusters];
      for (int i = 0; i < pixels.length; i++) {
        sums[pixels[i]] += confidence[i];
        pixelsPerCluster[pixels[i]]++;
        int value = label[i] & 0xFF;
        if (value == task.voidValue()) {
          continue;
        }
        int bin = bins.binOf(-(double) confidence[i]);
        if (value == task.positive()) {
          pos[pixels[i]][bin]++;
          totalPos[pixels[i]]++;
        } else {
          neg[pixels[i]][bin]++;
          totalNeg[pixels[i]]++;
        }
      }
    }

    /** Mean confidence of each cluster's pixels, void included as in {@link ClusterScorer} (NaN if empty). */
    double[] means() {
      double[] means = new double[sums.length];
      for (int c = 0; c < means.length; c++) {
        means[c] = pixelsPerCluster[c] == 0 ? Double.NaN : sums[c] / pixelsPerCluster[c];
      }
      return means;
    }

    void addTo(GroupPartial partial, int config, MethodParams method, double[] stats, boolean[] flagged,
        BinnedCounts bins) {
      long[] p = partial.pos[config];
      long[] n = partial.neg[config];
      int b = bins.bins();
      for (int c = 0; c < pos.length; c++) {
        switch (method.scoreMode()) {
          case FUSED:
          case PIXEL:
            int offset = method.scoreMode() == io.oodseg.config.ScoreMode.FUSED && flagged[c] ? b : 0;
            for (int i = 0; i < b; i++) {
              p[offset + i] += pos[c][i];
              n[offset + i] += neg[c][i];
            }
            break;
          case CLUSTER:
            if (!Double.isNaN(stats[c])) {
              int bin = bins.binOf(-stats[c]);
              p[bin] += totalPos[c];
              n[bin] += totalNeg[c];
            }
            break;
          case FLAG:
          default:
            p[flagged[c] ? 1 : 0] += totalPos[c];
            n[flagged[c] ? 1 : 0] += totalNeg[c];
        }
      }
    }
  }
}
