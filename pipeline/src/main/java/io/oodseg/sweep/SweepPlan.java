package io.oodseg.sweep;

import io.oodseg.config.Confidence;
import io.oodseg.config.FeatureNorm;
import io.oodseg.config.KMeansParams;
import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.config.UpsamplingParams;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a sweep's configurations share work: one {@link Source} per (benchmark, model), whose
 * inference runs once and stores every feature setting and confidence map its configurations need;
 * within it one {@link Group} per clustering setting (features, K, k-means settings), whose
 * clustering runs once and feeds every confidence, statistic, threshold and score mode.
 */
public final class SweepPlan {
  /** Which feature outputs are clustered, on which grid, upsampled and normalised how. */
  public record FeatureSetting(
      List<String> levels, int gridStride, FeatureNorm norm, UpsamplingParams upsampling)
      implements Serializable {
    static FeatureSetting of(MethodParams m) {
      return new FeatureSetting(m.levels(), m.gridStride(), m.norm(), m.upsampling());
    }
  }

  /**
   * Everything clustering depends on besides the source. The K-Means settings stay flat components:
   * the record's text is hashed into the group key (the {@code _parts} folders a resumed sweep
   * finds again and the {@code group_key} column).
   */
  public record ClusterSetting(FeatureSetting features, int k, int maxIter, double tol, long seed)
      implements Serializable {
    static ClusterSetting of(MethodParams m) {
      return new ClusterSetting(FeatureSetting.of(m), m.k(), m.maxIter(), m.tol(), m.seed());
    }

    /** The K-Means settings of the group. */
    public KMeansParams kmeans() {
      return new KMeansParams(k, maxIter, tol, seed);
    }
  }

  /**
   * The configurations of one clustering: key, setting, index of its features in the store,
   * configs.
   */
  public record Group(
      String key, ClusterSetting setting, int featureIndex, List<RunConfig> configs) {}

  /**
   * One (benchmark, model): its key (benchmark, model and inference settings), the store's key (the
   * source plus what is stored), a sample configuration for inference, the stored feature settings
   * and confidences, and the clustering groups.
   */
  public record Source(
      String key,
      String storeKey,
      RunConfig sample,
      List<FeatureSetting> features,
      List<Confidence> confidences,
      List<Group> groups) {}

  private final List<Source> sources;

  private SweepPlan(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /** Plans the expanded configurations (in their order). */
  public static SweepPlan of(List<RunConfig> configs) {
    Map<String, List<RunConfig>> bySource = new LinkedHashMap<>();
    for (RunConfig c : configs) {
      bySource.computeIfAbsent(sourceKey(c), k -> new ArrayList<>()).add(c);
    }
    List<Source> sources = new ArrayList<>();
    bySource.forEach((key, list) -> sources.add(source(key, list)));
    return new SweepPlan(sources);
  }

  private static Source source(String key, List<RunConfig> configs) {
    List<FeatureSetting> features = new ArrayList<>();
    TreeSet<Confidence> confidences = new TreeSet<>();
    Map<ClusterSetting, List<RunConfig>> byCluster = new LinkedHashMap<>();
    for (RunConfig c : configs) {
      FeatureSetting f = FeatureSetting.of(c.method());
      if (!features.contains(f)) {
        features.add(f);
      }
      confidences.add(c.method().confidence());
      byCluster.computeIfAbsent(ClusterSetting.of(c.method()), s -> new ArrayList<>()).add(c);
    }
    List<Group> groups = new ArrayList<>();
    byCluster.forEach(
        (setting, list) ->
            groups.add(
                new Group(
                    sha16(key, setting.toString()),
                    setting,
                    features.indexOf(setting.features()),
                    List.copyOf(list))));
    String storeKey = sha16(key, features.toString(), confidences.toString());
    return new Source(key, storeKey, configs.get(0), features, List.copyOf(confidences), groups);
  }

  /**
   * Benchmark, model and inference settings: what the stored tensors depend on (not the output
   * root: a generated benchmark is the same wherever it is written).
   */
  static String sourceKey(RunConfig c) {
    return sha16(c.benchmark().toString(), c.modelDescriptor(), c.inference().toString());
  }

  public List<Source> sources() {
    return sources;
  }

  /** First 16 hex digits of the SHA-256 of the parts, joined by newlines. */
  static String sha16(String... parts) {
    return sha64(parts).substring(0, 16);
  }

  /** The SHA-256 of the parts, joined by newlines, as 64 lowercase hex digits. */
  static String sha64(String... parts) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
