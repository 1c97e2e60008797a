package io.oodseg.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * K-Means on the rows' own device with NDArray operations: k-means++ seeding from a fixed seed,
 * then Lloyd iterations until no centroid moves more than {@code tol} times the mean feature
 * variance (scikit-learn's rule) or {@code maxIter} is reached. An emptied cluster keeps its
 * centroid. Deterministic for a given device and input.
 */
public final class DeviceKMeans {
  private final int k;
  private final int maxIter;
  private final double tol;
  private final long seed;

  /**
   * @param k clusters (at least 2; clamped to the number of rows)
   * @param maxIter Lloyd iterations at most
   * @param tol relative tolerance on centroid movement
   * @param seed seed of the k-means++ draws
   */
  public DeviceKMeans(int k, int maxIter, double tol, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("kmeans.k must be at least 2, got " + k);
    }
    this.k = k;
    this.maxIter = maxIter;
    this.tol = tol;
    this.seed = seed;
  }

  /** Result: cluster index per row, the number of clusters used, and Lloyd iterations run. */
  public record Result(int[] assignments, int clusters, int iterations) {}

  /** Clusters rows {@code [N, D]} (float32). */
  public Result fit(NDArray rows) {
    long n = rows.getShape().get(0);
    int clusters = (int) Math.min(k, n);
    NDArray squaredNorms = rows.square().sum(new int[] {1}, true);
    NDArray centers = seedCenters(rows, squaredNorms, clusters);
    double threshold = tol * rows.sub(rows.mean(new int[] {0}, true)).square().mean().getFloat();
    int iterations = 0;
    NDArray assignments = assign(rows, squaredNorms, centers);
    while (iterations < maxIter) {
      iterations++;
      NDArray oneHot = assignments.oneHot(clusters, 1f, 0f, DataType.FLOAT32);
      NDArray counts = oneHot.sum(new int[] {0}).expandDims(1);
      NDArray sums = oneHot.transpose().matMul(rows);
      NDArray moved = NDArrays.where(counts.gt(0), sums.div(counts.maximum(1f)), centers);
      double shift = moved.sub(centers).square().sum(new int[] {1}).max().getFloat();
      centers = moved;
      assignments = assign(rows, squaredNorms, centers);
      if (shift <= threshold) {
        break;
      }
    }
    long[] labels = assignments.toLongArray();
    int[] out = new int[labels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) labels[i];
    }
    return new Result(out, clusters, iterations);
  }

  private static NDArray assign(NDArray rows, NDArray squaredNorms, NDArray centers) {
    NDArray centerNorms = centers.square().sum(new int[] {1}).expandDims(0);
    NDArray distances = squaredNorms.sub(rows.matMul(centers.transpose()).mul(2)).add(centerNorms);
    return distances.argMin(1);
  }

  /** Classic k-means++: first centre uniform, each next one drawn with probability ∝ D². */
  private NDArray seedCenters(NDArray rows, NDArray squaredNorms, int clusters) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = (int) rows.getShape().get(0);
    int[] chosen = new int[clusters];
    chosen[0] = random.nextInt(n);
    NDArray minDistance = null;
    for (int c = 1; c < clusters; c++) {
      NDArray last = rows.get(chosen[c - 1]).expandDims(0);
      NDArray d = squaredNorms.squeeze(1).sub(rows.matMul(last.transpose()).squeeze(1).mul(2)).add(last.square().sum());
      d = d.maximum(0f);
      minDistance = minDistance == null ? d : minDistance.minimum(d);
      chosen[c] = draw(minDistance.toFloatArray(), random);
    }
    NDArray[] picked = new NDArray[clusters];
    for (int c = 0; c < clusters; c++) {
      picked[c] = rows.get(chosen[c]);
    }
    return NDArrays.stack(new ai.djl.ndarray.NDList(picked));
  }

  private static int draw(float[] weights, SplittableRandom random) {
    double total = 0;
    for (float w : weights) {
      total += w;
    }
    if (total <= 0) {
      return random.nextInt(weights.length);
    }
    double target = random.nextDouble() * total;
    double cumulative = 0;
    for (int i = 0; i < weights.length; i++) {
      cumulative += weights[i];
      if (cumulative > target) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
