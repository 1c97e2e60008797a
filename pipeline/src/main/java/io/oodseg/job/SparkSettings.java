package io.oodseg.job;

import io.oodseg.engine.Libtorch;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark settings the job relies on, applied to a session's configuration before the session starts
 * (they cannot change afterwards); a value given by the user (spark-submit {@code --conf},
 * properties file) is kept.
 *
 * <ul>
 *   <li>{@code spark.serializer.objectStreamReset = 1}: Java serialization streams (cached and
 *       spilled partitions) forget each record once it is written. Spark's default of 100 keeps the
 *       last 100 records reachable, and a record here holds an image's score counts, which are
 *       megabytes: 100 of them per running task exhausted a 3 GB executor.
 *   <li>{@code spark.executorEnv.ONEDNN_MAX_CPU_ISA = AVX2}: executors start with oneDNN capped at
 *       AVX2 (docs/numerics.md); each JVM also sets it before libtorch starts ({@link
 *       io.oodseg.engine.Libtorch}).
 * </ul>
 */
public final class SparkSettings {
  private SparkSettings() {}

  /** A session builder that starts with the job's settings (for benchmarks and embedding code). */
  public static SparkSession.Builder builder() {
    return SparkSession.builder().config(withJobDefaults(new SparkConf()));
  }

  /**
   * This JVM's options that a JVM it starts for the job needs too: the module openings Spark needs
   * on Java 17 and the DJL and Netty system properties (for child JVMs and executors started from a
   * local process).
   */
  public static List<String> inheritableJvmOptions() {
    List<String> options = new ArrayList<>();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens")
          || option.startsWith("-Djdk.reflect")
          || option.startsWith("-Dio.netty")
          || option.startsWith("-Dai.djl")) {
        options.add(option);
      }
    }
    return options;
  }

  /** {@code conf} with the job's settings added where it has none. */
  public static SparkConf withJobDefaults(SparkConf conf) {
    return conf.setIfMissing("spark.serializer.objectStreamReset", "1")
        .setIfMissing("spark.executorEnv." + Libtorch.ISA_VARIABLE, Libtorch.SAFE_ISA);
  }
}
