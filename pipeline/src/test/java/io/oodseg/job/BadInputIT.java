package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.cli.OodSeg;
import io.oodseg.config.UsageException;
import io.oodseg.demo.SceneGenerator;
import io.oodseg.demo.SyntheticBenchmarkWriter;
import io.oodseg.infer.ModelCache;
import io.oodseg.io.ImageCodec;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.StandardError;
import io.oodseg.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad image input in one benchmark: each gives an error row, the good images go on.
 */
class BadInputIT {
  @TempDir static Path dir;
  static Path bench;
  static SparkSession spark;

  private static Path label(int i) {
    return bench.resolve(
        "labels_masks/" + SyntheticBenchmarkWriter.id(i) + SyntheticBenchmarkWriter.LABEL_SUFFIX);
  }

  @BeforeAll
  static void writeBenchmark() throws Exception {
    spark = LocalSpark.session();
    bench = dir.resolve("bench");
    new SyntheticBenchmarkWriter(new SceneGenerator(512, 256, 3), new Configuration())
        .writeBenchmark(bench.toString(), 0, 8);
    Files.write(bench.resolve("images/synthetic_00001.jpg"), new byte[] {1, 2, 3, 4});
    byte[] png = Files.readAllBytes(label(2));
    Files.write(label(2), Arrays.copyOf(png, png.length / 2));
    Files.delete(label(3));
    Files.write(label(4), ImageCodec.grayPng(10, 10, new byte[100]));
    byte[] sevens = new byte[512 * 256];
    Arrays.fill(sevens, (byte) 7);
    Files.write(label(5), ImageCodec.grayPng(512, 256, sevens));
    Files.writeString(bench.resolve("images/notes.txt"), "not an image");
  }

  private static String[] smiyc(Path root) {
    return new String[] {"benchmark.layout=smiyc", "benchmark.root=\"" + root.toUri() + "\""};
  }

  @Test
  void eachBadImageBecomesAnErrorRowAndTheGoodOnesAreEvaluated() {
    RunResult result = new EvaluationJob(spark, TestRuns.config(dir, "bad", smiyc(bench))).run();
    assertThat(result.images()).isEqualTo(3);
    assertThat(result.errors()).isEqualTo(5);
    Map<String, Row> errors = new HashMap<>();
    spark
        .read()
        .parquet(dir.resolve("bad/errors.parquet").toString())
        .collectAsList()
        .forEach(r -> errors.put(r.getAs("image_id"), r));
    assertThat(errors.keySet())
        .containsExactlyInAnyOrder(
            "synthetic_00001",
            "synthetic_00002",
            "synthetic_00003",
            "synthetic_00004",
            "synthetic_00005");
    assertThat(errors.values())
        .allSatisfy(r -> assertThat(r.<String>getAs("stage")).isEqualTo("decode"));
    assertThat(reason(errors, 1)).contains("synthetic_00001.jpg");
    assertThat(reason(errors, 2)).contains("synthetic_00002_labels_semantic.png");
    assertThat(reason(errors, 3)).contains("synthetic_00003_labels_semantic.png");
    assertThat(reason(errors, 4)).contains("10x10").contains("512x256");
    assertThat(reason(errors, 5)).contains("value 7");
    assertThat(spark.read().parquet(dir.resolve("bad/images.parquet").toString()).count())
        .isEqualTo(3);
  }

  private static String reason(Map<String, Row> errors, int i) {
    return errors.get(SyntheticBenchmarkWriter.id(i)).getAs("reason");
  }

  @Test
  void failFastStopsAtTheFirstBadImageWithExitCode3AndAFailedManifest() throws Exception {
    String err =
        StandardError.capture(
            () -> assertThat(OodSeg.execute(cli("fail-fast", bench, "--fail-fast"))).isEqualTo(3));
    assertThat(err).contains("--fail-fast").contains("synthetic_0000");
    String manifest = Files.readString(dir.resolve("fail-fast/manifest.json"));
    assertThat(new ObjectMapper().readTree(manifest).get("status").asText()).isEqualTo("failed");
  }

  @Test
  void benchmarkLevelProblemsStopWithExitCode2NamingTheRoot() throws Exception {
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty.resolve("images"));
    String err =
        StandardError.capture(() -> assertThat(OodSeg.execute(cli("empty", empty))).isEqualTo(2));
    assertThat(err).contains(empty.toUri().toString().replaceAll("/$", "")).contains("no images");
    Path missing = dir.resolve("does-not-exist");
    err =
        StandardError.capture(
            () -> assertThat(OodSeg.execute(cli("missing", missing))).isEqualTo(2));
    assertThat(err).contains("does-not-exist");
  }

  @Test
  void aMissingRootIsReportedBeforeTheModelIsLoadedAndRecordedAsFailed() throws Exception {
    Path missing = dir.resolve("no-such-root");
    Path noModel = dir.resolve("no-such-model.conf");
    int loads = ModelCache.loads();
    assertThatThrownBy(
            () ->
                new EvaluationJob(
                        spark,
                        TestRuns.config(
                            dir,
                            "root-first",
                            "benchmark.layout=smiyc",
                            "benchmark.root=\"" + missing.toUri() + "\"",
                            "model.descriptor=\"" + noModel.toUri() + "\""))
                    .run())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no-such-root")
        .hasMessageNotContaining("no-such-model");
    assertThat(ModelCache.loads()).isEqualTo(loads);
    String manifest = Files.readString(dir.resolve("root-first/manifest.json"));
    assertThat(new ObjectMapper().readTree(manifest).get("status").asText()).isEqualTo("failed");
    assertThat(dir.resolve("root-first/images.parquet")).doesNotExist();
  }

  @Test
  void rerunWithTheSameIdNeverMixesOldAndNewRows() throws Exception {
    new EvaluationJob(spark, TestRuns.config(dir, "again", smiyc(bench))).run();
    assertThat(spark.read().parquet(dir.resolve("again/errors.parquet").toString()).count())
        .isEqualTo(5);
    Path clean = dir.resolve("clean");
    new SyntheticBenchmarkWriter(new SceneGenerator(512, 256, 3), new Configuration())
        .writeBenchmark(clean.toString(), 0, 2);
    new EvaluationJob(spark, TestRuns.config(dir, "again", smiyc(clean))).run();
    assertThat(spark.read().parquet(dir.resolve("again/errors.parquet").toString()).count())
        .isZero();
    assertThat(spark.read().parquet(dir.resolve("again/images.parquet").toString()).count())
        .isEqualTo(2);
    // A rerun that stops half-way leaves no table of the earlier run behind, and says it failed.
    assertThat(OodSeg.execute(cli("again", bench, "--fail-fast"))).isEqualTo(3);
    assertThat(dir.resolve("again/images.parquet")).doesNotExist();
    assertThat(Files.readString(dir.resolve("again/manifest.json"))).contains("\"failed\"");
  }

  @Test
  void severalBenchmarksInOneGoEachIntoItsOwnRunFolder() throws Exception {
    Path clean = dir.resolve("multi-clean");
    new SyntheticBenchmarkWriter(new SceneGenerator(512, 256, 5), new Configuration())
        .writeBenchmark(clean.toString(), 0, 2);
    Path first = dir.resolve("first.conf");
    Path second = dir.resolve("second.conf");
    Files.writeString(
        first,
        "oodseg.benchmark { name = \"clean\", layout = \"smiyc\", root = \""
            + clean.toUri()
            + "\" }");
    Files.writeString(
        second,
        "oodseg.benchmark { name = \"broken\", layout = \"smiyc\", root = \""
            + bench.toUri()
            + "\" }");
    assertThat(
            OodSeg.execute(
                "run",
                "--output",
                dir.toUri().toString(),
                "--run-id",
                "multi",
                "--benchmark",
                first.toString(),
                "--benchmark",
                second.toString()))
        .isZero();
    Row clean0 =
        spark.read().parquet(dir.resolve("multi-clean/metrics.parquet").toString()).first();
    assertThat(clean0.<String>getAs("benchmark")).isEqualTo("clean");
    assertThat(clean0.<String>getAs("run_id")).isEqualTo("multi-clean");
    assertThat(spark.read().parquet(dir.resolve("multi-broken/images.parquet").toString()).count())
        .isEqualTo(3);
    assertThat(spark.read().parquet(dir.resolve("multi-broken/errors.parquet").toString()).count())
        .isEqualTo(5);
  }

  private static String[] cli(String runId, Path root, String... extra) {
    String[] base = {
      "run",
      "--output",
      dir.toUri().toString(),
      "--run-id",
      runId,
      "--set",
      "benchmark.layout=smiyc",
      "--set",
      "benchmark.root=\"" + root.toUri() + "\"",
      "--set",
      "report.overlays=0"
    };
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }
}
