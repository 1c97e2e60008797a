package io.oodseg.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.oodseg.config.ConfigLoader;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.sql.SparkSession;

/**
 * Driver memory against the number of images: the demo benchmark evaluated with N and with 10·N
 * images under {@code local-cluster} (a master and a worker inside this JVM, the executor in a JVM
 * of its own), so that this JVM's heap is the driver's. Records the live heap after every
 * collection during each run (the most of it: the driver's peak live set) and the heap after a full
 * collection at the end, and prints their ratio between the two runs.
 *
 * <p>Needs {@code SPARK_HOME} set to a folder with a {@code jars/} subfolder (the worker launches
 * the executor from it; the executor's class path is this JVM's). Usage: {@code DriverMemoryBench
 * [images] [factor] [output] [scene WxH]} (defaults 100, 10, runs/driver-memory, 512x256).
 */
public final class DriverMemoryBench {
  private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

  /**
   * JVM options of the executor besides the module openings (as conf/spark/*.properties ship them).
   */
  private static final String EXECUTOR_OPTIONS =
      System.getProperty("oodseg.bench.executor-options", "-XX:G1HeapRegionSize=8m");

  private DriverMemoryBench() {}

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int factor = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String output = args.length > 2 ? args[2] : "runs/driver-memory";
    String[] size = (args.length > 3 ? args[3] : "512x256").split("x");
    if (System.getenv("SPARK_HOME") == null) {
      throw new IllegalStateException(
          "set SPARK_HOME to a folder holding a jars/ subfolder (see submit/bench-soak.sh)");
    }
    watchCollections();
    SparkSession spark =
        SparkSettings.builder()
            .master("local-cluster[1,2,3072]")
            .appName("oodseg driver memory")
            .config("spark.executor.memory", "3g")
            .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .config("spark.executor.extraJavaOptions", String.join(" ", executorJvmOptions()))
            .config(
                "spark.executorEnv.ENGINE_CACHE_DIR",
                String.valueOf(System.getenv("ENGINE_CACHE_DIR")))
            .config(
                "spark.executorEnv.DJL_CACHE_DIR", String.valueOf(System.getenv("DJL_CACHE_DIR")))
            .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      double[] small = measure(spark, output, images, size);
      double[] large = measure(spark, output, images * factor, size);
      System.out.printf(
          "%ndriver heap (its own JVM; the executor runs in another) against the number of images:%n");
      System.out.printf(
          "  %6s  %9s  %27s  %26s%n",
          "images", "seconds", "peak live heap (after GC) MiB", "heap after final GC MiB");
      for (double[] r : List.of(small, large)) {
        System.out.printf("  %6d  %9.1f  %29.1f  %26.1f%n", (long) r[0], r[1], r[2], r[3]);
      }
      System.out.printf(
          "  ratio for %dx the images: peak live heap %.2f, heap after final GC %.2f%n",
          factor, large[2] / small[2], large[3] / small[3]);
    } finally {
      spark.stop();
    }
  }

  /** One run: images, seconds, peak live heap MiB, heap after a full GC at the end MiB. */
  private static double[] measure(SparkSession spark, String output, int images, String[] size)
      throws Exception {
    System.gc();
    PEAK_AFTER_GC.set(0);
    long start = System.nanoTime();
    RunResult result =
        new EvaluationJob(
                spark,
                ConfigLoader.load(
                    null,
                    List.of(
                        "output=\"" + output + "\"",
                        "run-id=driver-" + images,
                        "benchmark.synthetic.count=" + images,
                        "benchmark.synthetic.width=" + size[0],
                        "benchmark.synthetic.height=" + size[1])))
            .run();
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(2_000); // the run's cached results are removed asynchronously
    double peak = ProcessMemory.mib(PEAK_AFTER_GC.get());
    System.gc();
    double after = ProcessMemory.heapUsedMib();
    return new double[] {result.images() + result.errors(), seconds, peak, after};
  }

  /** Keeps the largest heap in use right after any collection of this JVM. */
  private static void watchCollections() {
    Set<String> heapPools = ProcessMemory.heapPools();
    NotificationListener listener =
        (notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool :
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo()
                    .getMemoryUsageAfterGc()
                    .entrySet()) {
              used += heapPools.contains(pool.getKey()) ? pool.getValue().getUsed() : 0;
            }
            PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  /**
   * The executor's JVM options: this JVM's module openings and DJL settings, then the extra ones.
   */
  private static List<String> executorJvmOptions() {
    List<String> options = new ArrayList<>(SparkSettings.inheritableJvmOptions());
    options.addAll(List.of(EXECUTOR_OPTIONS.split(" ")));
    return options;
  }
}
