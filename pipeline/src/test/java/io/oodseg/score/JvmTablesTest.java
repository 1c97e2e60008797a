package io.oodseg.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.Confidence;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.Resampler;
import io.oodseg.testing.Ndarrays;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.ExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU path in the JVM ({@link JvmTables}) against the libtorch path it replaces: the same grid
 * cell for every pixel, the same cluster means to the bit, and the same tables, per-image metrics
 * and cluster statistics for every score mode, statistic and threshold mode.
 */
class JvmTablesTest {
  private static final ImageRecord RECORD = new ImageRecord("img", "i.png", "l.png");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "8, 8",
    "8, 16",
    "8, 32",
    "16, 256",
    "32, 1024",
    "64, 2048",
    "16, 720",
    "32, 1280",
    "45, 720",
    "80, 1280",
    "7, 100",
    "37, 1000",
    "100, 33",
    "256, 256",
    "512, 1024",
    "1000, 1024",
    "3, 2047"
  })
  void nearestIndexIsLibtorchsNearestResize(int in, int out) {
    try (NDManager m = Ndarrays.cpu()) {
      float[] ramp = new float[in];
      for (int i = 0; i < in; i++) {
        ramp[i] = i;
      }
      float[] resized =
          Resampler.nearest(m.create(ramp, new Shape(1, 1, in)), 1, out).toFloatArray();
      int[] index = JvmTables.nearestIndex(in, out);
      for (int i = 0; i < out; i++) {
        assertThat(index[i]).as("output %d", i).isEqualTo((int) resized[i]);
      }
    }
  }

  @Test
  void clusterMeansAreLibtorchsToTheBit() {
    // values over many binades, so that the order of a float64 sum shows in its last bits
    int gh = 16;
    int gw = 32;
    int h = 700;
    int w = 1300;
    int k = 8;
    Random random = new Random(11);
    int[] assignments = randomAssignments(random, gh * gw, k);
    float[] confidence = new float[h * w];
    for (int i = 0; i < confidence.length; i++) {
      confidence[i] =
          (float) (Math.exp(random.nextGaussian() * 4) * (random.nextBoolean() ? 1 : -1));
    }
    try (NDManager m = Ndarrays.cpu()) {
      NDArray pixelClusters = ImageScorer.pixelClusters(m, assignments, gh, gw, h, w);
      double[] reference =
          new ClusterScorer(params().method()).statistics(pixelClusters, m.create(confidence), k);
      JvmTables tables = new JvmTables(new byte[h * w], 1, 255, w, h);
      double[] jvm =
          tables.clusterMeans(confidence, assignments, k, JvmTables.CellIndex.of(gh, gw, h, w));
      int[] pixels = ImageScorer.pixelClusterIndexes(assignments, gh, gw, h, w);
      assertThat(java.util.Arrays.stream(pixels).asLongStream().toArray())
          .isEqualTo(pixelClusters.toLongArray());
      double[] fromPixels = JvmTables.clusterMeans(confidence, pixels, k);
      for (int c = 0; c < k; c++) {
        assertThat(Double.doubleToRawLongBits(jvm[c]))
            .as("cluster %d: %s vs %s", c, jvm[c], reference[c])
            .isEqualTo(Double.doubleToRawLongBits(reference[c]));
        assertThat(Double.doubleToRawLongBits(fromPixels[c]))
            .as("cluster %d from the pixel map", c)
            .isEqualTo(Double.doubleToRawLongBits(reference[c]));
      }
    }
  }

  @ParameterizedTest(name = "{0}, {1} {2}")
  @CsvSource({"mean, zscore, -0.5", "median, quantile, 0.4", "min, absolute, -4", "max, zscore, 0"})
  void flagsOnCpuAreClusterScorersFlags(String statistic, String threshold, String value) {
    int gh = 8;
    int gw = 16;
    int h = 100;
    int w = 230;
    int k = 6;
    // clusters in column bands of the grid; the left third of the image far less confident
    int[] assignments = new int[gh * gw];
    for (int i = 0; i < assignments.length; i++) {
      assignments[i] = (i % gw) * k / gw;
    }
    Random random = new Random(5);
    float[] confidence = new float[h * w];
    for (int i = 0; i < confidence.length; i++) {
      confidence[i] = (float) (random.nextGaussian() + (i % w < w / 3 ? -6 : 2));
    }
    RunConfig config =
        params(
            "cluster.statistic = " + statistic,
            "threshold.mode = " + threshold,
            "threshold.value = " + value);
    try (NDManager m = Ndarrays.cpu()) {
      NDArray map = m.create(confidence);
      ClusterFlags reference =
          new ClusterScorer(config.method())
              .flag(ImageScorer.pixelClusters(m, assignments, gh, gw, h, w), map, k);
      ClusterFlags cpu =
          ImageScorer.flagsOnCpu(
              config.method(),
              map,
              confidence,
              ImageScorer.pixelClusterIndexes(assignments, gh, gw, h, w),
              k);
      assertThat(cpu.statistics()).containsExactly(reference.statistics());
      assertThat(cpu.flagged()).containsExactly(reference.flagged());
      assertThat(cpu.threshold()).isEqualTo(reference.threshold());
      assertThat(cpu.flagged()).as("some flagged, some not").contains(true, false);
    }
  }

  @ParameterizedTest(name = "{0}, {1}, {2}")
  @CsvSource({
    "fused, mean, zscore",
    "fused, mean, quantile",
    "fused, median, absolute",
    "pixel, mean, zscore",
    "cluster, mean, zscore",
    "cluster, max, quantile",
    "flag, mean, zscore",
    "flag, min, absolute"
  })
  void jvmPathGivesTheTablesOfTheLibtorchPath(String mode, String statistic, String threshold) {
    RunConfig config =
        params(
            "score.mode=" + mode,
            "cluster.statistic=" + statistic,
            "threshold.mode=" + threshold,
            "threshold.value="
                + (threshold.equals("absolute")
                    ? "5.0"
                    : threshold.equals("quantile") ? "0.3" : "-0.3"));
    // a grid coarser and one as fine as the label
    for (int[] grid : new int[][] {{8, 16}, {60, 90}, {23, 41}}) {
      int h = 60;
      int w = 90;
      Random random = new Random(grid[0] * 31 + grid[1]);
      int k = 6;
      int[] assignments = randomAssignments(random, grid[0] * grid[1], k);
      byte[] label = new byte[h * w];
      for (int i = 0; i < label.length; i++) {
        int r = random.nextInt(20);
        label[i] = (byte) (r == 0 ? 255 : r < 4 ? 1 : 0);
      }
      try (NDManager m = Ndarrays.cpu()) {
        List<NDArray> f32 = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          float[] map = new float[h * w];
          for (int i = 0; i < map.length; i++) {
            // coarse values (many ties), a few signed zeros, tiny and large values
            int r = random.nextInt(50);
            map[i] =
                r == 0
                    ? -0.0f
                    : r == 1
                        ? 0.0f
                        : r < 5
                            ? (float) (random.nextGaussian() * 1e-9)
                            : r < 25
                                ? random.nextInt(12) * 0.5f
                                : (float) (5 + 3 * random.nextGaussian());
          }
          f32.add(m.create(map));
        }
        ImageScorer scorer = new ImageScorer(config.method(), config.metrics());
        ImageOutcome jvm =
            scorer.score(
                RECORD, assignments, k, grid[0], grid[1], f32, label, w, h, new StageTimes());
        ImageOutcome device =
            scorer
                .onDevicePath()
                .score(
                    RECORD, assignments, k, grid[0], grid[1], f32, label, w, h, new StageTimes());
        // the tables as the code before the compact tables counted them: the float64 score maps
        // of ClusterScorer (libtorch) and -confidence, counted by ScoreCounts.fromPixels
        NDArray pixelClusters = ImageScorer.pixelClusters(m, assignments, grid[0], grid[1], h, w);
        ClusterScorer clusterScorer = new ClusterScorer(config.method());
        ClusterFlags flags = clusterScorer.flag(pixelClusters, f32.get(0), k);
        NDArray methodScore = clusterScorer.score(pixelClusters, f32.get(0), flags);
        Map<String, ScoreCounts> reference = new LinkedHashMap<>();
        reference.put(
            ImageScorer.methodName(config.method()),
            ScoreCounts.fromPixels(methodScore.toDoubleArray(), label, 1, 255));
        for (Confidence c : Confidence.values()) {
          reference.put(
              c.key(),
              ScoreCounts.fromPixels(f32.get(c.ordinal()).neg().toFloatArray(), label, 1, 255));
        }
        Map<String, BinaryMetrics> referenceMetrics = new LinkedHashMap<>();
        reference.forEach((key, t) -> referenceMetrics.put(key, ExactMetrics.compute(t)));
        for (ImageOutcome outcome : List.of(jvm, device)) {
          assertThat(outcome.failed()).isFalse();
          assertThat(outcome.counts()).isEqualTo(reference);
          assertThat(outcome.metrics()).isEqualTo(referenceMetrics);
          assertThat(outcome.clusters().statistics()).containsExactly(flags.statistics());
          assertThat(outcome.clusters().flagged()).containsExactly(flags.flagged());
        }
        // the overlays' maps, in the JVM from the stored flags: libtorch's to the bit
        ImageScorer.PixelMaps pixels =
            ImageScorer.pixelMaps(config.method(), jvm.clusters(), f32.get(0).toFloatArray(), w, h);
        assertThat(Arrays.stream(pixels.score()).map(Double::doubleToRawLongBits).toArray())
            .isEqualTo(
                Arrays.stream(methodScore.toDoubleArray())
                    .map(Double::doubleToRawLongBits)
                    .toArray());
        assertThat(Arrays.stream(pixels.clusters()).asLongStream().toArray())
            .isEqualTo(pixelClusters.toLongArray());
        ImageOutcome libtorch = device;
        assertThat(jvm.validPixels()).isEqualTo(libtorch.validPixels());
      }
    }
  }

  @Test
  void fusedScoresThatRoundTogetherAreOneEntryAsInTheFloat64Map() {
    // 2^20 - c rounds tiny confidences of a flagged cluster to one double: one entry, as counting
    // the float64 map gives
    RunConfig config = params("threshold.mode=absolute", "threshold.value=1.0");
    float[] conf = {1e-12f, 2e-12f, -3e-12f, 5f, 6f, 0.5f, 0.25f, 7f};
    byte[] label = {1, 0, 1, 0, 1, 0, 0, 0};
    int[] assignments = {0, 1}; // grid 1x2 -> left half cluster 0, right half cluster 1
    try (NDManager m = Ndarrays.cpu()) {
      ImageScorer scorer = new ImageScorer(config.method(), config.metrics());
      float[] left = {1e-12f, 2e-12f, -3e-12f, 0.5f};
      float[] leftRight = new float[8];
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 4; x++) {
          leftRight[y * 4 + x] = x < 2 ? left[y * 2 + x] : conf[3 + y * 2 + x - 2];
        }
      }
      List<NDArray> f32 =
          List.of(
              m.create(leftRight), m.create(leftRight), m.create(leftRight), m.create(leftRight));
      List<NDArray> f64 = new ArrayList<>();
      for (NDArray a : f32) {
        f64.add(a.toType(DataType.FLOAT64, false));
      }
      ImageOutcome jvm =
          scorer.score(RECORD, assignments, 2, 1, 2, f32, label, 4, 2, new StageTimes());
      ImageOutcome ref =
          scorer.score(RECORD, assignments, 2, 1, 2, f64, label, 4, 2, new StageTimes());
      assertThat(jvm.counts()).isEqualTo(ref.counts());
      assertThat(jvm.counts().get("clusters_fused").size()).isLessThan(8);
    }
  }

  @Test
  void nanConfidenceOfAValidPixelFailsNamingTheMap() {
    RunConfig config = params();
    try (NDManager m = Ndarrays.cpu()) {
      float[] map = {1, 2, Float.NaN, 4};
      List<NDArray> maps = List.of(m.create(map), m.create(map), m.create(map), m.create(map));
      ImageScorer scorer = new ImageScorer(config.method(), config.metrics());
      assertThatThrownBy(
              () ->
                  scorer.score(
                      RECORD,
                      new int[] {0},
                      1,
                      1,
                      1,
                      maps,
                      new byte[] {0, 1, 0, 0},
                      2,
                      2,
                      new StageTimes()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clusters_fused")
          .hasMessageContaining("pixel index 2");
      // a void pixel's NaN is ignored
      ImageOutcome ok =
          scorer.score(
              RECORD,
              new int[] {0},
              1,
              1,
              1,
              maps,
              new byte[] {0, 1, (byte) 255, 0},
              2,
              2,
              new StageTimes());
      assertThat(ok.validPixels()).isEqualTo(3);
    }
  }

  private static int[] randomAssignments(Random random, int cells, int k) {
    int[] a = new int[cells];
    for (int i = 0; i < cells; i++) {
      a[i] = i < k ? i : random.nextInt(k);
    }
    return a;
  }

  private static RunConfig params(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides));
  }
}
