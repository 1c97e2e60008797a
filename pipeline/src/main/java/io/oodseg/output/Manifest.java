package io.oodseg.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oodseg.config.RunConfig;
import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code manifest.json} of a run: status ({@code running}, {@code complete} or {@code failed}),
 * effective configuration and its hash, model identity, library versions, image counts and wall
 * time per stage. Written at the start and rewritten at the end, so an interrupted run is
 * recognisable by its status.
 */
public final class Manifest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final RunConfig config;
  private final Map<String, Object> model = new LinkedHashMap<>();
  private final Map<String, String> versions = new LinkedHashMap<>();
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private final Map<String, Object> counts = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> numerics = new java.util.TreeMap<>();
  private final Map<String, List<String>> metricWarnings = new LinkedHashMap<>();
  private final String started = Instant.now().toString();

  public Manifest(RunConfig config) {
    this.config = config;
  }

  /** Records the model's name, file and SHA-256. */
  public Manifest model(String name, String file, String sha256) {
    model.put("name", name);
    model.put("file", file);
    model.put("sha256", sha256);
    return this;
  }

  /** Records a library version. */
  public Manifest version(String library, String version) {
    versions.put(library, version);
    return this;
  }

  /** Records the wall time of a driver-side stage. */
  public Manifest stage(String name, double seconds) {
    stageSeconds.put(name, seconds);
    return this;
  }

  /** Records a count (images, errors, ...). */
  public Manifest count(String name, Object value) {
    counts.put(name, value);
    return this;
  }

  /**
   * Records what a JVM found when it loaded the model on a device (host facts, numerics probe); one
   * entry per executor and device.
   */
  public Manifest numerics(io.oodseg.infer.NumericsReport report) {
    numerics.put(report.key(), report.toMap());
    return this;
  }

  /** Records, per method, why pooled metrics are null (as the metric stage logs them). */
  public Manifest metricWarnings(Map<String, List<String>> byMethod) {
    metricWarnings.putAll(byMethod);
    return this;
  }

  /** Writes the manifest with the given status into the run folder. */
  public void write(String status, Configuration conf) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", config.runId());
    root.put("status", status);
    root.put("started", started);
    root.put("updated", Instant.now().toString());
    root.put("config_hash", config.hash());
    root.set("config", JSON.readTree(config.effectiveJson()));
    root.set("model", JSON.valueToTree(model));
    root.set("versions", JSON.valueToTree(versions));
    root.set("counts", JSON.valueToTree(counts));
    root.set("stage_seconds", JSON.valueToTree(stageSeconds));
    root.set("numerics", JSON.valueToTree(numerics.values()));
    root.set("metric_warnings", JSON.valueToTree(metricWarnings));
    HadoopFiles.writeAll(
        new Path(config.runDir(), "manifest.json"),
        JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8),
        conf);
  }
}
