package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class InferenceProgressTest {
  @Test
  void lineShowsDoneOverTotalRateAndEta() {
    // 120 images in 14.8 s: 8.11 images/s, 380 left: 46.9 s
    assertThat(InferenceProgress.format(120, 500, 14.8))
        .isEqualTo("inference: 120/500 images (24 %), 8.1 images/s, ETA 0:47, 0:15 elapsed");
    assertThat(InferenceProgress.format(0, 500, 3))
        .isEqualTo("inference: 0/500 images (0 %), 0.0 images/s, ETA --, 0:03 elapsed");
    assertThat(InferenceProgress.format(10, 10_000, 3.0))
        .isEqualTo("inference: 10/10000 images (0 %), 3.3 images/s, ETA 49:57, 0:03 elapsed");
    assertThat(InferenceProgress.format(10, 1_000_000, 1.0)).contains("ETA 27:46:39");
    // a slow model: 3 images in 193 s is 64.3 s per image, one left
    assertThat(InferenceProgress.format(3, 4, 193))
        .isEqualTo("inference: 3/4 images (75 %), 64.3 s/image, ETA 1:04, 3:13 elapsed");
    assertThat(InferenceProgress.format(500, 500, 61.6))
        .isEqualTo("inference: 500/500 images (100 %), 8.1 images/s, done, 1:02 elapsed");
  }

  @Test
  void countsTheImagesOfFinishedTasksOnce() throws Exception {
    SparkSession spark = LocalSpark.session();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    InferenceProgress progress =
        InferenceProgress.start(
            sc.sc(), 20, 3600, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    LongAccumulator images = progress.accumulator();
    List<Integer> items = IntStream.range(0, 20).boxed().toList();
    long seen =
        sc.parallelize(items, 4)
            .map(
                i -> {
                  images.add(1);
                  return i;
                })
            .count();
    spark.sparkContext().listenerBus().waitUntilEmpty();
    assertThat(progress.done()).isEqualTo(seen).isEqualTo(20);
    progress.close();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().toList()).hasSize(1);
    assertThat(printed).startsWith("inference: 20/20 images (100 %), ").contains(", done, ");
  }
}
