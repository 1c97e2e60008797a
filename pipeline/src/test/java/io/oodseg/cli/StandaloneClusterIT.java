package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar on a real distributed Spark: a standalone master and two workers (child JVMs
 * on 127.0.0.1, one core each), the demo submitted through {@code SparkSubmit} in client mode
 * with the libtorch CPU natives passed by {@code --jars}, as on a CPU cluster. Its tables must
 * equal those of a local-mode run of the same configuration, and each executor JVM must have
 * loaded the model exactly once although it ran several partitions.
 */
class StandaloneClusterIT {
  /** Demo settings of both runs: 4 scenes in 4 partitions, one libtorch thread. */
  static final List<String> DEMO = List.of("demo", "--count", "4", "--set", "inference.partitions=4",
      "--set", "inference.batch-size=2", "--set", "inference.threads=1");
  static final Path DIR = Paths.get("target", "it", "standalone").toAbsolutePath();

  @Test
  void demoOnTwoWorkersEqualsTheLocalRunAndEachExecutorLoadsTheModelOnce() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(DIR.toFile()); // results of an earlier run
    Path runs = DIR.resolve("runs");
    try (StandaloneCluster cluster = StandaloneCluster.builder(DIR.resolve("cluster")).workers(2).start()) {
      Path log = DIR.resolve("driver.log");
      List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(2, 1));
      args.add(StandaloneCluster.clusterJar().toString());
      args.addAll(DEMO);
      args.addAll(List.of("--output", runs.toUri().toString(), "--run-id", "cluster"));
      int status = cluster.submit(args, log, Duration.ofMinutes(5));
      assertThat(status).as("driver exit status; its output:\n%s", StandaloneCluster.tail(log)).isZero();

      List<Path> executors = cluster.executorLogs();
      assertThat(executors).as("one executor per worker").hasSize(2);
      for (Path executor : executors) {
        String text = Files.readString(executor, StandardCharsets.UTF_8);
        assertThat(StandaloneCluster.count(text, "loaded model demo-segnet")).as("model loads in %s", executor).isEqualTo(1);
        assertThat(StandaloneCluster.count(text, "Running task")).as("tasks run by %s", executor).isGreaterThanOrEqualTo(1);
      }
      assertThat(Files.readString(log)).contains("Pooled metrics (protocol exact) of synthetic, run cluster, 4 images");
    }

    SparkSession spark = LocalSpark.session(); // the local run below shares this session
    assertThat(OodSeg.execute(concat(DEMO, List.of("--output", runs.toUri().toString(), "--run-id", "local"))))
        .isZero();
    for (String table : List.of("metrics.parquet", "images.parquet", "clusters.parquet")) {
      LocalSpark.assertSameRows(comparable(spark, runs.resolve("local").resolve(table)),
          comparable(spark, runs.resolve("cluster").resolve(table)));
    }
  }

  /** A result table without the columns that name the run or measure time. */
  private static Dataset<Row> comparable(SparkSession spark, Path table) {
    Dataset<Row> rows = spark.read().parquet(table.toString());
    List<Column> keep = Arrays.stream(rows.columns())
        .filter(c -> !c.equals("run_id") && !c.equals("image_uri") && !c.startsWith("ms_"))
        .map(rows::col).toList();
    return rows.select(keep.toArray(new Column[0]));
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(new String[0]);
  }
}
