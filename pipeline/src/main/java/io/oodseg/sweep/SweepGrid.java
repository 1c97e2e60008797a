package io.oodseg.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.oodseg.config.BenchmarkSpec;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands a sweep into its configurations: the cartesian product of the grid (first key slowest,
 * values in the listed order), then the explicit points, on every benchmark and model. Each
 * configuration is the effective run configuration of the base settings, the benchmark file, the
 * model and the point's parameters, so its key is the hash a single {@code run} with those settings
 * gets. Configurations with the same key are kept once.
 */
public final class SweepGrid {
  private SweepGrid() {}

  /** The grid's combinations followed by the explicit points, as parameter → HOCON value. */
  public static List<Map<String, String>> combinations(SweepSpec spec) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : spec.grid().entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String value : axis.getValue()) {
          Map<String, String> point = new LinkedHashMap<>(partial);
          point.put(axis.getKey(), value);
          next.add(point);
        }
      }
      out = next;
    }
    if (spec.grid().isEmpty() && !spec.points().isEmpty()) {
      out.clear();
    }
    out.addAll(spec.points());
    return out;
  }

  /**
   * Every configuration on every benchmark and model, benchmarks outermost, then models, then
   * combinations; duplicates (same key) dropped. With {@code sweep.select-on.benchmark} the
   * validation benchmark's configurations come first.
   *
   * @throws UsageException naming the combination when one is not a valid run configuration (e.g. a
   *     quantile τ outside [0, 1]), or when the validation benchmark is one the sweep reports on
   */
  public static List<RunConfig> expand(SweepSpec spec) {
    List<RunConfig> reported = expand(spec, reported(spec));
    File validation = spec.selectOn().benchmark();
    if (validation == null) {
      return reported;
    }
    List<RunConfig> selection = expand(spec, java.util.Collections.singletonList(validation));
    BenchmarkSpec chosen = selection.get(0).benchmark();
    if (reported.stream().anyMatch(c -> c.benchmark().equals(chosen))) {
      throw new UsageException(
          "sweep.select-on.benchmark = \""
              + validation
              + "\" is also a benchmark the sweep reports on; select on another benchmark");
    }
    List<RunConfig> all = new ArrayList<>(selection);
    all.addAll(reported);
    return all;
  }

  /**
   * Whether {@code config} runs on the validation benchmark ({@code sweep.select-on.benchmark})
   * rather than on a benchmark the sweep reports on.
   */
  static boolean onValidationBenchmark(SweepSpec spec, RunConfig config, List<RunConfig> all) {
    return spec.selectOn().mode() == SelectOn.Mode.BENCHMARK
        && config.benchmark().equals(all.get(0).benchmark());
  }

  private static List<File> reported(SweepSpec spec) {
    return spec.benchmarks().isEmpty()
        ? java.util.Collections.singletonList(null)
        : spec.benchmarks();
  }

  private static List<RunConfig> expand(SweepSpec spec, List<File> benchmarks) {
    List<String> models =
        spec.models().isEmpty() ? java.util.Collections.singletonList(null) : spec.models();
    List<Map<String, String>> combinations = combinations(spec);
    Set<String> seen = new LinkedHashSet<>();
    List<RunConfig> configs = new ArrayList<>();
    for (File benchmark : benchmarks) {
      Config layered = spec.base();
      if (benchmark != null) {
        try {
          layered = ConfigFactory.parseFile(benchmark).withFallback(layered);
        } catch (com.typesafe.config.ConfigException e) {
          throw new UsageException(
              "benchmark config " + benchmark + " is not valid HOCON: " + e.getMessage(), e);
        }
      }
      for (String model : models) {
        Config withModel =
            model == null
                ? layered
                : ConfigFactory.parseMap(Map.of(ConfigLoader.ROOT + ".model.descriptor", model))
                    .withFallback(layered);
        for (Map<String, String> combination : combinations) {
          RunConfig config = configure(withModel, combination, spec.id());
          if (seen.add(config.hash())) {
            configs.add(config);
          }
        }
      }
    }
    return configs;
  }

  private static RunConfig configure(Config base, Map<String, String> combination, String sweepId) {
    StringBuilder text = new StringBuilder();
    combination.forEach(
        (key, value) ->
            text.append(ConfigLoader.ROOT)
                .append('.')
                .append(key)
                .append(" = ")
                .append(value)
                .append('\n'));
    text.append(ConfigLoader.ROOT).append(".run-id = \"").append(sweepId).append("\"\n");
    try {
      return ConfigLoader.fromConfig(ConfigFactory.parseString(text.toString()).withFallback(base));
    } catch (UsageException e) {
      throw new UsageException("sweep configuration " + combination + ": " + e.getMessage(), e);
    }
  }
}
