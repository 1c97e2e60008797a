package io.oodseg.udfs.metrics.bench;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.PooledExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Throughput benchmark of {@link PooledExactMetrics#compute} on data shaped like the pipeline's:
 * per image and method one {@link ScoreCounts} of float-valued, almost all distinct scores (a few
 * ties), 2% positive pixels. Not a test: it only prints timings and the metrics (whose exact digits
 * let two versions be compared bit for bit).
 *
 * <p>Arguments are optional {@code name=value} pairs: {@code images=100 keys=5 pixels=131072
 * ranges=8 repeats=3 partitions=4 master=local[2]}. See {@code udfs/BENCH.md} for the command.
 */
public final class PooledMergeBench {
  private PooledMergeBench() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected name=value, got " + a);
      }
      opts.put(kv[0], kv[1]);
    }
    int images = Integer.parseInt(opts.getOrDefault("images", "100"));
    int keys = Integer.parseInt(opts.getOrDefault("keys", "5"));
    int pixels = Integer.parseInt(opts.getOrDefault("pixels", "131072"));
    int ranges = Integer.parseInt(opts.getOrDefault("ranges", "8"));
    int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
    int partitions = Integer.parseInt(opts.getOrDefault("partitions", "4"));
    SparkSession spark =
        SparkSession.builder()
            .master(opts.getOrDefault("master", "local[2]"))
            .appName("PooledMergeBench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<String> stages = new ArrayList<>();
      spark.sparkContext().addSparkListener(new StageLog(stages));
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        ids.add(i);
      }
      JavaPairRDD<String, ScoreCounts> rows =
          jsc.parallelize(ids, partitions)
              .flatMapToPair(i -> image(i, keys, pixels).iterator())
              .persist(StorageLevel.MEMORY_ONLY());
      long entries = rows.values().map(c -> (long) c.size()).reduce(Long::sum);
      System.out.printf(
          "data: %d images x %d keys x %d pixels = %,d entries, %d ranges, %s%n",
          images, keys, pixels, entries, ranges, spark.sparkContext().master());
      Map<String, BinaryMetrics> result = null;
      for (int r = 1; r <= repeats; r++) {
        synchronized (stages) {
          stages.clear();
        }
        long start = System.nanoTime();
        result = PooledExactMetrics.compute(rows, ranges);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "run %d: compute %.2f s, %.1f M entries/s%n", r, seconds, entries / seconds / 1e6);
        synchronized (stages) {
          System.out.println("  stages: " + String.join(", ", stages));
        }
      }
      if (result != null) {
        result.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> System.out.println(e.getKey() + ": " + e.getValue()));
      }
      rows.unpersist(true);
    } finally {
      spark.stop();
    }
  }

  /** Records wall time, task time, GC time and shuffle bytes of each completed stage. */
  private static final class StageLog extends SparkListener {
    private final List<String> out;

    StageLog(List<String> out) {
      this.out = out;
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
      StageInfo info = event.stageInfo();
      long wall = (long) info.completionTime().get() - (long) info.submissionTime().get();
      String name = info.name().replaceAll(" at .*", "");
      synchronized (out) {
        long shuffled = info.taskMetrics().shuffleWriteMetrics().bytesWritten();
        out.add(
            String.format(
                "%s %d ms (tasks %d ms, gc %d ms%s)",
                name,
                wall,
                info.taskMetrics().executorRunTime(),
                info.taskMetrics().jvmGCTime(),
                shuffled > 1 << 20 ? String.format(", shuffle write %d MB", shuffled >> 20) : ""));
      }
    }
  }

  /** One image: a table per key, seeded by (image, key). */
  private static List<Tuple2<String, ScoreCounts>> image(int image, int keys, int pixels) {
    List<Tuple2<String, ScoreCounts>> out = new ArrayList<>(keys);
    double[] scores = new double[pixels];
    byte[] labels = new byte[pixels];
    for (int k = 0; k < keys; k++) {
      SplittableRandom rnd = new SplittableRandom(1_000_003L * image + k);
      for (int i = 0; i < pixels; i++) {
        boolean positive = rnd.nextDouble() < 0.02;
        labels[i] = (byte) (positive ? 1 : 0);
        double s = gaussian(rnd) + (positive ? 1.0 + 0.3 * k : 0.0);
        // float-valued scores as a float32 model emits them; 2% coarsely rounded to make ties
        scores[i] = rnd.nextDouble() < 0.02 ? Math.round(s * 64) / 64.0f : (float) s;
      }
      out.add(new Tuple2<>("method" + k, ScoreCounts.fromPixels(scores, labels, 1, 255)));
    }
    return out;
  }

  /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1.0 - rnd.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * rnd.nextDouble());
  }
}
