package io.oodseg.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.UsageException;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep config: the {@code oodseg} block (base run settings, validated as a run's config)
 * and the {@code sweep} block over {@code conf/sweep-defaults.conf}. Unknown keys, grid keys that
 * are not method parameters and empty value lists are refused with a message naming the key.
 */
public final class SweepConfigLoader {
  /** Method parameters a sweep may vary (docs/design.md §4), in expansion order. */
  public static final List<String> PARAMETERS =
      List.of(
          "features.levels",
          "features.grid",
          "features.normalize",
          "features.upsample",
          "kmeans.k",
          "kmeans.max-iter",
          "kmeans.tol",
          "kmeans.seed",
          "confidence",
          "cluster.statistic",
          "threshold.mode",
          "threshold.value",
          "score.mode");

  private static final String DEFAULTS = "conf/sweep-defaults.conf";
  private static final String ROOT = "sweep";
  private static final String SELECT_ON = "select-on";

  private SweepConfigLoader() {}

  /**
   * Loads a sweep.
   *
   * @param file the sweep config
   * @param overrides {@code key=value} over the base run settings (as {@code run --set})
   * @param id sweep id overriding the file's, or null
   */
  public static SweepSpec load(File file, List<String> overrides, String id) {
    if (!file.isFile()) {
      throw new UsageException("sweep config " + file + " does not exist");
    }
    Config parsed;
    try {
      parsed = ConfigFactory.parseFile(file);
    } catch (com.typesafe.config.ConfigException e) {
      throw new UsageException(
          "sweep config " + file + " is not valid HOCON: " + e.getMessage(), e);
    }
    for (String key : parsed.root().keySet()) {
      if (!key.equals(ROOT) && !key.equals(ConfigLoader.ROOT)) {
        throw new UsageException(
            "sweep config "
                + file
                + ": unknown top-level key \""
                + key
                + "\" (a sweep config holds an \"oodseg\" block and a \"sweep\" block)");
      }
    }
    Config base = parsed.withOnlyPath(ConfigLoader.ROOT);
    if (!parsed.hasPath(ConfigLoader.ROOT)) {
      base = ConfigFactory.empty();
    }
    base = ConfigLoader.overlay(base, overrides);
    ConfigLoader.fromConfig(base); // the base alone must be a valid run config
    Config sweep = parsed.hasPath(ROOT) ? parsed.getConfig(ROOT) : ConfigFactory.empty();
    return build(file, base, sweep, id);
  }

  private static SweepSpec build(File file, Config base, Config sweep, String id) {
    Config defaults =
        ConfigFactory.parseResources(SweepConfigLoader.class.getClassLoader(), DEFAULTS);
    if (defaults.isEmpty()) {
      throw new UsageException(
          "the bundled sweep defaults " + DEFAULTS + " are missing from the classpath");
    }
    defaults = defaults.getConfig(ROOT);
    for (String key : sweep.root().keySet()) {
      if (!defaults.root().containsKey(key)) {
        throw new UsageException(
            "unknown sweep key sweep."
                + key
                + " in "
                + file
                + " (see conf/sweep-defaults.conf for every key)");
      }
    }
    if (sweep.hasPath(SELECT_ON) && sweep.getValue(SELECT_ON) instanceof ConfigObject block) {
      for (String key : block.keySet()) {
        if (!defaults.getObject(SELECT_ON).containsKey(key)) {
          throw new UsageException(
              "unknown sweep key sweep."
                  + SELECT_ON
                  + "."
                  + key
                  + " in "
                  + file
                  + " (allowed: "
                  + defaults.getObject(SELECT_ON).keySet()
                  + ")");
        }
      }
    }
    Config c = sweep.withFallback(defaults);
    String name = id != null ? id : get(c, "id", () -> c.getString("id"));
    if (name.isEmpty()) {
      name = file.getName().replaceFirst("\\.conf$", "");
    }
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new UsageException(
          "sweep.id = \"" + name + "\" may hold only letters, digits, '.', '_' and '-'");
    }
    List<File> benchmarks = new ArrayList<>();
    for (String path : get(c, "benchmarks", () -> c.getStringList("benchmarks"))) {
      File benchmark = new File(path);
      if (!benchmark.isFile()) {
        throw new UsageException("sweep.benchmarks: benchmark config " + path + " does not exist");
      }
      benchmarks.add(benchmark);
    }
    List<String> models = get(c, "models", () -> c.getStringList("models"));
    Map<String, List<String>> grid = grid(get(c, "grid", () -> c.getConfig("grid")));
    List<Map<String, String>> points = new ArrayList<>();
    List<? extends ConfigObject> objects = get(c, "points", () -> c.getObjectList("points"));
    for (int i = 0; i < objects.size(); i++) {
      Map<String, String> point = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> e : objects.get(i).toConfig().entrySet()) {
        point.put(parameter(e.getKey(), "sweep.points[" + i + "]"), render(e.getValue()));
      }
      points.add(point);
    }
    int exactTop = atLeast(c, "exact-top", 0);
    int bins = atLeast(c, "bins", 2);
    int concurrency = atLeast(c, "concurrency", 1);
    int stop = atLeast(c, "stop-after-parts", 0);
    SelectOn selectOn = get(c, "select-on", () -> SelectOn.parse(c.getConfig("select-on")));
    return new SweepSpec(
        name, base, benchmarks, models, grid, points, exactTop, bins, concurrency, stop, selectOn);
  }

  private static Map<String, List<String>> grid(Config grid) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : grid.entrySet()) {
      String key = parameter(e.getKey(), "sweep.grid");
      if (e.getValue().valueType() != ConfigValueType.LIST
          || ((ConfigList) e.getValue()).isEmpty()) {
        throw new UsageException(
            "sweep.grid."
                + key
                + " must be a non-empty list of values, got "
                + render(e.getValue()));
      }
      List<String> values = new ArrayList<>();
      for (ConfigValue v : (ConfigList) e.getValue()) {
        values.add(render(v));
      }
      found.put(key, values);
    }
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (String p : PARAMETERS) {
      if (found.containsKey(p)) {
        ordered.put(p, found.get(p));
      }
    }
    return ordered;
  }

  /** The parameter name of a config path, refused unless it is a method parameter. */
  private static String parameter(String path, String where) {
    String key = String.join(".", ConfigUtil.splitPath(path));
    if (key.startsWith(ConfigLoader.ROOT + ".")) {
      key = key.substring(ConfigLoader.ROOT.length() + 1);
    }
    if (!PARAMETERS.contains(key)) {
      throw new UsageException(
          where
              + ": \""
              + key
              + "\" is not a method parameter a sweep can vary; allowed: "
              + PARAMETERS
              + " (benchmarks and models go to sweep.benchmarks and sweep.models)");
    }
    return key;
  }

  static String render(ConfigValue value) {
    return value.render(ConfigRenderOptions.concise());
  }

  private static int atLeast(Config c, String key, int min) {
    int value = get(c, key, () -> c.getInt(key));
    if (value < min) {
      throw new UsageException("sweep." + key + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  private static <T> T get(Config c, String key, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (com.typesafe.config.ConfigException e) {
      throw new UsageException("sweep." + key + ": " + e.getMessage(), e);
    }
  }
}
