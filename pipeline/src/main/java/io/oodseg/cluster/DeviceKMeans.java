package io.oodseg.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.oodseg.config.KMeansParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * K-Means on the rows' own device with libtorch: k-means++ seeding from a fixed seed (NDArray
 * operations, the draws in the JVM), then Lloyd iterations in one libtorch call ({@link
 * LloydScript}) until no centroid moves more than {@code tol} times the mean feature variance
 * (scikit-learn's rule) or {@code maxIter} is reached. An emptied cluster keeps its centroid.
 * Deterministic for a given device and input. Each iteration's temporaries are freed when it ends,
 * so a fine grid (up to one row per label pixel) costs its rows plus a few {@code [N, k]} arrays.
 */
public final class DeviceKMeans {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceKMeans.class);
  private static volatile boolean warnedClamp;
  private final KMeansParams params;

  private DeviceKMeans(KMeansParams params) {
    this.params = params;
  }

  /**
   * K-Means with these settings ({@code k} is clamped to the rows by {@link
   * KMeansParams#effectiveK}).
   */
  public static DeviceKMeans of(KMeansParams params) {
    return new DeviceKMeans(params);
  }

  /** Result: cluster index per row, the number of clusters used, and Lloyd iterations run. */
  public record Result(int[] assignments, int clusters, int iterations) {}

  /**
   * The starting point of Lloyd's iterations: k-means++ seeds {@code [min(k, N), D]} and the
   * stopping threshold on the largest squared centroid shift.
   *
   * @param centers the seeds
   * @param threshold {@code tol} times the rows' mean per-feature variance
   */
  public record Start(NDArray centers, double threshold) {}

  /** Seeds and threshold for rows {@code [N, D]}; the same for both clustering engines. */
  public Start start(NDArray rows) {
    int clusters = clusters(rows.getShape().get(0));
    try (NDScope scope = new NDScope()) {
      NDArray centers =
          centers(rows, seedIndexes(rows, rows.square().sum(new int[] {1}, true), clusters));
      double threshold = params.tol() * meanVariance(rows);
      NDScope.unregister(centers);
      return new Start(centers, threshold);
    }
  }

  /** Clusters rows {@code [N, D]} (float32). */
  public Result fit(NDArray rows) {
    return lloyd(rows, start(rows));
  }

  /**
   * Clusters rows {@code [N, D]} (float32) once per setting; each result is the one {@link #fit}
   * gives that setting alone. The k-means++ seeding is shared: settings with the same seed whose k
   * draw the same number of candidates per centre ({@code 2 + ln k}, so k = 8 to 20 alike) take the
   * first k seeds of one seeding for the largest of them, since a seeding's first k centres do not
   * depend on how many follow.
   *
   * @param settings the settings, in the order of the results
   */
  public static List<Result> fitEach(NDArray rows, List<KMeansParams> settings) {
    long n = rows.getShape().get(0);
    List<DeviceKMeans> fits = settings.stream().map(DeviceKMeans::of).toList();
    int[] clusters = fits.stream().mapToInt(f -> f.clusters(n)).toArray();
    Map<List<Long>, Integer> longest = new HashMap<>();
    for (int i = 0; i < clusters.length; i++) {
      longest.merge(seedingKey(settings.get(i), clusters[i]), clusters[i], Math::max);
    }
    Map<List<Long>, int[]> seedings = new HashMap<>();
    float variance;
    try (NDScope scope = new NDScope()) {
      NDArray norms = rows.square().sum(new int[] {1}, true);
      variance = meanVariance(rows);
      for (int i = 0; i < clusters.length; i++) {
        DeviceKMeans fit = fits.get(i);
        seedings.computeIfAbsent(
            seedingKey(settings.get(i), clusters[i]),
            k -> fit.seedIndexes(rows, norms, longest.get(k)));
      }
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < clusters.length; i++) {
      int[] seeds = seedings.get(seedingKey(settings.get(i), clusters[i]));
      NDArray centers = centers(rows, Arrays.copyOf(seeds, clusters[i]));
      results.add(fits.get(i).lloyd(rows, new Start(centers, settings.get(i).tol() * variance)));
    }
    return results;
  }

  /** Lloyd's iterations from {@code start} ({@link LloydScript}); frees its centres. */
  private Result lloyd(NDArray rows, Start start) {
    try (NDArray centers = start.centers()) {
      LloydScript.Outcome outcome =
          LloydScript.run(rows, centers, start.threshold(), params.maxIter());
      return new Result(
          outcome.assignments(), (int) centers.getShape().get(0), outcome.iterations());
    }
  }

  /** The clusters used for {@code n} rows: k clamped to the rows (warned once per JVM). */
  private int clusters(long n) {
    int clusters = params.effectiveK(n);
    if (clusters < params.k() && !warnedClamp) {
      warnedClamp = true;
      LOG.warn(
          "kmeans.k = {} exceeds the {} grid cells of an image; using k = {} (warned once per JVM)",
          params.k(),
          n,
          clusters);
    }
    return clusters;
  }

  /** Settings whose seedings share their first centres: the same seed and candidates per centre. */
  private static List<Long> seedingKey(KMeansParams params, int clusters) {
    return List.of(params.seed(), (long) trials(clusters));
  }

  /** Candidates drawn per k-means++ centre, as scikit-learn: {@code 2 + ln k}. */
  private static int trials(int clusters) {
    return 2 + (int) Math.log(clusters);
  }

  /** The rows' mean per-feature variance. */
  private static float meanVariance(NDArray rows) {
    return rows.sub(rows.mean(new int[] {0}, true)).square().mean().getFloat();
  }

  private static NDArray centers(NDArray rows, int[] indexes) {
    return rows.get(rows.getManager().create(indexes));
  }

  /**
   * Greedy k-means++ (as scikit-learn): the first centre uniform; each next one the best, by the
   * resulting sum of squared distances, of {@code 2 + ln k} candidates drawn with probability
   * proportional to D². Returns the rows chosen, in order.
   */
  private int[] seedIndexes(NDArray rows, NDArray squaredNorms, int clusters) {
    SplittableRandom random = new SplittableRandom(params.seed());
    int n = (int) rows.getShape().get(0);
    int trials = trials(clusters);
    int[] chosen = new int[clusters];
    chosen[0] = random.nextInt(n);
    NDArray minDistance = distances(rows, squaredNorms, new int[] {chosen[0]}).squeeze(1);
    for (int c = 1; c < clusters; c++) {
      float[] weights = minDistance.toFloatArray();
      int[] candidates = new int[trials];
      for (int t = 0; t < trials; t++) {
        candidates[t] = draw(weights, random);
      }
      try (NDScope scope = new NDScope()) {
        NDArray reduced =
            distances(rows, squaredNorms, candidates).minimum(minDistance.expandDims(1));
        float[] potential = reduced.sum(new int[] {0}).toFloatArray();
        int best = 0;
        for (int t = 1; t < trials; t++) {
          if (potential[t] < potential[best]) {
            best = t;
          }
        }
        chosen[c] = candidates[best];
        NDArray next = reduced.get(":, " + best);
        NDScope.unregister(next);
        minDistance.close();
        minDistance = next;
      }
    }
    minDistance.close();
    return chosen;
  }

  /** Squared distances {@code [N, m]} of every row to the rows {@code indexes}. */
  private static NDArray distances(NDArray rows, NDArray squaredNorms, int[] indexes) {
    NDArray picked = rows.get(rows.getManager().create(indexes));
    NDArray d =
        squaredNorms
            .sub(rows.matMul(picked.transpose()).mul(2))
            .add(picked.square().sum(new int[] {1}).expandDims(0));
    return d.maximum(0f);
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
