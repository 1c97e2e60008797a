package io.oodseg.udfs.metrics.bench;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.PooledExactMetrics;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * ranges=8 repeats=3 partitions=4 master=local[2] form=table}. With {@code form=compact} the rows
 * are the pipeline's own: {@link CompactCounts} of the same scores, cached serialized as the
 * pipeline caches its outcomes, and merged by {@link PooledMetrics#computeCompact} (protocol
 * exact). See {@code udfs/BENCH.md} for the command.
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
      boolean compact = opts.getOrDefault("form", "table").equals("compact");
      JavaPairRDD<String, CompactCounts> compactRows =
          compact
              ? jsc.parallelize(ids, partitions)
                  .flatMapToPair(i -> compactImage(i, keys, pixels).iterator())
                  .persist(StorageLevel.MEMORY_ONLY_SER())
              : null;
      if (compact) {
        compactRows.count();
        rows.unpersist(true);
      }
      System.out.printf(
          "data: %d images x %d keys x %d pixels = %,d entries, %d ranges, %s, rows as %s%n",
          images,
          keys,
          pixels,
          entries,
          ranges,
          spark.sparkContext().master(),
          compact ? "compact counts cached serialized" : "tables cached as objects");
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      Map<String, BinaryMetrics> result = null;
      for (int r = 1; r <= repeats; r++) {
        synchronized (stages) {
          stages.clear();
        }
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        result = compact ? exact(compactRows, ranges) : PooledExactMetrics.compute(rows, ranges);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "run %d: compute %.2f s (CPU of the process %.2f s), %.1f M entries/s%n",
            r, seconds, (os.getProcessCpuTime() - cpu) / 1e9, entries / seconds / 1e6);
        synchronized (stages) {
          System.out.println("  stages: " + String.join(", ", stages));
        }
      }
      if (result != null) {
        result.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> System.out.println(e.getKey() + ": " + e.getValue()));
      }
      if (compact) {
        compactRows.unpersist(true);
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

  /** The exact metrics of compact rows, as the pipeline's metric stage computes them. */
  private static Map<String, BinaryMetrics> exact(
      JavaPairRDD<String, CompactCounts> rows, int ranges) {
    Map<String, BinaryMetrics> out = new HashMap<>();
    PooledMetrics.computeCompact(
            rows,
            MetricsOptions.defaults().withProtocols(Set.of(Protocol.EXACT)).withRanges(ranges))
        .forEach((key, m) -> out.put(key, m.get(Protocol.EXACT)));
    return out;
  }

  /** {@link #image}'s scores as compact counts: the sorted keys of its float scores. */
  private static List<Tuple2<String, CompactCounts>> compactImage(int image, int keys, int pixels) {
    List<Tuple2<String, CompactCounts>> out = new ArrayList<>(keys);
    for (int k = 0; k < keys; k++) {
      float[] scores = new float[pixels];
      byte[] labels = new byte[pixels];
      int positives = scores(image, k, scores, labels);
      int[] pos = new int[positives];
      int[] neg = new int[pixels - positives];
      int p = 0;
      int n = 0;
      for (int i = 0; i < pixels; i++) {
        if (labels[i] == 1) {
          pos[p++] = CompactCounts.key(scores[i]);
        } else {
          neg[n++] = CompactCounts.key(scores[i]);
        }
      }
      out.add(new Tuple2<>("method" + k, CompactCounts.sortKeys(pos, p, neg, n, 0)));
    }
    return out;
  }

  /** One image: a table per key, seeded by (image, key). */
  private static List<Tuple2<String, ScoreCounts>> image(int image, int keys, int pixels) {
    List<Tuple2<String, ScoreCounts>> out = new ArrayList<>(keys);
    double[] scores = new double[pixels];
    byte[] labels = new byte[pixels];
    float[] floats = new float[pixels];
    for (int k = 0; k < keys; k++) {
      scores(image, k, floats, labels);
      for (int i = 0; i < pixels; i++) {
        scores[i] = floats[i];
      }
      out.add(new Tuple2<>("method" + k, ScoreCounts.fromPixels(scores, labels, 1, 255)));
    }
    return out;
  }

  /**
   * Fills the scores and labels of one image and key, seeded by (image, key); returns its positive
   * pixels.
   */
  private static int scores(int image, int k, float[] scores, byte[] labels) {
    SplittableRandom rnd = new SplittableRandom(1_000_003L * image + k);
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean positive = rnd.nextDouble() < 0.02;
      labels[i] = (byte) (positive ? 1 : 0);
      positives += positive ? 1 : 0;
      double s = gaussian(rnd) + (positive ? 1.0 + 0.3 * k : 0.0);
      // float-valued scores as a float32 model emits them; 2% coarsely rounded to make ties
      scores[i] = rnd.nextDouble() < 0.02 ? Math.round(s * 64) / 64.0f : (float) s;
    }
    return positives;
  }

  /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom rnd) {
    double u = 1.0 - rnd.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * rnd.nextDouble());
  }
}
