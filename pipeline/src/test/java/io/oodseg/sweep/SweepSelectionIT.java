package io.oodseg.sweep;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.config.RunConfig;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.TestRuns;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep.select-on} on a small generated benchmark with the embedded model (real Spark, DJL,
 * Parquet): a seeded half of the images selects the configuration, which is then reported on the
 * other half only. The held-out images are recomputed here from the documented rule, and a single
 * {@code run} on exactly those images (a generic benchmark over the same files) must give the
 * held-out row's metrics; then the same sweep in three folds, and selected on a second benchmark.
 */
class SweepSelectionIT {
  private static final String[] BASE = {
    "benchmark.synthetic.count=6",
    "benchmark.synthetic.width=256",
    "benchmark.synthetic.height=128",
    "inference.partitions=2",
    "inference.batch-size=1"
  };
  private static final String GRID =
      "  grid { kmeans.k = [4, 8], threshold.value = [-1.0, -0.5] }\n  exact-top = 1\n  bins = 256\n";
  private static final String HELD_OUT = "held-out (fraction=0.5, seed=5)";
  @TempDir static Path output;
  static SparkSession spark;
  static SweepResult result;
  static Dataset<Row> table;

  @BeforeAll
  static void sweep() throws IOException {
    spark = LocalSpark.session();
    result =
        new SweepJob(spark, spec("select-on { fraction = 0.5, seed = 5, replicates = 200 }")).run();
    // kept in memory: the folds' sweep below rewrites the same folder's table
    Dataset<Row> read = spark.read().parquet(result.dir() + "/sweep.parquet");
    table = spark.createDataFrame(read.collectAsList(), read.schema());
  }

  static SweepSpec spec(String selectOn) throws IOException {
    Path file = output.resolve("select.conf");
    Files.writeString(file, "sweep {\n  id = select\n" + GRID + "  " + selectOn + "\n}\n");
    List<String> overrides = new ArrayList<>(List.of(BASE));
    overrides.add("output=\"" + output.resolve("sweeps").toUri() + "\"");
    return SweepConfigLoader.load(file.toFile(), overrides, null);
  }

  @Test
  void chosenOnTheValidationHalfAndReportedOnTheOtherHalfAsASingleRunOnItGives() throws Exception {
    assertThat(result.heldOut()).hasSize(1);
    Row held = result.heldOut().get(0);
    assertThat((String) held.getAs("split")).isEqualTo(HELD_OUT);
    assertThat((String) held.getAs("validation_split"))
        .isEqualTo("validation (fraction=0.5, seed=5)");
    assertThat((long) held.getAs("images")).isEqualTo(3);
    assertThat((long) held.getAs("validation_images")).isEqualTo(3);
    assertThat((boolean) held.getAs("exact")).isTrue();
    // the chosen configuration is the best by binned AP on the validation images
    Row bestValidation =
        table
            .where(
                col("split")
                    .equalTo("validation (fraction=0.5, seed=5)")
                    .and(col("exact").equalTo(false)))
            .orderBy(col("ap").desc(), col("config_key"))
            .first();
    assertThat((String) held.getAs("config_key")).isEqualTo(bestValidation.getAs("config_key"));
    assertThat((Double) held.getAs("validation_ap")).isEqualTo(bestValidation.getAs("ap"));
    assertThat(table.where(col("split").equalTo("validation (fraction=0.5, seed=5)")).count())
        .isEqualTo(4);
    // the held-out images by the documented rule: ids ranked by SHA-256("5\n<id>"), the first
    // round(0.5 * 6) = 3 validate
    // the generated benchmark of the base settings (seed 7, 6 scenes of 256 x 128)
    Path data = output.resolve("sweeps/_data/synthetic-s7-n6-256x128");
    List<String> ids;
    try (Stream<Path> images = Files.list(data.resolve("images"))) {
      ids =
          images
              .map(p -> p.getFileName().toString().replaceFirst("\\.jpg$", ""))
              .sorted(Comparator.comparing(id -> sha256("5\n" + id)))
              .toList();
    }
    assertThat(ids).hasSize(6);
    List<String> heldOutIds = ids.subList(3, 6);
    RunConfig config =
        TestRuns.config(
            output.resolve("single"),
            "held-out",
            Stream.concat(
                    Stream.of(BASE),
                    Stream.of(
                        "kmeans.k=" + held.getAs("k"),
                        "threshold.value=" + held.getAs("threshold"),
                        "benchmark.layout=generic",
                        "benchmark.root=\"" + data.toUri() + "\"",
                        "benchmark.generic.images=\"images/{"
                            + String.join(",", heldOutIds)
                            + "}.jpg\"",
                        "benchmark.generic.label-regex=\"images/(.+)\\\\.jpg\"",
                        "benchmark.generic.label-replacement=\"labels_masks/$1_labels_semantic.png\"",
                        "benchmark.labels.ood=[1]",
                        "benchmark.labels.id=[0]",
                        "benchmark.labels.void=[255]"))
                .toArray(String[]::new));
    RunResult run = new EvaluationJob(spark, config).run();
    BinaryMetrics single = run.pooled().get("clusters_fused");
    assertThat(single.positives()).isEqualTo(held.<Long>getAs("positives"));
    assertThat(single.negatives()).isEqualTo(held.<Long>getAs("negatives"));
    assertThat(held.<Double>getAs("ap")).isEqualTo(single.ap());
    assertThat(held.<Double>getAs("fpr95")).isEqualTo(single.fpr95());
    assertThat(held.<Double>getAs("auroc")).isEqualTo(single.auroc());
    // a 95 % bootstrap interval over the three held-out images at the sweep's bins, around the
    // figure (the binned AP is within 0.02 of the exact one at these bins, SweepJobIT)
    assertThat(held.<Double>getAs("ap_low")).isLessThan(held.<Double>getAs("ap_high"));
    assertThat(held.<Double>getAs("ap_low")).isLessThanOrEqualTo(single.ap() + 0.02);
    assertThat(held.<Double>getAs("ap_high")).isGreaterThanOrEqualTo(single.ap() - 0.02);
    assertThat(held.<Double>getAs("fpr95_low")).isLessThanOrEqualTo(held.getAs("fpr95_high"));
  }

  @Test
  void reportTopCsvAndConsoleShowValidationAndHeldOutFigures() throws IOException {
    String html = Files.readString(Path.of(java.net.URI.create(result.dir() + "/report.html")));
    assertThat(html)
        .contains("id=\"held-out-table-0\"")
        .contains("validation AP (binned)")
        .contains("held-out AP 95% CI")
        .contains(HELD_OUT)
        .contains("3 images of validation (fraction=0.5, seed=5)")
        .doesNotContain("optimistic");
    String csv = Files.readString(Path.of(java.net.URI.create(result.dir() + "/top.csv")));
    assertThat(csv.lines().filter(l -> l.contains("\"" + HELD_OUT + "\""))).hasSize(1);
    assertThat(csv.lines().findFirst().orElseThrow())
        .contains("split,ap_low,ap_high,fpr95_low,fpr95_high,validation_split");
    String console = SweepSummary.renderHeldOut("held out:", result.heldOut());
    assertThat(console).contains("held-out AP [95% CI]").contains(HELD_OUT);
    assertThat(result.selection()).contains("seeded 0.5").doesNotContain("optimistic");
  }

  @Test
  void threeFoldsEachReportTheirOwnFoldWithTheConfigurationChosenOnTheOthers() throws IOException {
    SweepResult folds = new SweepJob(spark, spec("select-on { folds = 3, seed = 5 }")).run();
    Dataset<Row> rows = spark.read().parquet(folds.dir() + "/sweep.parquet");
    assertThat(folds.heldOut()).hasSize(3);
    for (int f = 1; f <= 3; f++) {
      String validation = "validation fold " + f + "/3 (seed=5)";
      Row held =
          folds.heldOut().stream()
              .filter(r -> r.getAs("validation_split").equals(validation))
              .findFirst()
              .orElseThrow();
      assertThat((String) held.getAs("split")).isEqualTo("held-out fold " + f + "/3 (seed=5)");
      assertThat((long) held.getAs("images")).isEqualTo(2);
      assertThat((long) held.getAs("validation_images")).isEqualTo(4);
      Row best =
          rows.where(col("split").equalTo(validation).and(col("exact").equalTo(false)))
              .orderBy(col("ap").desc(), col("config_key"))
              .first();
      assertThat((String) held.getAs("config_key")).isEqualTo(best.getAs("config_key"));
    }
    // the fraction's rows are the earlier run's, not this selection's
    assertThat(rows.where(col("split").equalTo(HELD_OUT)).count()).isZero();
    assertThat(rows.where(col("split").equalTo("all").and(col("exact").equalTo(false))).count())
        .isEqualTo(4);
  }

  @Test
  void chosenOnASecondBenchmarkAndReportedOnEveryImageOfTheSweepsOwn() throws IOException {
    Path other = output.resolve("other.conf");
    Files.writeString(
        other, "oodseg.benchmark { name = other, synthetic { seed = 8, count = 4 } }\n");
    Path file = output.resolve("bench.conf");
    Files.writeString(
        file,
        "sweep {\n  id = select-bench\n"
            + GRID.replace("exact-top = 1", "exact-top = 4")
            + "  select-on { benchmark = \""
            + other.toString().replace("\\", "/")
            + "\", replicates = 100 }\n}\n");
    List<String> overrides = new ArrayList<>(List.of(BASE));
    overrides.add("output=\"" + output.resolve("sweeps").toUri() + "\"");
    SweepResult bench =
        new SweepJob(spark, SweepConfigLoader.load(file.toFile(), overrides, null)).run();
    assertThat(bench.heldOut()).hasSize(1);
    Row held = bench.heldOut().get(0);
    assertThat((String) held.getAs("benchmark")).isEqualTo("synthetic");
    assertThat((String) held.getAs("split")).isEqualTo("held-out, selected on other");
    assertThat((long) held.getAs("images")).isEqualTo(6);
    assertThat((long) held.getAs("validation_images")).isEqualTo(4);
    Dataset<Row> rows = spark.read().parquet(bench.dir() + "/sweep.parquet");
    Row best =
        rows.where(
                col("benchmark")
                    .equalTo("other")
                    .and(col("exact").equalTo(false))
                    .and(col("split").equalTo("all")))
            .orderBy(col("ap").desc(), col("config_key"))
            .first();
    assertThat((String) held.getAs("validation_key")).isEqualTo(best.getAs("config_key"));
    assertThat((String) held.getAs("params")).isEqualTo(best.getAs("params"));
    // every image of the sweep's benchmark is held out: the exact-top row of the same
    // configuration (all four have one) gives the same figures
    Row all =
        rows.where(
                col("config_key")
                    .equalTo(held.<String>getAs("config_key"))
                    .and(col("exact").equalTo(true))
                    .and(col("split").equalTo("all")))
            .first();
    assertThat(held.<Double>getAs("ap")).isEqualTo(all.getAs("ap"));
    assertThat(held.<Double>getAs("fpr95")).isEqualTo(all.getAs("fpr95"));
    assertThat(held.<Double>getAs("auroc")).isEqualTo(all.getAs("auroc"));
    assertThat(held.<Double>getAs("ap_low")).isLessThan(held.<Double>getAs("ap_high"));
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%064x", new BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
