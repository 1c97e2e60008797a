package io.oodseg.bench;

import io.oodseg.config.ConfigLoader;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Per-image clustering time of the two engines on the demo benchmark for K ∈ {4, 8, 16}, in one JVM
 * and one Spark session: the wall time clustering occupied divided by the number of images (device:
 * summed clustering task time over the cores running tasks; mllib: the wall time of the concurrent
 * fits), their ratio, and the pooled AP of each.
 *
 * <p>Usage: {@code ClusteringBench [images] [concurrency] [output]} (defaults 40, 4,
 * runs/bench-clustering).
 */
public final class ClusteringBench {
  private ClusteringBench() {}

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String output = args.length > 2 ? args[2] : "runs/bench-clustering";
    SparkSession spark =
        SparkSettings.builder()
            .master("local[*]")
            .appName("oodseg clustering bench")
            .config("spark.ui.enabled", "false")
            .config("spark.scheduler.mode", "FAIR")
            .getOrCreate();
    StringBuilder table =
        new StringBuilder(
            String.format(
                "%n%4s %16s %16s %8s %10s %10s%n",
                "K", "device ms/image", "mllib ms/image", "ratio", "AP device", "AP mllib"));
    try {
      run(spark, output, images, concurrency, 8, "device", "warm-up");
      for (int k : new int[] {4, 8, 16}) {
        RunResult device = run(spark, output, images, concurrency, k, "device", "device-k" + k);
        RunResult mllib = run(spark, output, images, concurrency, k, "mllib", "mllib-k" + k);
        double d = 1000 * device.clusteringWallSeconds() / device.images();
        double m = 1000 * mllib.clusteringWallSeconds() / mllib.images();
        table.append(
            String.format(
                "%4d %16.1f %16.1f %8.1f %10.2f %10.2f%n",
                k,
                d,
                m,
                m / d,
                100 * device.pooled().get("clusters_fused").ap(),
                100 * mllib.pooled().get("clusters_fused").ap()));
      }
      System.out.println(
          table
              + "("
              + images
              + " images, "
              + spark.sparkContext().defaultParallelism()
              + " cores, mllib concurrency "
              + concurrency
              + "; ratio = mllib / device)");
    } finally {
      spark.stop();
    }
  }

  private static RunResult run(
      SparkSession spark,
      String output,
      int images,
      int concurrency,
      int k,
      String engine,
      String runId) {
    return new EvaluationJob(
            spark,
            ConfigLoader.load(
                null,
                List.of(
                    "output=\"" + output + "\"",
                    "run-id=" + runId,
                    "benchmark.synthetic.count=" + images,
                    "kmeans.k=" + k,
                    "clustering.engine=" + engine,
                    "clustering.concurrency=" + concurrency)))
        .run();
  }
}
