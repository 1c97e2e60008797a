package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.demo.SceneGenerator;
import io.oodseg.demo.SyntheticBenchmarkWriter;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.TestRuns;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor's input pipelines end to end ({@code input.pipeline}, docs/design.md §3), with the
 * demo model at target scale 128×256 ({@code input.target}) on a benchmark of two image sizes:
 * 256×128 (the target itself) and 150×125 (scaled to 154×128, padded to 160×128 by {@code
 * keep-ratio}). The windows and padding against torch are {@code wiring.InputPipelinesTest}'s; this
 * test checks the run: where an image is its own input, every pipeline gives the {@code resize}
 * run's tables; images of other canvases never share a forward pass, whatever the batch size;
 * {@code slide} runs overlapping windows to the end.
 */
class InputPipelinesIT {
  private static final String TARGET = "target = [128, 256]";
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void writeModelsAndBenchmarks() throws Exception {
    spark = LocalSpark.session();
    String demo;
    try (InputStream in =
        InputPipelinesIT.class.getResourceAsStream("/demo-model/demo-segnet.conf")) {
      demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (InputStream in =
        InputPipelinesIT.class.getResourceAsStream("/demo-model/demo-segnet.pt")) {
      Files.copy(in, dir.resolve("demo-segnet.pt"));
    }
    Map<String, String> pipelines = new HashMap<>();
    pipelines.put("resize", "pipeline = \"resize\"\n  " + TARGET);
    pipelines.put("keep-ratio", "pipeline = \"keep-ratio\"\n  " + TARGET);
    pipelines.put(
        "one-window",
        "pipeline = \"slide\"\n  "
            + TARGET
            + "\n  slide { crop = [128, 256], stride = [128, 256] }");
    pipelines.put(
        "windows",
        "pipeline = \"slide\"\n  " + TARGET + "\n  slide { crop = [64, 128], stride = [48, 80] }");
    for (Map.Entry<String, String> p : pipelines.entrySet()) {
      // input.height x input.width (256x512) stays the size the model is checked and probed at
      String text = demo.replace("pipeline = \"resize\"", p.getValue());
      assertThat(text).contains(p.getValue());
      Files.writeString(dir.resolve(p.getKey() + ".conf"), text);
    }
    Configuration conf = new Configuration();
    new SyntheticBenchmarkWriter(new SceneGenerator(256, 128, 3), conf)
        .writeBenchmark(dir.resolve("same").toString(), 0, 3);
    new SyntheticBenchmarkWriter(new SceneGenerator(256, 128, 3), conf)
        .writeBenchmark(dir.resolve("mixed").toString(), 0, 2);
    new SyntheticBenchmarkWriter(new SceneGenerator(150, 125, 5), conf)
        .writeBenchmark(dir.resolve("mixed").toString(), 2, 3);
  }

  private static RunResult run(String runId, String pipeline, String bench, String... more) {
    List<String> settings =
        new java.util.ArrayList<>(
            List.of(
                "model.descriptor=\"" + dir.resolve(pipeline + ".conf").toUri() + "\"",
                "benchmark.layout=smiyc",
                "benchmark.root=\"" + dir.resolve(bench).toUri() + "\"",
                "inference.partitions=1",
                "features.grid=8",
                "kmeans.k=4"));
    settings.addAll(List.of(more));
    return new EvaluationJob(spark, TestRuns.config(dir, runId, settings.toArray(String[]::new)))
        .run();
  }

  /** A run on the benchmark of two sizes, which must evaluate its 5 images without an error. */
  private static RunResult mixed(String runId, String pipeline, int batchSize) {
    RunResult r = run(runId, pipeline, "mixed", "inference.batch-size=" + batchSize);
    assertThat(r.images()).as(runId).isEqualTo(5);
    assertThat(r.errors()).as(runId).isZero();
    return r;
  }

  /**
   * The clustering grid (stride 8) of each size: 256x128 is its own input; 150x125 is scaled by
   * 1.024 to 154x128, ceil(154 / 8) = 20 cells.
   */
  private static void assertGridsFollowTheScaledSizes(String runId) {
    Map<String, List<Integer>> grids = grids(runId);
    assertThat(grids.get(SyntheticBenchmarkWriter.id(0))).containsExactly(16, 32);
    assertThat(grids.get(SyntheticBenchmarkWriter.id(4))).containsExactly(16, 20);
  }

  private static Map<String, List<Integer>> grids(String runId) {
    Map<String, List<Integer>> out = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve(runId).resolve("clusters.parquet").toString())
            .collectAsList()) {
      out.put(r.getAs("image_id"), List.of(r.getAs("grid_height"), r.getAs("grid_width")));
    }
    return out;
  }

  @Test
  void whereTheImageIsItsOwnInputEveryPipelineGivesTheResizeRunsTables() {
    RunResult resize = run("same-resize", "resize", "same");
    assertThat(resize.images()).isEqualTo(3);
    assertThat(resize.errors()).isZero();
    for (String pipeline : List.of("keep-ratio", "one-window")) {
      RunResult other = run("same-" + pipeline, pipeline, "same");
      assertThat(other.pooled()).as(pipeline).isEqualTo(resize.pooled());
      RunTables.assertSame(
          spark, dir.resolve("same-resize"), dir.resolve("same-" + pipeline), "metrics");
    }
  }

  @Test
  void imagesOfOtherCanvasesNeverShareAForwardPass() {
    // batches of 4 over [256x128, 256x128, 150x125, 150x125, 150x125]: [2] then [3] forward
    RunResult batched = mixed("mixed-batch4", "keep-ratio", 4);
    RunResult single = mixed("mixed-batch1", "keep-ratio", 1);
    assertThat(batched.pooled()).isEqualTo(single.pooled());
    RunTables.assertSame(
        spark, dir.resolve("mixed-batch1"), dir.resolve("mixed-batch4"), "metrics");
    assertGridsFollowTheScaledSizes("mixed-batch4");
  }

  @Test
  void slideRunsOverlappingWindowsToTheEnd() {
    RunResult windows = mixed("mixed-windows", "windows", 4);
    RunResult resize = mixed("mixed-resize", "resize", 4);
    assertThat(windows.pooled().get("max_logit").ap()).isBetween(0.0, 1.0);
    // 9 and 6 windows of 64x128 (4 images in one forward pass) see other contexts than one
    // 128x256 input
    assertThat(windows.pooled().get("max_logit")).isNotEqualTo(resize.pooled().get("max_logit"));
    assertGridsFollowTheScaledSizes("mixed-windows");
  }
}
