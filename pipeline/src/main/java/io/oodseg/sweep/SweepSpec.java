package io.oodseg.sweep;

import com.typesafe.config.Config;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * A parsed sweep config (keys documented in {@code conf/sweep-defaults.conf}).
 *
 * @param id sweep name (its folder under the output root)
 * @param base the base run settings, rooted at {@code oodseg} (config file's block and overrides)
 * @param benchmarks benchmark config files layered over the base; empty = the base's benchmark
 * @param models model descriptors; empty = the base's
 * @param grid method parameter (e.g. {@code kmeans.k}) to its values, rendered as HOCON, in
 *     expansion order (first key varies slowest)
 * @param points explicit configurations, each parameter to a rendered HOCON value
 * @param exactTop configurations per benchmark and model also computed exactly
 * @param bins bins of the binned metrics
 * @param concurrency clustering groups in flight at once
 * @param stopAfterParts test switch: stop after this many parts (0 = never)
 * @param selectOn where the best configuration is selected ({@code sweep.select-on})
 */
public record SweepSpec(
    String id,
    Config base,
    List<File> benchmarks,
    List<String> models,
    Map<String, List<String>> grid,
    List<Map<String, String>> points,
    int exactTop,
    int bins,
    int concurrency,
    int stopAfterParts,
    SelectOn selectOn) {

  public SweepSpec {
    benchmarks = List.copyOf(benchmarks);
    models = List.copyOf(models);
    grid = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(grid));
    points = List.copyOf(points);
  }

  /** The same spec with another stop switch. */
  public SweepSpec withStopAfterParts(int parts) {
    return new SweepSpec(
        id, base, benchmarks, models, grid, points, exactTop, bins, concurrency, parts, selectOn);
  }
}
