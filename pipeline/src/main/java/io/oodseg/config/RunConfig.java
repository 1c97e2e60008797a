package io.oodseg.config;

import java.io.Serializable;

/**
 * The effective configuration of one run, parsed once on the driver and shipped to executors.
 *
 * @param runId run identifier (the output folder's name)
 * @param output root of the run folders
 * @param failFast stop at the first bad image
 * @param benchmark which benchmark
 * @param modelDescriptor descriptor location, or {@code embedded}
 * @param inference how inference runs
 * @param method the method's parameters
 * @param metrics metric settings
 * @param report report settings
 * @param resume complete an interrupted run with this id instead of starting afresh
 * @param hadoop Hadoop properties of the run (secret values masked in {@code toString})
 * @param faults test-only fault switches
 * @param effectiveJson the whole effective configuration, rendered as JSON, secret values masked
 * @param hash SHA-256 (hex, 16 chars) of everything that can change a result
 */
public record RunConfig(
    String runId,
    String output,
    boolean failFast,
    BenchmarkSpec benchmark,
    String modelDescriptor,
    InferenceParams inference,
    MethodParams method,
    MetricsParams metrics,
    ReportParams report,
    boolean resume,
    HadoopSettings hadoop,
    FaultPlan faults,
    String effectiveJson,
    String hash)
    implements Serializable {

  /** Folder of this run: {@code <output>/<runId>}. */
  public String runDir() {
    return output.endsWith("/") ? output + runId : output + "/" + runId;
  }

  /** The same configuration with another benchmark spec. */
  public RunConfig withBenchmark(BenchmarkSpec spec) {
    return new RunConfig(
        runId,
        output,
        failFast,
        spec,
        modelDescriptor,
        inference,
        method,
        metrics,
        report,
        resume,
        hadoop,
        faults,
        effectiveJson,
        hash);
  }
}
