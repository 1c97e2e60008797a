package io.oodseg.score;

import io.oodseg.config.ScoreMode;
import java.util.function.DoubleToIntFunction;

/**
 * The four score modes, defined once for the exact per-pixel scores ({@link ClusterScorer#score})
 * and for the sweep's binned counts. A pixel's score is made of a <em>cluster part</em>, from its
 * cluster's statistic and flag, and, in the modes that rank the pixels of a cluster by confidence,
 * the <em>pixel part</em> {@code -confidence}:
 *
 * <ul>
 *   <li>{@code fused}: {@link #FUSED_OFFSET} for a flagged cluster, else 0, plus {@code
 *       -confidence} (flagged pixels rank above all others, ties by {@code -confidence});
 *   <li>{@code cluster}: {@code -statistic} of the cluster (0 for a cluster without pixels);
 *   <li>{@code flag}: 1 for a flagged cluster, else 0;
 *   <li>{@code pixel}: {@code -confidence} alone (no cluster part).
 * </ul>
 *
 * <p>The binned path keeps the same order with bins instead of scores ({@link #clusterBin}): in the
 * modes with a pixel part a cluster's histogram of {@code -confidence} is shifted by its cluster
 * bin, in the others all of a cluster's pixels go into its cluster bin.
 */
public final class ScoreModes {
  /** Offset that puts every flagged pixel above every unflagged one in the fused score. */
  public static final double FUSED_OFFSET = 1 << 20;

  private ScoreModes() {}

  /** Whether the mode's score has a cluster part (every mode but {@code pixel}). */
  public static boolean hasClusterPart(ScoreMode mode) {
    return mode != ScoreMode.PIXEL;
  }

  /**
   * Whether the mode's score adds the pixel part {@code -confidence} ({@code fused} and {@code
   * pixel}).
   */
  public static boolean hasPixelPart(ScoreMode mode) {
    return mode == ScoreMode.FUSED || mode == ScoreMode.PIXEL;
  }

  /**
   * The cluster part of each cluster's score (all 0 for {@code pixel}).
   *
   * @param statistics confidence statistic of each cluster (NaN for a cluster without pixels)
   * @param flagged whether each cluster is flagged OoD
   */
  public static double[] clusterParts(ScoreMode mode, double[] statistics, boolean[] flagged) {
    double[] parts = new double[statistics.length];
    for (int c = 0; c < parts.length; c++) {
      parts[c] = clusterPart(mode, statistics[c], flagged[c]);
    }
    return parts;
  }

  /** The cluster part of the score of one cluster's pixels. */
  public static double clusterPart(ScoreMode mode, double statistic, boolean flagged) {
    switch (mode) {
      case CLUSTER:
        return Double.isNaN(statistic) ? 0 : -statistic;
      case FLAG:
        return flagged ? 1 : 0;
      case PIXEL:
        return 0;
      case FUSED:
      default:
        return flagged ? FUSED_OFFSET : 0;
    }
  }

  /**
   * The score of one pixel from its cluster part and {@code -confidence}, as {@link
   * ClusterScorer#score} computes it for a whole map.
   */
  public static double score(ScoreMode mode, double clusterPart, double negConfidence) {
    if (!hasPixelPart(mode)) {
      return clusterPart;
    }
    return hasClusterPart(mode) ? clusterPart + negConfidence : negConfidence;
  }

  /**
   * The binned counterpart of a cluster part, for counts of {@code 2 * bins} bins: in the modes
   * with a pixel part, the offset of the cluster's {@code -confidence} histogram (0, or {@code
   * bins} for a flagged cluster in {@code fused}); otherwise the bin of all the cluster's pixels
   * ({@code cluster}: the bin of {@code -statistic}; {@code flag}: 1 or 0).
   *
   * @param binOf the bin of a score in {@code [0, bins)}
   */
  public static int clusterBin(
      ScoreMode mode, double clusterPart, DoubleToIntFunction binOf, int bins) {
    switch (mode) {
      case CLUSTER:
        return binOf.applyAsInt(clusterPart);
      case FLAG:
        return (int) clusterPart;
      case PIXEL:
        return 0;
      case FUSED:
      default:
        return clusterPart >= FUSED_OFFSET ? bins : 0;
    }
  }
}
