package io.oodseg.score;

import io.oodseg.config.ScoreMode;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.Arrays;

/**
 * The CPU path's per-pixel work, in the JVM on maps copied out of libtorch once, without a
 * label-sized map of clusters or of float64 scores: the grid cell of every pixel by libtorch's
 * nearest-neighbour rule ({@link #nearestIndex}), the cluster means in the order libtorch's float64
 * product sums them ({@link #clusterMeans}), and each score map's table kept as the sorted float
 * keys of its pixels ({@link CompactCounts}): a baseline's score {@code -confidence} is a float;
 * the fused score {@code 2^20 - confidence} of a flagged cluster's pixel is its float key in the
 * raised section; the {@code cluster} and {@code flag} modes have a few distinct scores, counted
 * per cluster. Every table is the one that counting the float64 score map of {@link
 * ClusterScorer#score} gives.
 */
final class JvmTables {
  private final byte[] label;
  private final int positiveValue;
  private final int voidValue;
  private final int width;
  private final int height;
  private final int positives;
  private final int negatives;
  private final int[] scratch;

  /**
   * @param label label values {@code [H*W]} (unsigned bytes)
   */
  JvmTables(byte[] label, int positiveValue, int voidValue, int width, int height) {
    if (label.length != (long) width * height) {
      throw new IllegalArgumentException(
          "label of " + label.length + " values for " + width + "x" + height);
    }
    if (positiveValue == voidValue) {
      throw new IllegalArgumentException("positiveValue equals voidValue: " + positiveValue);
    }
    this.label = label;
    this.positiveValue = positiveValue;
    this.voidValue = voidValue;
    this.width = width;
    this.height = height;
    int p = 0;
    int n = 0;
    for (byte b : label) {
      int l = b & 0xFF;
      p += l == positiveValue ? 1 : 0;
      n += l != positiveValue && l != voidValue ? 1 : 0;
    }
    positives = p;
    negatives = n;
    scratch = new int[Math.max(p, n)];
  }

  /**
   * The source index of every output index of libtorch's nearest-neighbour resize ({@code
   * upsample_nearest}, no scale given) from {@code in} to {@code out} samples: the same index, or
   * half of it for a factor of 2, else {@code min(floor(i * (float) in / out), in - 1)} in float
   * arithmetic.
   */
  static int[] nearestIndex(int in, int out) {
    int[] index = new int[out];
    float scale = (float) in / out;
    for (int i = 0; i < out; i++) {
      index[i] =
          out == in
              ? i
              : out == 2 * in ? i >> 1 : Math.min((int) Math.floor((float) i * scale), in - 1);
    }
    return index;
  }

  /** The grid cell of every pixel of a label row, per label row and per label column. */
  record CellIndex(int[] rows, int[] columns, int gridWidth) {
    static CellIndex of(int gridHeight, int gridWidth, int height, int width) {
      return new CellIndex(
          nearestIndex(gridHeight, height), nearestIndex(gridWidth, width), gridWidth);
    }
  }

  /**
   * Mean confidence of every cluster over all its pixels (void ones too), NaN for a cluster without
   * pixels: the float64 sum in pixel order, as libtorch's product of the confidence row with the
   * one-hot cluster matrix ({@link ClusterScorer}) sums it, divided by the count.
   */
  double[] clusterMeans(float[] confidence, int[] assignments, int clusters, CellIndex cells) {
    double[] sums = new double[clusters];
    long[] counts = new long[clusters];
    int[] rowCells = new int[width];
    for (int y = 0; y < height; y++) {
      cellsOfRow(assignments, cells, y, rowCells);
      int at = y * width;
      for (int x = 0; x < width; x++) {
        int c = rowCells[x];
        sums[c] += confidence[at + x];
        counts[c]++;
      }
    }
    return means(sums, counts);
  }

  /** {@link #clusterMeans} from the cluster of every pixel {@code [H*W]}. */
  static double[] clusterMeans(float[] confidence, int[] pixelClusters, int clusters) {
    double[] sums = new double[clusters];
    long[] counts = new long[clusters];
    for (int i = 0; i < pixelClusters.length; i++) {
      sums[pixelClusters[i]] += confidence[i];
      counts[pixelClusters[i]]++;
    }
    return means(sums, counts);
  }

  private static double[] means(double[] sums, long[] counts) {
    for (int c = 0; c < sums.length; c++) {
      sums[c] = counts[c] == 0 ? Double.NaN : sums[c] / (double) counts[c];
    }
    return sums;
  }

  /**
   * The cluster of every pixel {@code [H*W]}: the values of libtorch's nearest-resized cluster map
   * ({@link ImageScorer#pixelClusters}).
   */
  static int[] pixelClusters(int[] assignments, CellIndex cells) {
    int width = cells.columns().length;
    int[] out = new int[cells.rows().length * width];
    int[] rowCells = new int[width];
    for (int y = 0; y < cells.rows().length; y++) {
      cellsOfRow(assignments, cells, y, rowCells);
      System.arraycopy(rowCells, 0, out, y * width, width);
    }
    return out;
  }

  /**
   * The cluster of every pixel into {@code clusters} and the score of {@code mode} into {@code
   * score} ({@code [H*W]} each): the values of libtorch's nearest-resized cluster map and of {@link
   * ClusterScorer#score}'s float64 map ({@link ScoreModes#score}).
   */
  static void pixelMaps(
      ScoreMode mode,
      float[] confidence,
      int[] assignments,
      double[] parts,
      CellIndex cells,
      int[] clusters,
      double[] score) {
    int width = cells.columns().length;
    int[] rowCells = new int[width];
    for (int y = 0; y < cells.rows().length; y++) {
      cellsOfRow(assignments, cells, y, rowCells);
      int at = y * width;
      for (int x = 0; x < width; x++) {
        int c = rowCells[x];
        clusters[at + x] = c;
        score[at + x] = ScoreModes.score(mode, parts[c], -(double) confidence[at + x]);
      }
    }
  }

  /** Writes the cluster of every pixel of label row {@code y} into {@code out}. */
  private static void cellsOfRow(int[] assignments, CellIndex cells, int y, int[] out) {
    int rowStart = cells.rows()[y] * cells.gridWidth();
    int[] columns = cells.columns();
    for (int x = 0; x < out.length; x++) {
      out[x] = assignments[rowStart + columns[x]];
    }
  }

  /**
   * The table of a baseline's score map {@code -confidence}.
   *
   * @throws IllegalArgumentException when a valid pixel's confidence is NaN
   */
  CompactCounts negated(float[] confidence) {
    checkLength(confidence);
    int[] pos = new int[positives];
    int[] neg = new int[negatives];
    int p = 0;
    int n = 0;
    for (int i = 0; i < confidence.length; i++) {
      int l = label[i] & 0xFF;
      if (l == voidValue) {
        continue;
      }
      float c = confidence[i];
      if (c != c) {
        throw nan(i);
      }
      int key = CompactCounts.key(-c);
      if (l == positiveValue) {
        pos[p++] = key;
      } else {
        neg[n++] = key;
      }
    }
    return CompactCounts.sortKeys(pos, p, neg, n, 0, scratch);
  }

  /**
   * The table of the method's score map, as {@link ClusterScorer#score} defines it.
   *
   * @param parts the cluster part of every cluster ({@link ScoreModes#clusterParts})
   * @throws IllegalArgumentException when a valid pixel's score is NaN
   */
  CompactCounts method(
      ScoreMode mode, float[] confidence, int[] assignments, double[] parts, CellIndex cells) {
    checkLength(confidence);
    if (!ScoreModes.hasPixelPart(mode)) {
      return CompactCounts.of(perCluster(assignments, parts, cells));
    }
    if (!ScoreModes.hasClusterPart(mode)) {
      return negated(confidence);
    }
    // fused: a cluster part of 0 leaves the float score -confidence (base section); the pixels of
    // a cluster with another part (FUSED_OFFSET) go into the raised section
    double offset = 0;
    boolean[] raised = new boolean[parts.length];
    for (int c = 0; c < parts.length; c++) {
      if (parts[c] != 0) {
        if (offset != 0 && parts[c] != offset) {
          throw new IllegalStateException("more than one raised cluster part");
        }
        offset = parts[c];
        raised[c] = true;
      }
    }
    int[] pos = new int[positives];
    int[] neg = new int[negatives];
    int pb = 0;
    int pr = positives;
    int nb = 0;
    int nr = negatives;
    int[] rowCells = new int[width];
    for (int y = 0; y < height; y++) {
      cellsOfRow(assignments, cells, y, rowCells);
      int at = y * width;
      for (int x = 0; x < width; x++) {
        int i = at + x;
        int l = label[i] & 0xFF;
        if (l == voidValue) {
          continue;
        }
        float c = confidence[i];
        if (c != c) {
          throw nan(i);
        }
        int key = CompactCounts.key(-c);
        boolean up = raised[rowCells[x]];
        if (l == positiveValue) {
          pos[up ? --pr : pb++] = key;
        } else {
          neg[up ? --nr : nb++] = key;
        }
      }
    }
    return CompactCounts.sortKeys(pos, pb, neg, nb, offset, scratch);
  }

  /**
   * The table of a score map whose pixels score their cluster's part alone: pixels counted per
   * cluster, clusters of equal parts counted together.
   */
  private ScoreCounts perCluster(int[] assignments, double[] parts, CellIndex cells) {
    int k = parts.length;
    long[] p = new long[k];
    long[] q = new long[k];
    int[] rowCells = new int[width];
    for (int y = 0; y < height; y++) {
      cellsOfRow(assignments, cells, y, rowCells);
      int at = y * width;
      for (int x = 0; x < width; x++) {
        int l = label[at + x] & 0xFF;
        if (l == voidValue) {
          continue;
        }
        if (l == positiveValue) {
          p[rowCells[x]]++;
        } else {
          q[rowCells[x]]++;
        }
      }
    }
    double[] folded = new double[k];
    Integer[] order = new Integer[k];
    for (int c = 0; c < k; c++) {
      folded[c] = parts[c] + 0.0; // folds -0.0 into 0.0
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> Double.compare(folded[b], folded[a]));
    double[] scores = new double[k];
    long[] ps = new long[k];
    long[] qs = new long[k];
    int n = 0;
    for (int c : order) {
      if (p[c] == 0 && q[c] == 0) {
        continue;
      }
      if (Double.isNaN(folded[c])) {
        throw new IllegalArgumentException("NaN score of cluster " + c);
      }
      if (n > 0 && scores[n - 1] == folded[c]) {
        ps[n - 1] += p[c];
        qs[n - 1] += q[c];
      } else {
        scores[n] = folded[c];
        ps[n] = p[c];
        qs[n++] = q[c];
      }
    }
    return ScoreCounts.fromSortedDescending(
        Arrays.copyOf(scores, n), Arrays.copyOf(ps, n), Arrays.copyOf(qs, n));
  }

  private void checkLength(float[] map) {
    if (map.length != label.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + map.length + " vs " + label.length);
    }
  }

  private static IllegalArgumentException nan(int pixel) {
    return new IllegalArgumentException("NaN score at pixel index " + pixel);
  }
}
