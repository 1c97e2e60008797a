package io.oodseg.sweep;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.oodseg.config.RunConfig;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.TestRuns;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on a small generated benchmark with the embedded model (real Spark, DJL, Parquet): the
 * table's schema, a sweep point against a single run of the same parameters, and a sweep stopped
 * half-way then run again against an uninterrupted one.
 */
class SweepJobIT {
  private static final String[] BASE = {
    "benchmark.synthetic.count=6",
    "benchmark.synthetic.width=256",
    "benchmark.synthetic.height=128",
    "inference.partitions=2"
  };
  private static final String SWEEP =
      String.join(
          "\n",
          "sweep {",
          "  id = small",
          "  grid { kmeans.k = [4, 8], threshold.value = [-1.0, -0.5], score.mode = [fused, cluster] }",
          "  points = [ { kmeans.k = 6, features.normalize = none, threshold.mode = quantile,"
              + " threshold.value = 0.1, score.mode = flag } ]",
          "  exact-top = 3",
          "  bins = 512",
          "}");
  @TempDir static Path output;
  static SparkSession spark;
  static SweepResult result;
  static Dataset<Row> table;

  @BeforeAll
  static void sweep() throws IOException {
    spark = LocalSpark.session();
    result = new SweepJob(spark, spec(output.resolve("whole"), 0)).run();
    table = spark.read().parquet(result.dir() + "/sweep.parquet");
  }

  static SweepSpec spec(Path out, int stopAfterParts) throws IOException {
    Path file = out.resolve("small.conf");
    Files.createDirectories(out);
    Files.writeString(file, SWEEP);
    List<String> overrides = new java.util.ArrayList<>(List.of(BASE));
    overrides.add("output=\"" + out.toUri() + "\"");
    return SweepConfigLoader.load(file.toFile(), overrides, null)
        .withStopAfterParts(stopAfterParts);
  }

  @Test
  void tableHasTheAgreedColumnsAndOneRowPerConfigurationAndKind() {
    assertThat(List.of(table.columns()).subList(0, 17))
        .containsExactly(
            "sweep_id",
            "config_key",
            "benchmark",
            "model",
            "protocol",
            "k",
            "levels",
            "features",
            "confidence",
            "statistic",
            "threshold_mode",
            "threshold",
            "score_mode",
            "ap",
            "fpr95",
            "auroc",
            "exact");
    assertThat(result.configurations()).isEqualTo(9);
    assertThat(table.where(col("exact").equalTo(false)).count()).isEqualTo(9);
    assertThat(table.where(col("exact").equalTo(true)).count()).isEqualTo(3);
    assertThat(table.select("config_key").distinct().count()).isEqualTo(9);
    Row flag = table.where(col("score_mode").equalTo("flag")).first();
    assertThat((int) flag.getAs("k")).isEqualTo(6);
    assertThat((String) flag.getAs("threshold_mode")).isEqualTo("quantile");
    assertThat((String) flag.getAs("levels")).isEqualTo("features_s8");
    assertThat((String) flag.getAs("features")).isEqualTo("stride 8, bilinear");
    assertThat((long) flag.getAs("images")).isEqualTo(6);
    assertThat(result.best()).hasSize(1);
    assertThat(result.best().get(0).<Boolean>getAs("exact")).isTrue();
  }

  @Test
  void sweepPointMatchesASingleRunWithTheSameParameters() {
    Row best = result.best().get(0);
    String[] params = {
      "kmeans.k=" + best.getAs("k"),
      "threshold.value=" + best.getAs("threshold"),
      "score.mode=" + best.getAs("score_mode")
    };
    RunConfig config =
        TestRuns.config(
            output.resolve("single"),
            "single",
            Stream.concat(Stream.of(BASE), Stream.of(params)).toArray(String[]::new));
    // the run generates its own copy of the benchmark under its output; the key ignores output and
    // run id
    assertThat(config.hash()).isEqualTo(best.<String>getAs("config_key"));
    RunResult run = new EvaluationJob(spark, config).run();
    BinaryMetrics single = run.pooled().get("clusters_" + best.getAs("score_mode"));
    assertThat(best.<Double>getAs("ap")).isEqualTo(single.ap());
    assertThat(best.<Double>getAs("fpr95")).isEqualTo(single.fpr95());
    assertThat(best.<Double>getAs("auroc")).isEqualTo(single.auroc());
    assertThat(best.<Long>getAs("positives")).isEqualTo(single.positives());
    Row binned =
        table
            .where(
                col("config_key")
                    .equalTo(best.<String>getAs("config_key"))
                    .and(col("exact").equalTo(false)))
            .first();
    assertThat(binned.<Double>getAs("ap")).isCloseTo(single.ap(), within(0.02));
    assertThat(binned.<Double>getAs("auroc")).isCloseTo(single.auroc(), within(0.01));
  }

  @Test
  void sweepStoppedHalfWayThenRunAgainEndsWithTheRowsOfAnUninterruptedOne() throws IOException {
    Path resumed = output.resolve("resumed");
    assertThatThrownBy(() -> new SweepJob(spark, spec(resumed, 1)).run())
        .isInstanceOf(SweepProgress.SweepInterruptedException.class);
    Map<String, Long> before = modified(resumed.resolve("small"));
    assertThat(before.keySet())
        .anyMatch(p -> p.contains("_tensors"))
        .anyMatch(p -> p.contains("binned-"))
        .noneMatch(p -> p.contains("_exact"));
    // two clustering jobs (K = 4 and 8 on the normalised grid, K = 6 on the raw one), one binned
    // part each; the stop leaves at least one group without its binned rows
    assertThat(
            before.keySet().stream()
                .filter(p -> p.contains("binned-") && p.endsWith("_SUCCESS"))
                .count())
        .isLessThan(3);
    SweepResult again = new SweepJob(spark, spec(resumed, 0)).run();
    Dataset<Row> rows = spark.read().parquet(again.dir() + "/sweep.parquet");
    LocalSpark.assertSameRows(table, rows);
    Map<String, Long> after = modified(resumed.resolve("small"));
    before.forEach((file, time) -> assertThat(after.get(file)).as(file + " kept").isEqualTo(time));
    // a third run finds everything done and writes no new part
    new SweepJob(spark, spec(resumed, 0)).run();
    assertThat(
            modified(resumed.resolve("small")).keySet().stream()
                .filter(p -> !p.contains("sweep.parquet") && !p.endsWith("top.csv"))
                .toList())
        .containsExactlyInAnyOrderElementsOf(
            after.keySet().stream()
                .filter(p -> !p.contains("sweep.parquet") && !p.endsWith("top.csv"))
                .toList());
  }

  @Test
  void sweepWritesItsReportWithHeatmapsAndTopTable() throws IOException {
    String html = Files.readString(Path.of(java.net.URI.create(result.dir() + "/report.html")));
    assertThat(html)
        .contains("id=\"heatmap-ap-0\"")
        .contains("id=\"heatmap-fpr95-0\"")
        .contains("id=\"top-table-0\"");
    assertThat(html.split("class=\"cell\"", -1).length - 1)
        .as("heatmap cells")
        .isPositive()
        .isEven();
  }

  private static Map<String, Long> modified(Path dir) throws IOException {
    Map<String, Long> times = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p :
          files
              .filter(Files::isRegularFile)
              .filter(
                  p ->
                      p.toString().contains("_tensors")
                          || p.toString().contains("_parts")
                          || p.toString().contains("_exact"))
              .toList()) {
        times.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return times;
  }
}
