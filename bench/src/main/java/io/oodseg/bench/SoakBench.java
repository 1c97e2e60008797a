package io.oodseg.bench;

import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Memory soak: evaluates the demo benchmark round after round in one Spark session (local mode:
 * driver and executors share this JVM, so the executor heap is this heap) and records, after each
 * round, the heap after a full GC, the process RSS ({@code /proc/self/status} VmRSS: heap plus
 * libtorch's native memory) and the images evaluated so far; a sampler records the peaks during
 * each round. Prints the figures and the least-squares slope per 100 images (the first round, which
 * loads the engine and warms up, is left out of the fit). Memory held by the C allocator but free
 * is returned ({@code malloc_trim}) before the settled RSS is read, and Native Memory Tracking's
 * total (the JVM's own memory) is subtracted from it: what is left is libtorch's and the other
 * native libraries'. The driver's memory against the number of images is {@link
 * DriverMemoryBench}'s job (it needs the driver in a JVM of its own).
 *
 * <p>Usage: {@code SoakBench [rounds] [images per round] [output] [scene WxH] [key=value ...]}
 * (defaults 10, 100, runs/soak, 512x256, no settings; the model input is 256x512 whatever the scene
 * size, smaller scenes make the per-pixel scoring and counting cheaper).
 */
public final class SoakBench {
  private SoakBench() {}

  /** One sample. */
  record Sample(
      long images,
      double heapMib,
      double rssMib,
      double peakHeapMib,
      double peakRssMib,
      double seconds,
      double trimmedRssMib,
      double jvmMib,
      Map<String, Double> jvmCategories) {
    /** RSS after malloc_trim less what the JVM itself has committed: libtorch and other natives. */
    double outsideJvmMib() {
      return trimmedRssMib - jvmMib;
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    String output = args.length > 2 ? args[2] : "runs/soak";
    String[] size = (args.length > 3 ? args[3] : "512x256").split("x");
    List<String> scene =
        new ArrayList<>(
            List.of(
                "benchmark.synthetic.width=" + size[0], "benchmark.synthetic.height=" + size[1]));
    scene.addAll(List.of(args).subList(Math.min(4, args.length), args.length));
    SparkSession spark =
        SparkSettings.builder()
            .master("local[*]")
            .appName("oodseg soak")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      List<Sample> samples = new ArrayList<>();
      long images = 0;
      System.out.printf(
          "%nround  images  seconds  heap after GC MiB  peak heap MiB  RSS MiB  peak RSS MiB"
              + "  RSS after trim MiB  JVM (NMT) MiB  outside JVM MiB%n");
      for (int round = 0; round < rounds; round++) {
        Sample s = measure(spark, config(output, "soak-" + round, perRound, scene), images);
        images = s.images();
        samples.add(s);
        System.out.printf(
            "%5d  %6d  %7.1f  %17.1f  %13.1f  %7.1f  %12.1f  %18.1f  %13.1f  %15.1f%n",
            round,
            s.images(),
            s.seconds(),
            s.heapMib(),
            s.peakHeapMib(),
            s.rssMib(),
            s.peakRssMib(),
            s.trimmedRssMib(),
            s.jvmMib(),
            s.outsideJvmMib());
        delete(spark, output + "/soak-" + (round - 1));
      }
      List<Sample> fitted = samples.subList(Math.min(1, samples.size() - 1), samples.size());
      Sample first = fitted.get(0);
      Sample last = samples.get(samples.size() - 1);
      System.out.printf(
          "%nslope per 100 images (rounds 1..%d, least squares), first fitted round -> last:%n",
          rounds - 1);
      System.out.printf(
          "  heap after GC    %+8.2f MiB  (%.1f -> %.1f)%n",
          100 * slope(fitted, Sample::heapMib), first.heapMib(), last.heapMib());
      System.out.printf(
          "  RSS              %+8.2f MiB  (%.1f -> %.1f)%n",
          100 * slope(fitted, Sample::rssMib), first.rssMib(), last.rssMib());
      System.out.printf(
          "  RSS after trim   %+8.2f MiB  (%.1f -> %.1f)%n",
          100 * slope(fitted, Sample::trimmedRssMib), first.trimmedRssMib(), last.trimmedRssMib());
      System.out.printf(
          "  JVM (NMT)        %+8.2f MiB  (%.1f -> %.1f)%n",
          100 * slope(fitted, Sample::jvmMib), first.jvmMib(), last.jvmMib());
      System.out.printf(
          "  outside the JVM  %+8.2f MiB  (%.1f -> %.1f)%n",
          100 * slope(fitted, Sample::outsideJvmMib), first.outsideJvmMib(), last.outsideJvmMib());
      System.out.println("  JVM (NMT) categories that changed by more than 1 MiB:");
      first
          .jvmCategories()
          .forEach(
              (category, mib) -> {
                double change = last.jvmCategories().getOrDefault(category, 0.0) - mib;
                if (Math.abs(change) > 1) {
                  System.out.printf(
                      "    %-28s %+8.1f MiB  (%.1f -> %.1f)%n",
                      category, change, mib, last.jvmCategories().get(category));
                }
              });
      System.out.println(
          "(local mode: driver and executor heap are the same JVM heap; JVM (NMT) is NaN unless the"
              + " JVM runs with -XX:NativeMemoryTracking=summary)");
    } finally {
      spark.stop();
    }
  }

  private static RunConfig config(String output, String runId, int images, List<String> scene) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "output=\"" + output + "\"",
                "run-id=" + runId,
                "benchmark.synthetic.count=" + images));
    settings.addAll(scene);
    return ConfigLoader.load(null, settings);
  }

  /**
   * Runs one evaluation while sampling peaks every 200 ms; then a full GC and the settled figures.
   */
  private static Sample measure(SparkSession spark, RunConfig config, long before)
      throws Exception {
    double[] peaks = new double[2];
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peaks[0] = Math.max(peaks[0], ProcessMemory.heapUsedMib());
                peaks[1] = Math.max(peaks[1], ProcessMemory.rssMib());
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "soak-sampler");
    sampler.setDaemon(true);
    long start = System.nanoTime();
    sampler.start();
    RunResult result = new EvaluationJob(spark, config).run();
    sampler.interrupt();
    sampler.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(2_000); // the run's cached results are removed asynchronously
    double heap = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) { // the least of a few full collections: cleanup runs between them
      System.gc();
      heap = Math.min(heap, ProcessMemory.heapUsedMib());
      Thread.sleep(500);
    }
    double rss = ProcessMemory.rssMib();
    double trimmed = ProcessMemory.trimMalloc() ? ProcessMemory.rssMib() : Double.NaN;
    ProcessMemory.JvmMemory jvm = ProcessMemory.jvmMemory();
    return new Sample(
        before + result.images(),
        heap,
        rss,
        peaks[0],
        peaks[1],
        seconds,
        trimmed,
        jvm.committedMib(),
        jvm.byCategory());
  }

  /** Least-squares slope of one figure, MiB per image. */
  static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> figure) {
    double n = samples.size();
    double mx = samples.stream().mapToDouble(Sample::images).sum() / n;
    double my = samples.stream().mapToDouble(figure).sum() / n;
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      double dx = s.images() - mx;
      sxy += dx * (figure.applyAsDouble(s) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private static void delete(SparkSession spark, String dir) throws IOException {
    Path path = new Path(dir);
    path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
  }
}
