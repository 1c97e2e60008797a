package io.oodseg.config;

import java.io.Serializable;

/**
 * The K-Means settings of a method ({@code kmeans.*}), the same for both clustering engines and for
 * a sweep's clustering groups.
 *
 * @param k clusters per image (at least 2); an image with fewer grid cells gets {@link #effectiveK}
 * @param maxIter Lloyd iterations at most
 * @param tol stop when no centroid moves more than this times the mean feature variance
 * @param seed seed of the k-means++ draws
 */
public record KMeansParams(int k, int maxIter, double tol, long seed) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Refuses {@code k < 2}. */
  public KMeansParams {
    if (k < 2) {
      throw new IllegalArgumentException("kmeans.k must be at least 2, got " + k);
    }
  }

  /**
   * The clusters of an image with {@code cells} grid cells: {@code k}, or fewer when there are
   * fewer cells.
   */
  public int effectiveK(long cells) {
    return (int) Math.min(k, cells);
  }
}
