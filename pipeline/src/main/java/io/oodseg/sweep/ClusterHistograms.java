package io.oodseg.sweep;

import io.oodseg.config.ScoreMode;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.ScoreModes;
import io.oodseg.udfs.metrics.BinnedCounts;

/**
 * One confidence map of one image, per cluster: the binned {@code -confidence} of its positive and
 * negative pixels, their totals, and the sum and number of its pixels (void included, for the
 * mean). {@link #addTo} turns them into a configuration's binned counts by {@link ScoreModes}, the
 * definition the exact scores use, without touching a pixel again.
 */
final class ClusterHistograms {
  private final long[][] pos;
  private final long[][] neg;
  private final long[] totalPos;
  private final long[] totalNeg;
  private final double[] sums;
  private final long[] pixelsPerCluster;

  /**
   * @param confidence confidence per pixel
   * @param pixels cluster per pixel
   * @param label label value per pixel (unsigned bytes)
   * @param clusters number of clusters
   * @param bins the bins of {@code -confidence}
   * @param positive label value of OoD pixels
   * @param voidValue label value of ignored pixels
   */
  ClusterHistograms(
      float[] confidence,
      int[] pixels,
      byte[] label,
      int clusters,
      BinnedCounts bins,
      int positive,
      int voidValue) {
    this(
        confidence, pixels, binCodes(confidence, label, bins, positive, voidValue), clusters, bins);
  }

  /**
   * @param confidence confidence per pixel
   * @param pixels cluster per pixel
   * @param codes every pixel's {@link #binCodes}
   * @param clusters number of clusters
   * @param bins the bins of {@code -confidence}
   */
  ClusterHistograms(
      float[] confidence, int[] pixels, int[] codes, int clusters, BinnedCounts bins) {
    int b = bins.bins();
    pos = new long[clusters][b];
    neg = new long[clusters][b];
    totalPos = new long[clusters];
    totalNeg = new long[clusters];
    sums = new double[clusters];
    pixelsPerCluster = new long[clusters];
    for (int i = 0; i < pixels.length; i++) {
      int c = pixels[i];
      sums[c] += confidence[i];
      pixelsPerCluster[c]++;
      int code = codes[i];
      if (code < 0) {
        continue;
      }
      if ((code & 1) != 0) {
        pos[c][code >>> 1]++;
        totalPos[c]++;
      } else {
        neg[c][code >>> 1]++;
        totalNeg[c]++;
      }
    }
  }

  /**
   * Per pixel, what does not depend on the clustering: -1 for a void pixel, else its bin of {@code
   * -confidence} times 2, plus 1 for a positive one. An image's codes serve every clustering of it.
   */
  static int[] binCodes(
      float[] confidence, byte[] label, BinnedCounts bins, int positive, int voidValue) {
    int[] codes = new int[confidence.length];
    for (int i = 0; i < codes.length; i++) {
      int value = label[i] & 0xFF;
      codes[i] =
          value == voidValue
              ? -1
              : 2 * bins.binOf(-(double) confidence[i]) + (value == positive ? 1 : 0);
    }
    return codes;
  }

  /**
   * Mean confidence of each cluster's pixels, void included as in {@link ClusterScorer} (NaN if
   * empty).
   */
  double[] means() {
    double[] means = new double[sums.length];
    for (int c = 0; c < means.length; c++) {
      means[c] = pixelsPerCluster[c] == 0 ? Double.NaN : sums[c] / pixelsPerCluster[c];
    }
    return means;
  }

  /**
   * Adds this map's pixels, scored by {@code mode}, to the {@code 2 * bins} counts {@code p}
   * (positives) and {@code n} (negatives).
   */
  void addTo(
      long[] p, long[] n, ScoreMode mode, double[] stats, boolean[] flagged, BinnedCounts bins) {
    int b = bins.bins();
    double[] parts = ScoreModes.clusterParts(mode, stats, flagged);
    boolean pixelPart = ScoreModes.hasPixelPart(mode);
    for (int c = 0; c < pos.length; c++) {
      int bin = ScoreModes.clusterBin(mode, parts[c], bins::binOf, b);
      if (pixelPart) {
        for (int i = 0; i < b; i++) {
          p[bin + i] += pos[c][i];
          n[bin + i] += neg[c][i];
        }
      } else {
        p[bin] += totalPos[c];
        n[bin] += totalNeg[c];
      }
    }
  }
}
