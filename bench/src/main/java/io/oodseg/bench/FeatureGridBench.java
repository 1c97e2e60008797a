package io.oodseg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.FeatureNorm;
import io.oodseg.config.FeatureUpsampling;
import io.oodseg.config.KMeansParams;
import io.oodseg.config.UpsamplingParams;
import io.oodseg.engine.Libtorch;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Cost of clustering on upsampled features (docs/clustering.md), on the CPU:
 *
 * <ol>
 *   <li>InternImage-T's feature shapes for a 2048x1024 input (64/128/256/512 channels at strides
 *       4/8/16/32, seeded random values): time to upsample and concatenate all four levels, time of
 *       K-Means (k = 8, defaults) and the process's peak resident memory above its resident memory
 *       before, per grid stride, bilinear, and joint bilateral at strides of 8 and more (on a CPU
 *       the finer bilateral runs take minutes);
 *   <li>the demo model end to end (all levels, k = 8): clustering time per image and pooled AP per
 *       grid (8, 4, label) and upsampling (joint bilateral at 8 and 4).
 * </ol>
 *
 * <p>Usage: {@code FeatureGridBench [demo images] [output] [strides...]} (defaults 8,
 * runs/bench-feature-grid, 32 8 4).
 */
public final class FeatureGridBench {
  private static final int[] CHANNELS = {64, 128, 256, 512};
  private static final int[] STRIDES = {4, 8, 16, 32};
  private static final int HEIGHT = 1024;
  private static final int WIDTH = 2048;

  private FeatureGridBench() {}

  public static void main(String[] args) throws IOException {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    String output = args.length > 1 ? args[1] : "runs/bench-feature-grid";
    int[] grids =
        args.length > 2
            ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {32, 8, 4};
    System.out.printf(
        "InternImage-T feature shapes, %dx%d input, all four levels (D = 960), k = 8, CPU%n",
        WIDTH, HEIGHT);
    System.out.printf(
        "%-16s %8s %10s %12s %12s %6s %12s  %s%n",
        "upsampling",
        "stride",
        "cells",
        "rows MiB",
        "upsample ms",
        "iter",
        "k-means ms",
        "peak MiB");
    for (int stride : grids) {
      internImage(stride, "bilinear");
    }
    for (int stride : grids) {
      if (stride >= 8) {
        internImage(stride, "joint-bilateral");
      }
    }
    demo(images, output);
  }

  private static void internImage(int stride, String mode) throws IOException {
    UpsamplingParams up =
        "bilinear".equals(mode)
            ? UpsamplingParams.BILINEAR
            : new UpsamplingParams(FeatureUpsampling.JOINT_BILATERAL, 2, 1.0, 0.1);
    Engine engine = Libtorch.engine();
    engine.setRandomSeed(17);
    try (NDManager m = Libtorch.newBaseManager(Device.cpu())) {
      NDList levels = new NDList();
      for (int i = 0; i < CHANNELS.length; i++) {
        levels.add(m.randomNormal(new Shape(CHANNELS[i], HEIGHT / STRIDES[i], WIDTH / STRIDES[i])));
      }
      NDArray guide = m.randomUniform(0, 1, new Shape(3, HEIGHT, WIDTH));
      FeatureGrid grid = new FeatureGrid(HEIGHT / stride, WIDTH / stride, FeatureNorm.L2, up);
      double before = resetPeak();
      long t0 = System.nanoTime();
      NDArray rows = grid.rows(levels, up.guided() ? guide : null);
      rows.toFloatArray(); // forces the work
      long t1 = System.nanoTime();
      DeviceKMeans.Result result = DeviceKMeans.of(new KMeansParams(8, 50, 1e-4, 42)).fit(rows);
      long t2 = System.nanoTime();
      double peak = peakMib() - before;
      System.out.printf(
          "%-16s %8d %10d %12.0f %12.0f %6d %12.0f  %.0f   (load %s)%n",
          mode,
          stride,
          grid.cells(),
          grid.cells() * 960.0 * 4 / (1 << 20),
          (t1 - t0) / 1e6,
          result.iterations(),
          (t2 - t1) / 1e6,
          peak,
          load());
    }
  }

  private static void demo(int images, String output) throws IOException {
    SparkSession spark =
        SparkSettings.builder()
            .master("local[*]")
            .appName("oodseg feature grid bench")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      System.out.printf(
          "%nDemo model, %d images of 512x256, all levels (D = 144), k = 8, device engine%n",
          images);
      System.out.printf(
          "%-16s %8s %18s %10s  %s%n", "upsampling", "grid", "clustering ms/img", "AP", "load");
      run(spark, output, images, "0", "bilinear", "warm-up");
      for (String grid : List.of("8", "4", "label")) {
        // the bilateral filter at the label's size takes minutes per image on a CPU
        for (String mode :
            "label".equals(grid) ? List.of("bilinear") : List.of("bilinear", "joint-bilateral")) {
          RunResult r = run(spark, output, images, grid, mode, "grid-" + grid + "-" + mode);
          System.out.printf(
              "%-16s %8s %18.1f %10.2f  %s%n",
              mode,
              grid,
              1000 * r.clusteringWallSeconds() / r.images(),
              100 * r.pooled().get("clusters_fused").ap(),
              load());
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static RunResult run(
      SparkSession spark, String output, int images, String grid, String mode, String runId) {
    return new EvaluationJob(
            spark,
            ConfigLoader.load(
                null,
                List.of(
                    "output=\"" + output + "\"",
                    "run-id=" + runId,
                    "benchmark.synthetic.count=" + images,
                    "report.overlays=0",
                    "inference.progress-seconds=0",
                    "features.levels=[all]",
                    "features.grid=" + grid,
                    "features.upsample=" + mode)))
        .run();
  }

  /** Resets the process's peak resident size (Linux {@code clear_refs}); returns VmRSS in MiB. */
  private static double resetPeak() throws IOException {
    Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
    return status("VmRSS:");
  }

  private static double peakMib() throws IOException {
    return status("VmHWM:");
  }

  private static double status(String key) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static String load() throws IOException {
    return Files.readString(Paths.get("/proc/loadavg")).trim();
  }
}
