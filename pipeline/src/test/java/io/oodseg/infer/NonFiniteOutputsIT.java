package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.demo.SceneGenerator;
import io.oodseg.demo.SyntheticBenchmarkWriter;
import io.oodseg.io.ImageCodec;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.TestRuns;
import java.io.InputStream;
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
 * A model that emits NaN logits for one image and infinite features for another (a tiny TorchScript
 * test model, {@code src/test/python/make_nonfinite_model.py}): both images become error rows
 * naming the output, and the metrics of the rest equal a run without those images.
 */
class NonFiniteOutputsIT {
  private static final int WIDTH = 128;
  private static final int HEIGHT = 64;
  @TempDir static Path dir;
  static SparkSession spark;
  static String descriptor;

  @BeforeAll
  static void writeModelAndBenchmarks() throws Exception {
    spark = LocalSpark.session();
    Path model = dir.resolve("model");
    Files.createDirectories(model);
    for (String file : new String[] {"nonfinite-net.conf", "nonfinite-net.pt"}) {
      try (InputStream in =
          NonFiniteOutputsIT.class.getResourceAsStream("/nonfinite-model/" + file)) {
        Files.copy(in, model.resolve(file));
      }
    }
    descriptor = model.resolve("nonfinite-net.conf").toUri().toString();
    SceneGenerator scenes = new SceneGenerator(WIDTH, HEIGHT, 4);
    new SyntheticBenchmarkWriter(scenes, new Configuration())
        .writeBenchmark(dir.resolve("with").toString(), 0, 6);
    new SyntheticBenchmarkWriter(scenes, new Configuration())
        .writeBenchmark(dir.resolve("without").toString(), 0, 6);
    Path without = dir.resolve("without");
    for (int i : new int[] {1, 4}) {
      Files.delete(without.resolve("images/" + SyntheticBenchmarkWriter.id(i) + ".jpg"));
      Files.delete(
          without.resolve(
              "labels_masks/"
                  + SyntheticBenchmarkWriter.id(i)
                  + SyntheticBenchmarkWriter.LABEL_SUFFIX));
    }
    Path with = dir.resolve("with");
    Files.write(with.resolve("images/" + SyntheticBenchmarkWriter.id(1) + ".jpg"), plain(0xFFFFFF));
    Files.write(with.resolve("images/" + SyntheticBenchmarkWriter.id(4) + ".jpg"), plain(0x000000));
  }

  private static byte[] plain(int rgb) {
    int[] pixels = new int[WIDTH * HEIGHT];
    Arrays.fill(pixels, rgb);
    return ImageCodec.jpeg(WIDTH, HEIGHT, pixels, 0.95f);
  }

  private static RunResult run(String runId, String bench) {
    return new EvaluationJob(
            spark,
            TestRuns.config(
                dir,
                runId,
                "model.descriptor=\"" + descriptor + "\"",
                "benchmark.layout=smiyc",
                "benchmark.root=\"" + dir.resolve(bench).toUri() + "\"",
                "kmeans.k=4"))
        .run();
  }

  @Test
  void nanAndInfImagesBecomeErrorRowsAndTheRestIsUnaffected() {
    RunResult with = run("nonfinite", "with");
    RunResult without = run("finite-only", "without");
    assertThat(with.images()).isEqualTo(4);
    assertThat(with.errors()).isEqualTo(2);
    Map<String, Row> errors = new HashMap<>();
    spark
        .read()
        .parquet(dir.resolve("nonfinite/errors.parquet").toString())
        .collectAsList()
        .forEach(r -> errors.put(r.getAs("image_id"), r));
    Row nan = errors.get(SyntheticBenchmarkWriter.id(1));
    Row inf = errors.get(SyntheticBenchmarkWriter.id(4));
    assertThat(nan.<String>getAs("stage")).isEqualTo("inference");
    assertThat(nan.<String>getAs("reason"))
        .contains("'logits'")
        .contains("NaN")
        .doesNotContain("features");
    assertThat(inf.<String>getAs("reason"))
        .contains("'features_s8'")
        .contains("0 NaN and 2048 infinite values of 2048");

    assertThat(without.images()).isEqualTo(4);
    assertThat(with.pooled()).isEqualTo(without.pooled());
    RunTables.assertSame(spark, dir.resolve("finite-only"), dir.resolve("nonfinite"), "metrics");
    RunTables.assertSame(
        spark, dir.resolve("finite-only"), dir.resolve("nonfinite"), "images", "image_uri");
  }
}
