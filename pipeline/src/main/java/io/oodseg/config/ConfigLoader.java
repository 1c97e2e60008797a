package io.oodseg.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.oodseg.udfs.metrics.Protocol;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link RunConfig} from HOCON. Precedence, highest first: {@code key=value} overrides,
 * the run's config file, the defaults ({@code conf/defaults.conf}, bundled in the jar). Keys absent
 * from the defaults and out-of-range values are refused with a message that names the key.
 */
public final class ConfigLoader {
  /** Root key of every setting. */
  public static final String ROOT = "oodseg";

  private static final String DEFAULTS = "conf/defaults.conf";

  /** A raw label value or a range of them, {@code "a..b"}. */
  private static final Pattern VALUE_OR_RANGE =
      Pattern.compile("(\\d{1,3})(?:\\s*\\.\\.\\s*(\\d{1,3}))?");

  /** Keys that never change a result and so stay out of the configuration hash. */
  private static final List<String> UNHASHED =
      List.of(
          "run-id",
          "output",
          "fail-fast",
          "inference",
          "clustering.concurrency",
          "benchmark.expected-count",
          "report",
          "resume",
          "hadoop",
          "testing");

  /** Section of free-form Hadoop properties (any key under it is accepted). */
  private static final String HADOOP = "hadoop";

  private static volatile Config parsedDefaults;

  /** The catalog's {@link BenchmarkLayouts}, looked up once on the class path. */
  private static final class Layouts {
    static final BenchmarkLayouts CATALOG =
        ServiceLoader.load(BenchmarkLayouts.class, BenchmarkLayouts.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + BenchmarkLayouts.class.getName()
                            + " on the class path (META-INF/services)"));
  }

  private ConfigLoader() {}

  /** The bundled defaults (parsed once per JVM; a Config is immutable). */
  public static Config defaults() {
    Config defaults = parsedDefaults;
    if (defaults == null) {
      defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS);
      if (defaults.isEmpty()) {
        throw new UsageException(
            "the bundled defaults " + DEFAULTS + " are missing from the classpath");
      }
      parsedDefaults = defaults;
    }
    return defaults;
  }

  /**
   * Loads the effective configuration.
   *
   * @param file the run's config file, or null
   * @param overrides {@code key=value} pairs (keys with or without the {@code oodseg.} prefix)
   */
  public static RunConfig load(File file, List<String> overrides) {
    return loadLayered(file == null ? List.of() : List.of(file), overrides);
  }

  /**
   * Loads the effective configuration from several files, later files winning over earlier ones
   * (e.g. a run's config, then a benchmark's), then the overrides.
   */
  public static RunConfig loadLayered(List<File> files, List<String> overrides) {
    Config user = ConfigFactory.empty();
    for (File file : files) {
      if (!file.isFile()) {
        throw new UsageException("config file " + file + " does not exist");
      }
      try {
        user = ConfigFactory.parseFile(file).withFallback(user);
      } catch (com.typesafe.config.ConfigException e) {
        throw new UsageException(
            "config file " + file + " is not valid HOCON: " + e.getMessage(), e);
      }
    }
    return fromConfig(overlay(user, overrides));
  }

  /**
   * {@code user} with {@code key=value} overrides on top (keys with or without the {@code oodseg.}
   * prefix).
   */
  public static Config overlay(Config user, List<String> overrides) {
    Config out = user;
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("override \"" + override + "\" is not of the form key=value");
      }
      String key = override.substring(0, eq).trim();
      key = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
      try {
        out = ConfigFactory.parseString(key + " = " + override.substring(eq + 1)).withFallback(out);
      } catch (com.typesafe.config.ConfigException e) {
        String message =
            "override \"" + Secrets.redactAssignment(key, override) + "\" cannot be parsed";
        // the parser's message quotes the value: left out (with its cause) when the value is a
        // secret
        throw Secrets.isSecret(key)
            ? new UsageException(message)
            : new UsageException(message + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Validates a user config against the defaults and builds the run configuration. */
  public static RunConfig fromConfig(Config user) {
    Config defaults = defaults();
    refuseUnknownKeys(user, defaults);
    Config merged = user.withFallback(defaults).resolve().getConfig(ROOT);
    return build(merged);
  }

  private static void refuseUnknownKeys(Config user, Config defaults) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      if (!defaults.hasPathOrNull(entry.getKey())
          && !entry.getKey().startsWith(ROOT + "." + HADOOP + ".")) {
        unknown.add(entry.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new UsageException(
          "unknown configuration key(s) " + unknown + " (see conf/defaults.conf for every key)");
    }
  }

  private static RunConfig build(Config c) {
    Settings s = new Settings(c, ROOT);
    BenchmarkSpec benchmark = benchmark(s);
    InferenceParams inference =
        new InferenceParams(
            s.intAtLeast("inference.batch-size", 1), s.intAtLeast("inference.partitions", 0),
            s.intAtLeast("inference.threads", 0), s.intAtLeast("inference.progress-seconds", 0),
            s.bool("inference.cache-serialized"), s.bool("inference.probe"));
    MethodParams method = method(s);
    oneOf(s, "kmeans.init", List.of("k-means++"));
    MetricsParams metrics =
        new MetricsParams(
            protocols(s), s.intAtLeast("metrics.ranges", 1),
            Layouts.CATALOG.oodLabel(), Layouts.CATALOG.voidLabel());
    ReportParams report = ReportParams.parse(s);
    String hash = hash(c);
    String runId = s.string("run-id");
    if (runId.isEmpty()) {
      runId =
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
              + "-"
              + hash.substring(0, 8);
    } else if (!runId.matches("[A-Za-z0-9._-]+")) {
      throw new UsageException(
          ROOT + ".run-id = \"" + runId + "\" may hold only letters, digits, '.', '_' and '-'");
    }
    String json = Secrets.redact(c).root().render(ConfigRenderOptions.concise());
    return new RunConfig(
        runId,
        s.string("output"),
        s.bool("fail-fast"),
        benchmark,
        s.string("model.descriptor"),
        inference,
        method,
        metrics,
        report,
        s.bool("resume"),
        hadoop(c),
        faults(s),
        json,
        hash);
  }

  /** The method's parameters, read (and so checked) in the order of {@code conf/defaults.conf}. */
  private static MethodParams method(Settings s) {
    List<String> levels = s.strings("features.levels");
    int grid = gridStride(s);
    FeatureNorm norm = s.choice("features.normalize", FeatureNorm.class);
    UpsamplingParams upsampling =
        new UpsamplingParams(
            s.choice("features.upsample", FeatureUpsampling.class),
            s.intAtLeast("features.bilateral.radius", 1),
            s.doubleIn("features.bilateral.sigma-spatial", 1e-3, 1e3),
            s.doubleIn("features.bilateral.sigma-range", 1e-3, 1e3));
    int k = s.intAtLeast("kmeans.k", 2);
    int maxIter = s.intAtLeast("kmeans.max-iter", 1);
    double tol = s.doubleIn("kmeans.tol", 0, Double.MAX_VALUE);
    long seed = s.longValue("kmeans.seed");
    ClusteringEngine engine = s.choice("clustering.engine", ClusteringEngine.class);
    int concurrency = s.intAtLeast("clustering.concurrency", 1);
    Confidence confidence = s.choice("confidence", Confidence.class);
    ClusterStatistic statistic = s.choice("cluster.statistic", ClusterStatistic.class);
    ThresholdMode thresholdMode = s.choice("threshold.mode", ThresholdMode.class);
    double thresholdValue = thresholdValue(s, thresholdMode);
    ScoreMode scoreMode = s.choice("score.mode", ScoreMode.class);
    return new MethodParams(
        levels,
        grid,
        norm,
        upsampling,
        k,
        maxIter,
        tol,
        seed,
        engine,
        concurrency,
        confidence,
        statistic,
        thresholdMode,
        thresholdValue,
        scoreMode);
  }

  /** {@code features.grid}: a stride of at least 0, or {@code label}. */
  private static int gridStride(Settings s) {
    return "label".equals(s.raw("features.grid"))
        ? MethodParams.LABEL_GRID
        : s.intAtLeast("features.grid", 0);
  }

  /** The benchmark section; the layout's own checks come from its reader. */
  private static BenchmarkSpec benchmark(Settings s) {
    BenchmarkSpec benchmark =
        new BenchmarkSpec(
            s.string("benchmark.name"),
            oneOf(s, "benchmark.layout", Layouts.CATALOG.layouts()),
            s.string("benchmark.root"),
            s.intAtLeast("benchmark.synthetic.count", 1),
            s.longValue("benchmark.synthetic.seed"),
            s.intAtLeast("benchmark.synthetic.width", 64),
            s.intAtLeast("benchmark.synthetic.height", 32),
            s.intAtLeast("benchmark.expected-count", 0),
            s.string("benchmark.split"),
            s.string("benchmark.generic.images"),
            s.string("benchmark.generic.label-regex"),
            s.string("benchmark.generic.label-replacement"),
            labelValues(s, "benchmark.labels.ood"),
            labelValues(s, "benchmark.labels.id"),
            labelValues(s, "benchmark.labels.void"));
    if (!benchmark.synthetic() && benchmark.root().isEmpty()) {
      throw new UsageException(
          ROOT + ".benchmark.root must be set for layout " + benchmark.layout());
    }
    Layouts.CATALOG.check(benchmark);
    return benchmark;
  }

  /** Raw label values: numbers 0..255 or ranges written {@code "a..b"}. */
  private static List<Integer> labelValues(Settings s, String path) {
    List<Integer> values = new ArrayList<>();
    for (String item : s.strings(path)) {
      Matcher m = VALUE_OR_RANGE.matcher(item.trim());
      boolean valid = m.matches();
      int from = valid ? Integer.parseInt(m.group(1)) : -1;
      int to = valid && m.group(2) != null ? Integer.parseInt(m.group(2)) : from;
      if (from < 0 || to > 255 || to < from) {
        throw new UsageException(
            ROOT
                + "."
                + path
                + ": \""
                + item
                + "\" is neither a value in 0..255 nor a range"
                + " such as \"2..200\"");
      }
      for (int v = from; v <= to; v++) {
        values.add(v);
      }
    }
    return values;
  }

  /** The {@code hadoop} section, flattened to dotted property names with string values. */
  private static HadoopSettings hadoop(Config c) {
    Map<String, String> values = new java.util.TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig(HADOOP).entrySet()) {
      String key = Secrets.plainKey(e.getKey());
      Object raw = e.getValue().unwrapped();
      if (raw instanceof List || raw instanceof Map) {
        throw new UsageException(
            ROOT + "." + HADOOP + "." + key + " must be a plain value (string, number or boolean)");
      }
      values.put(key, String.valueOf(raw));
    }
    return new HadoopSettings(values);
  }

  /** The test-only {@code testing} section. */
  private static FaultPlan faults(Settings s) {
    List<String> entries = s.strings("testing.fail-first-attempt");
    for (String entry : entries) {
      String[] parts = entry.split(":");
      if (parts.length != 2
          || !FaultPlan.STAGES.contains(parts[0])
          || !parts[1].matches("\\d{1,6}")) {
        throw new UsageException(
            ROOT
                + ".testing.fail-first-attempt: \""
                + entry
                + "\" is not of the form stage:partition with stage one of "
                + FaultPlan.STAGES);
      }
    }
    return new FaultPlan(List.copyOf(entries), s.intAtLeast("testing.halt-after-parts", 0));
  }

  /** τ: a quantile in 0..1 for {@code quantile}, else a value in ±1e6. */
  private static double thresholdValue(Settings s, ThresholdMode mode) {
    if (mode == ThresholdMode.QUANTILE) {
      return s.doubleIn("threshold.value", 0, 1);
    }
    return s.doubleIn("threshold.value", -1e6, 1e6);
  }

  private static Protocols protocols(Settings s) {
    List<String> names = s.strings("metrics.protocols");
    List<Protocol> protocols = new ArrayList<>();
    for (String p : names) {
      try {
        protocols.add(Protocol.of(p));
      } catch (IllegalArgumentException e) {
        throw new UsageException(ROOT + ".metrics.protocols: " + e.getMessage(), e);
      }
    }
    if (protocols.isEmpty()) {
      throw new UsageException(ROOT + ".metrics.protocols must name at least one protocol");
    }
    return new Protocols(protocols);
  }

  private static String oneOf(Settings s, String path, List<String> allowed) {
    String value = s.string(path);
    if (!allowed.contains(value)) {
      throw new UsageException(ROOT + "." + path + " = \"" + value + "\" is not one of " + allowed);
    }
    return value;
  }

  /** SHA-256 of the result-relevant part of the configuration, keys sorted, first 16 hex digits. */
  static String hash(Config c) {
    Config relevant = c;
    for (String key : UNHASHED) {
      relevant = relevant.withoutPath(key);
    }
    String canonical = relevant.root().render(ConfigRenderOptions.concise());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
