package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.config.RunConfig;
import io.oodseg.demo.DemoSettings;
import io.oodseg.infer.ModelCache;
import io.oodseg.testing.Golden;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.TestRuns;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded demo: Spark local mode, real DJL and libtorch, real Parquet.
 */
class EvaluationJobIT {
  @TempDir static Path output;
  static SparkSession spark;
  static RunConfig demo;
  static RunResult demoResult;

  @BeforeAll
  static void runDemo() {
    spark = LocalSpark.session();
    demo = demoConfig("demo");
    demoResult = new EvaluationJob(spark, demo).run();
  }

  @Test
  void demoRunWritesEveryTableAndACompleteManifest() throws Exception {
    Path run = output.resolve("demo");
    assertThat(run.resolve("images.parquet")).isDirectory();
    assertThat(run.resolve("metrics.parquet")).isDirectory();
    assertThat(run.resolve("errors.parquet")).isDirectory();
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("complete");
    assertThat(manifest.get("config_hash").asText()).isEqualTo(demo.hash());
    assertThat(manifest.get("model").get("sha256").asText()).hasSize(64);
    assertThat(manifest.get("counts").get("images").asLong()).isEqualTo(40);
    assertThat(manifest.get("stage_seconds").has("inference")).isTrue();
    assertThat(manifest.get("metric_warnings").size()).isZero(); // protocol exact: all defined

    Dataset<Row> images = spark.read().parquet(run.resolve("images.parquet").toString());
    assertThat(images.count()).isEqualTo(40);
    assertThat(images.select("run_id").distinct().first().getString(0)).isEqualTo("demo");
    assertThat(spark.read().parquet(run.resolve("errors.parquet").toString()).count()).isZero();
    Dataset<Row> metrics = spark.read().parquet(run.resolve("metrics.parquet").toString());
    assertThat(metrics.count()).isEqualTo(5);
    assertThat(metrics.select("config_hash").distinct().first().getString(0))
        .isEqualTo(demo.hash());
  }

  @Test
  void demoGivesTheGoldenPooledMetricsAndPerImageAp() throws Exception {
    java.util.List<Row> images =
        spark.read().parquet(output.resolve("demo/images.parquet").toString()).collectAsList();
    Golden.assertDemo(demoResult.pooled(), images, EvaluationJob.methods(demo));
  }

  @Test
  void manifestRecordsTheNumericsProbeAndHostOfEveryExecutor() throws Exception {
    JsonNode numerics =
        new ObjectMapper().readTree(output.resolve("demo/manifest.json").toFile()).get("numerics");
    assertThat(numerics).isNotEmpty();
    for (JsonNode executor : numerics) {
      assertThat(executor.get("probe").asText()).isEqualTo("passed");
      assertThat(executor.get("remedy_in_effect").asBoolean()).isTrue();
      assertThat(executor.get("onednn_max_cpu_isa").asText()).isEqualTo("AVX2");
      assertThat(executor.get("libtorch").asText()).isEqualTo("2.7.1");
      assertThat(executor.get("probe_worst_share_of_tolerance").asDouble()).isBetween(0.0, 1.0);
      assertThat(executor.has("cpu_model") && executor.has("isa_flags") && executor.has("executor"))
          .isTrue();
    }
  }

  /** What {@code oodseg demo} runs: its method settings on the generated benchmark. */
  private static RunConfig demoConfig(String runId) {
    return TestRuns.config(
        output, runId, DemoSettings.with("inference.partitions=4").toArray(String[]::new));
  }

  @Test
  void clusterMethodClearlyBeatsTheMaxLogitBaselineOnTheHeldOutDemoScenes() {
    // the demo's settings were chosen on other scenes (seed 11); these (seed 7) are held out
    BinaryMetrics method = demoResult.pooled().get("clusters_fused");
    BinaryMetrics maxLogit = demoResult.pooled().get("max_logit");
    assertThat(method.ap()).isGreaterThan(maxLogit.ap() + 0.15);
    assertThat(method.fpr95()).isLessThan(maxLogit.fpr95() - 0.2);
    assertThat(method.positives()).isEqualTo(maxLogit.positives()).isPositive();
  }

  @Test
  void modelIsLoadedOncePerJvmAndDeviceAcrossFourPartitions() {
    assertThat(ModelCache.keys()).anyMatch(k -> k.endsWith("@cpu()"));
    assertThat(ModelCache.loads()).isEqualTo(ModelCache.keys().size());
  }

  @Test
  void parquetOpensInDuckDbWithTheSameNumbers() throws Exception {
    Path metrics = output.resolve("demo").resolve("metrics.parquet");
    Map<String, Double> apByMethod = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT method, ap FROM read_parquet('" + metrics + "/*.parquet')")) {
      while (rs.next()) {
        apByMethod.put(rs.getString(1), rs.getDouble(2));
      }
    }
    assertThat(apByMethod).hasSize(5);
    demoResult
        .pooled()
        .forEach((method, m) -> assertThat(apByMethod.get(method)).isEqualTo(m.ap()));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), sum(ood_pixels) FROM read_parquet('"
                    + output.resolve("demo").resolve("images.parquet")
                    + "/*.parquet')")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(40);
      assertThat(rs.getLong(2)).isEqualTo(demoResult.pooled().get("max_logit").positives());
    }
  }

  /**
   * A second demo run in the same JVM, with other partitions and batches, outcomes cached as
   * objects and more protocols: bit-identical tables (so also a deterministic rerun), and the
   * binned protocols close to the exact one.
   */
  @Test
  void rerunWithOtherPartitioningAndOutcomesCachedAsObjectsGivesBitIdenticalTables()
      throws Exception {
    RunConfig again =
        TestRuns.config(
            output,
            "demo-again",
            DemoSettings.with(
                    "inference.partitions=3",
                    "inference.batch-size=3",
                    "inference.cache-serialized=false",
                    "metrics.protocols=[exact, ade-ood, smiyc, fishyscapes]")
                .toArray(String[]::new));
    RunResult result = new EvaluationJob(spark, again).run();
    assertThat(result.pooled()).isEqualTo(demoResult.pooled());
    Dataset<Row> metrics =
        spark.read().parquet(output.resolve("demo-again/metrics.parquet").toString());
    assertThat(metrics.count()).isEqualTo(20);
    assertThat(metrics.select("protocol").distinct().count()).isEqualTo(4);
    // Fishyscapes casts to float32: the baselines' scores are float32 already, so their AP and
    // AUROC are the exact ones; the fused scores (2^20 - confidence) tie in float32 steps of 1/8.
    // SMIYC's binned AP is close, except that fused scores overflow its float16 cast: null.
    for (Row r : metrics.where("protocol = 'fishyscapes'").collectAsList()) {
      String method = r.getAs("method");
      BinaryMetrics exact = demoResult.pooled().get(method);
      double tol = method.equals("clusters_fused") ? 0.05 : 1e-12;
      assertThat(r.<Double>getAs("ap"))
          .as(method)
          .isCloseTo(exact.ap(), org.assertj.core.data.Offset.offset(tol));
      assertThat(r.<Double>getAs("auroc"))
          .as(method)
          .isCloseTo(exact.auroc(), org.assertj.core.data.Offset.offset(tol));
    }
    for (Row r : metrics.where("protocol = 'smiyc'").collectAsList()) {
      String method = r.getAs("method");
      if (method.equals("clusters_fused")) {
        assertThat(new Object[] {r.getAs("ap"), r.getAs("fpr95"), r.getAs("auroc")})
            .containsOnlyNulls();
        JsonNode manifest =
            new ObjectMapper().readTree(output.resolve("demo-again/manifest.json").toFile());
        assertThat(manifest.get("metric_warnings").get(method).toString())
            .contains("smiyc: a score lies beyond float16's range");
      } else {
        assertThat(r.<Double>getAs("ap"))
            .as(method)
            .isCloseTo(
                demoResult.pooled().get(method).ap(), org.assertj.core.data.Offset.offset(0.05));
      }
    }
    for (String table : new String[] {"images", "clusters"}) {
      RunTables.assertSame(spark, output.resolve("demo"), output.resolve("demo-again"), table);
    }
    LocalSpark.assertSameRows(
        RunTables.comparable(spark, output.resolve("demo"), "metrics"),
        RunTables.comparable(spark, output.resolve("demo-again"), "metrics")
            .where("protocol = 'exact'"));
  }

  @Test
  void corruptImageGoesToErrorsAndTheRunGoesOn() throws Exception {
    Path bench = output.resolve("broken");
    Path data = Files.list(output.resolve("_data")).findFirst().orElseThrow();
    Files.createDirectories(bench.resolve("images"));
    Files.createDirectories(bench.resolve("labels_masks"));
    for (int i = 0; i < 4; i++) {
      String id = String.format("synthetic_%05d", i);
      Files.copy(data.resolve("images/" + id + ".jpg"), bench.resolve("images/" + id + ".jpg"));
      Files.copy(
          data.resolve("labels_masks/" + id + "_labels_semantic.png"),
          bench.resolve("labels_masks/" + id + "_labels_semantic.png"));
    }
    Files.write(bench.resolve("images/synthetic_00001.jpg"), new byte[] {1, 2, 3, 4});
    RunConfig config =
        TestRuns.config(
            output,
            "broken-run",
            "benchmark.layout=smiyc",
            "benchmark.root=\"" + bench.toUri() + "\"");
    RunResult result = new EvaluationJob(spark, config).run();
    assertThat(result.images()).isEqualTo(3);
    assertThat(result.errors()).isEqualTo(1);
    Row error =
        spark.read().parquet(output.resolve("broken-run/errors.parquet").toString()).first();
    assertThat(error.<String>getAs("image_id")).isEqualTo("synthetic_00001");
    assertThat(error.<String>getAs("stage")).isEqualTo("decode");
    assertThat(error.<String>getAs("reason"))
        .contains("synthetic_00001.jpg")
        .contains("not an image");
  }
}
