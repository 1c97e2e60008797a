package io.oodseg.bench;

import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Memory soak: evaluates the demo benchmark round after round in one Spark session (local mode:
 * driver and executors share this JVM, so the executor heap is this heap) and records, after each
 * round, the heap after a full GC, the process RSS ({@code /proc/self/status} VmRSS: heap plus
 * libtorch's native memory; also less the JVM's committed heap and non-heap, which leaves
 * mostly native memory) and the images evaluated so far; a sampler records the peaks during
 * each round. Prints the figures and the least-squares slope per 100 images (the first round,
 * which loads the engine and warms up, is left out of the fit). Then one run over all the
 * images at once against one round: the driver's retained heap must not grow with the count.
 *
 * <p>Usage: {@code SoakBench [rounds] [images per round] [output] [scene WxH]} (defaults 10, 100,
 * runs/soak, 512x256; the model input is 256x512 whatever the scene size, smaller scenes make the
 * per-pixel scoring and counting cheaper).
 */
public final class SoakBench {
  private static final double MIB = 1024.0 * 1024.0;

  private SoakBench() {}

  /** One sample. */
  record Sample(long images, double heapMib, double rssMib, double peakHeapMib, double peakRssMib, double seconds,
      double committedMib) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    String output = args.length > 2 ? args[2] : "runs/soak";
    String[] size = (args.length > 3 ? args[3] : "512x256").split("x");
    List<String> scene = List.of("benchmark.synthetic.width=" + size[0], "benchmark.synthetic.height=" + size[1]);
    SparkSession spark = SparkSession.builder().master("local[*]").appName("oodseg soak")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Sample> samples = new ArrayList<>();
      long images = 0;
      System.out.printf("%nround  images  seconds  heap after GC MiB  RSS MiB  peak heap MiB  peak RSS MiB"
        + "  RSS - JVM committed MiB%n");
      for (int round = 0; round < rounds; round++) {
        Sample s = measure(spark, config(output, "soak-" + round, perRound, scene), images);
        images = s.images();
        samples.add(s);
        System.out.printf("%5d  %6d  %7.1f  %16.1f  %7.1f  %13.1f  %12.1f  %22.1f%n", round, s.images(), s.seconds(),
            s.heapMib(), s.rssMib(), s.peakHeapMib(), s.peakRssMib(), s.rssMib() - s.committedMib());
        delete(spark, output + "/soak-" + (round - 1));
      }
      List<Sample> fitted = samples.subList(Math.min(1, samples.size() - 1), samples.size());
      System.out.printf("%nslope per 100 images (rounds 1..%d, least squares): heap after GC %+.2f MiB, RSS %+.2f MiB%n",
          rounds - 1, 100 * slope(fitted, true), 100 * slope(fitted, false));
      System.out.printf("over %d images: heap after GC %.1f -> %.1f MiB, RSS %.1f -> %.1f MiB%n", images,
          fitted.get(0).heapMib(), samples.get(samples.size() - 1).heapMib(), fitted.get(0).rssMib(),
          samples.get(samples.size() - 1).rssMib());
      System.out.println("(local mode: driver and executor heap are the same JVM heap)");

      Sample one = measure(spark, config(output, "soak-small", perRound, scene), 0);
      Sample all = measure(spark, config(output, "soak-large", rounds * perRound, scene), 0);
      System.out.printf("%ndriver heap against the number of images in one run (peak heap in use / after GC):%n");
      System.out.printf("  %5d images: peak %.1f MiB, after GC %.1f MiB, %.1f s%n", one.images(), one.peakHeapMib(),
          one.heapMib(), one.seconds());
      System.out.printf("  %5d images: peak %.1f MiB, after GC %.1f MiB, %.1f s%n", all.images(), all.peakHeapMib(),
          all.heapMib(), all.seconds());
      System.out.printf("  ratio of retained heap %.2f for %dx the images%n", all.heapMib() / one.heapMib(), rounds);
    } finally {
      spark.stop();
    }
  }

  private static RunConfig config(String output, String runId, int images, List<String> scene) {
    List<String> settings = new ArrayList<>(List.of("output=\"" + output + "\"", "run-id=" + runId,
        "benchmark.synthetic.count=" + images));
    settings.addAll(scene);
    return ConfigLoader.load(null, settings);
  }

  /** Runs one evaluation while sampling peaks every 200 ms; then a full GC and the settled figures. */
  private static Sample measure(SparkSession spark, RunConfig config, long before) throws Exception {
    double[] peaks = new double[2];
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peaks[0] = Math.max(peaks[0], heapUsedMib());
        peaks[1] = Math.max(peaks[1], rssMib());
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "soak-sampler");
    sampler.setDaemon(true);
    long start = System.nanoTime();
    sampler.start();
    RunResult result = new EvaluationJob(spark, config).run();
    sampler.interrupt();
    sampler.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(2_000); // the run's cached results are removed asynchronously
    System.gc();
    System.gc();
    double committed = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()
        + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted()) / MIB;
    return new Sample(before + result.images(), heapUsedMib(), rssMib(), peaks[0], peaks[1], seconds, committed);
  }

  private static double heapUsedMib() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        MemoryUsage u = pool.getUsage();
        used += u.getUsed();
      }
    }
    return used / MIB;
  }

  /** Resident set size of this process (Linux), in MiB; NaN elsewhere. */
  static double rssMib() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** Least-squares slope of heap (or RSS) MiB per image. */
  static double slope(List<Sample> samples, boolean heap) {
    double n = samples.size();
    double mx = samples.stream().mapToDouble(Sample::images).sum() / n;
    double my = samples.stream().mapToDouble(s -> heap ? s.heapMib() : s.rssMib()).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      double dx = s.images() - mx;
      sxy += dx * ((heap ? s.heapMib() : s.rssMib()) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private static void delete(SparkSession spark, String dir) throws IOException {
    Path path = new Path(dir);
    path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
  }
}
