package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.config.RunConfig;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.TestRuns;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clustering on upsampled features end to end: every feature level of the demo model upsampled to
 * the label's resolution ({@code features.grid = label}), bilinearly and with the image-guided
 * joint bilateral filter, on both clustering engines' shared path (device engine here), through
 * scoring, metrics and the clusters table.
 */
class FineGridIT {
  private static final int IMAGES = 3;
  // labels at half the model's input size: a label-resolution grid of 128 x 256 rows keeps the
  // CPU's K-Means to a few seconds per image
  private static final int HEIGHT = 128;
  private static final int WIDTH = 256;
  @TempDir static Path output;
  static SparkSession spark;
  static RunResult bilinear;
  static RunResult edgeAware;

  @BeforeAll
  static void run() {
    spark = LocalSpark.session();
    bilinear = new EvaluationJob(spark, config("label-bilinear", "bilinear")).run();
    edgeAware = new EvaluationJob(spark, config("label-jbu", "joint-bilateral")).run();
  }

  private static RunConfig config(String runId, String upsample) {
    return TestRuns.config(
        output,
        runId,
        "benchmark.synthetic.count=" + IMAGES,
        "benchmark.synthetic.width=" + WIDTH,
        "benchmark.synthetic.height=" + HEIGHT,
        "inference.partitions=2",
        "features.levels=[all]",
        "features.grid=label",
        "features.upsample=" + upsample);
  }

  /** Per image: grid size, number of assignments and a hash of them (the arrays stay in Spark). */
  private static List<Row> clusters(String runId) {
    return spark
        .read()
        .parquet(output.resolve(runId).resolve("clusters.parquet").toString())
        .selectExpr(
            "image_id",
            "grid_height",
            "grid_width",
            "size(assignments) AS cells",
            "xxhash64(assignments) AS digest")
        .orderBy("image_id")
        .collectAsList();
  }

  @Test
  void theGridIsTheLabelsOwnResolution() {
    for (String run : List.of("label-bilinear", "label-jbu")) {
      List<Row> rows = clusters(run);
      assertThat(rows).hasSize(IMAGES);
      for (Row r : rows) {
        assertThat(r.<Integer>getAs("grid_height")).isEqualTo(HEIGHT);
        assertThat(r.<Integer>getAs("grid_width")).isEqualTo(WIDTH);
        assertThat(r.<Integer>getAs("cells")).isEqualTo(HEIGHT * WIDTH);
      }
    }
  }

  @Test
  void bothUpsamplingsGiveDefinedMetricsAndDifferentClusterings() {
    for (RunResult r : List.of(bilinear, edgeAware)) {
      assertThat(r.images()).isEqualTo(IMAGES);
      BinaryMetrics method = r.pooled().get("clusters_fused");
      assertThat(method.ap()).isBetween(0.0, 1.0);
      assertThat(method.auroc()).isBetween(0.0, 1.0);
      // the baselines do not depend on the feature grid
      assertThat(r.pooled().get("max_logit")).isEqualTo(bilinear.pooled().get("max_logit"));
    }
    List<Row> a = clusters("label-bilinear");
    List<Row> b = clusters("label-jbu");
    int differing = 0;
    for (int i = 0; i < IMAGES; i++) {
      assertThat(a.get(i).<String>getAs("image_id")).isEqualTo(b.get(i).getAs("image_id"));
      if (a.get(i).<Long>getAs("digest").longValue() != b.get(i).<Long>getAs("digest")) {
        differing++;
      }
    }
    assertThat(differing)
        .as("images whose clustering the edge-aware upsampling changed")
        .isPositive();
  }
}
