package io.oodseg.bench;

import io.oodseg.config.ConfigLoader;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import io.oodseg.sweep.SweepConfigLoader;
import io.oodseg.sweep.SweepJob;
import io.oodseg.sweep.SweepResult;
import io.oodseg.sweep.SweepSpec;
import io.oodseg.sweep.SweepSummary;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A sweep against a single-configuration run on the demo benchmark, in one JVM and one Spark
 * session: a warm-up run first (engine, model, generated benchmark), then one single run with the
 * product defaults, then the sweep from scratch (its folder removed first); prints both wall times,
 * their ratio, the sweep's stage times and tensor-store size, and its best configurations.
 *
 * <p>Usage: {@code SweepBench [sweep-config] [images] [output]} (defaults
 * conf/sweeps/demo-k-tau.conf, 40, runs/bench-sweep).
 */
public final class SweepBench {
  private SweepBench() {}

  public static void main(String[] args) throws IOException {
    File config = new File(args.length > 0 ? args[0] : "conf/sweeps/demo-k-tau.conf");
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    String output = args.length > 2 ? args[2] : "runs/bench-sweep";
    List<String> base = List.of("output=\"" + output + "\"", "benchmark.synthetic.count=" + images);
    SparkSession spark =
        SparkSettings.builder()
            .master("local[*]")
            .appName("oodseg sweep bench")
            .config("spark.ui.enabled", "false")
            .config("spark.scheduler.mode", "FAIR")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate(); // as the command line's local session
    try {
      single(base, "warm-up");
      long t0 = System.nanoTime();
      RunResult single = single(base, "single");
      double singleSeconds = (System.nanoTime() - t0) / 1e9;

      SweepSpec spec = SweepConfigLoader.load(config, base, null);
      Path dir = new Path(output, spec.id());
      dir.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(dir, true);
      t0 = System.nanoTime();
      SweepResult sweep = new SweepJob(spark, spec).run();
      double sweepSeconds = (System.nanoTime() - t0) / 1e9;

      System.out.print(SweepSummary.render("Top configurations of the sweep:", sweep.top()));
      System.out.printf(
          "%nsingle run (product defaults):   %8.1f s  (%d images, AP %.2f)%n",
          singleSeconds, single.images(), 100 * single.pooled().get("clusters_fused").ap());
      System.out.printf(
          "sweep %-26s %8.1f s  (%d configurations, %d rows)%n",
          spec.id() + ":", sweepSeconds, sweep.configurations(), sweep.rows());
      System.out.printf(
          "ratio sweep / single run:        %8.2f  (target <= 1.5)%n",
          sweepSeconds / singleSeconds);
      System.out.printf(
          "sweep stages (s): %s; tensor store %.1f MB (%.2f MB per image); %d cores%n",
          sweep.stageSeconds(),
          sweep.storeBytes() / 1e6,
          sweep.storeBytes() / 1e6 / images,
          spark.sparkContext().defaultParallelism());
    } finally {
      spark.stop();
    }
  }

  private static RunResult single(List<String> base, String runId) {
    List<String> settings = new java.util.ArrayList<>(base);
    settings.add("run-id=" + runId);
    return new EvaluationJob(SparkSession.active(), ConfigLoader.load(null, settings)).run();
  }
}
