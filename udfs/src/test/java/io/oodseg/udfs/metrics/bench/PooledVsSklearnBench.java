package io.oodseg.udfs.metrics.bench;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CurvePoint;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Java side of {@code udfs/bench/pooled_vs_sklearn.sh}: {@code generate} writes seeded
 * synthetic pixels (float32 scores, uint8 labels: 0, 1 = OoD, 255 = void) that numpy reads with
 * {@code np.fromfile}; {@code compute} times {@link PooledMetrics} on them in Spark (each task
 * reads its images and counts them, so no pixel reaches the driver) and writes the values, the time
 * and the driver's peak heap as JSON. Not a test.
 *
 * <p>Arguments ({@code name=value}): {@code generate dir=D images=100 pixels=1000000 seed=1};
 * {@code compute dir=D out=F ranges=16 partitions=20 master=local[2] repeats=1}.
 */
public final class PooledVsSklearnBench {
  private PooledVsSklearnBench() {}

  /** Runs {@code generate} or {@code compute}; see the class comment. */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      o.put(kv[0], kv[1]);
    }
    Path dir = Path.of(o.getOrDefault("dir", "/tmp/oodseg-bench"));
    if (args.length > 0 && args[0].equals("generate")) {
      generate(
          dir,
          Integer.parseInt(o.getOrDefault("images", "100")),
          Integer.parseInt(o.getOrDefault("pixels", "1000000")),
          Long.parseLong(o.getOrDefault("seed", "1")));
    } else if (args.length > 0 && args[0].equals("compute")) {
      compute(dir, Path.of(o.getOrDefault("out", dir.resolve("java.json").toString())), o);
    } else {
      throw new IllegalArgumentException("usage: generate|compute name=value...");
    }
  }

  /** Image sizes alternate between 3/4 and 5/4 of {@code pixels} (the total is kept). */
  private static long[] offsets(int images, int pixels) {
    long[] at = new long[images + 1];
    for (int i = 0; i < images; i++) {
      int size = images % 2 == 0 ? (i % 2 == 0 ? pixels * 3 / 4 : pixels * 5 / 4) : pixels;
      at[i + 1] = at[i] + size;
    }
    return at;
  }

  private static void generate(Path dir, int images, int pixels, long seed) throws IOException {
    Files.createDirectories(dir);
    long[] at = offsets(images, pixels);
    try (DataOutputStream index =
            new DataOutputStream(new FileOutputStream(dir.resolve("index.txt").toFile()));
        BufferedOutputStream scores =
            new BufferedOutputStream(
                new FileOutputStream(dir.resolve("scores.f32").toFile()), 1 << 20);
        BufferedOutputStream labels =
            new BufferedOutputStream(
                new FileOutputStream(dir.resolve("labels.u8").toFile()), 1 << 20)) {
      ByteBuffer buf = ByteBuffer.allocate(4 * (pixels * 5 / 4 + 1)).order(ByteOrder.LITTLE_ENDIAN);
      for (int img = 0; img < images; img++) {
        int n = (int) (at[img + 1] - at[img]);
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + img);
        byte[] l = new byte[n];
        buf.clear();
        for (int i = 0; i < n; i++) {
          double u = rnd.nextDouble();
          l[i] = (byte) (u < 0.05 ? 255 : u < 0.07 ? 1 : 0); // 5% void, 2% OoD
          double g =
              Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
                      * Math.cos(2 * Math.PI * rnd.nextDouble())
                  + (l[i] == 1 ? 1.5 : 0.0);
          // float32 scores as a model emits them; 2% coarsely rounded to make ties
          buf.putFloat(rnd.nextDouble() < 0.02 ? Math.round(g * 64) / 64.0f : (float) g);
        }
        scores.write(buf.array(), 0, 4 * n);
        labels.write(l);
      }
      index.writeBytes(images + " " + at[images] + " " + seed + "\n");
    }
    System.out.printf("generated %d images, %,d pixels in %s%n", images, at[images], dir);
  }

  /** The counts of image {@code img}, read from the files. */
  private static ScoreCounts read(String dir, long from, long to) {
    int n = (int) (to - from);
    try (RandomAccessFile s = new RandomAccessFile(dir + "/scores.f32", "r");
        RandomAccessFile l = new RandomAccessFile(dir + "/labels.u8", "r")) {
      ByteBuffer raw = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      s.getChannel().read(raw, 4 * from);
      raw.flip();
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        scores[i] = raw.getFloat();
      }
      byte[] labels = new byte[n];
      l.seek(from);
      l.readFully(labels);
      return ScoreCounts.fromPixels(scores, labels, 1, 255);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void compute(Path dir, Path out, Map<String, String> o) throws IOException {
    String[] index = Files.readString(dir.resolve("index.txt")).trim().split(" ");
    int images = Integer.parseInt(index[0]);
    long total = Long.parseLong(index[1]);
    long[] at = offsets(images, (int) (total / images));
    SparkSession spark =
        SparkSession.builder()
            .master(o.getOrDefault("master", "local[2]"))
            .appName("PooledVsSklearnBench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        ids.add(i);
      }
      String d = dir.toString();
      JavaPairRDD<String, ScoreCounts> rows =
          jsc.parallelize(ids, Integer.parseInt(o.getOrDefault("partitions", "20")))
              .mapToPair(i -> new Tuple2<>("bench", read(d, at[i], at[i + 1])));
      MetricsOptions options =
          MetricsOptions.defaults()
              .withProtocols(EnumSet.of(Protocol.EXACT, Protocol.ADE_OOD, Protocol.FISHYSCAPES))
              .withRanges(Integer.parseInt(o.getOrDefault("ranges", "16")))
              .withCurvePoints(101);
      ProtocolMetrics m = null;
      double seconds = Double.NaN;
      for (int r = 0; r < Integer.parseInt(o.getOrDefault("repeats", "1")); r++) {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        m = PooledMetrics.compute(rows, options).get("bench");
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "run %d: %.2f s, driver heap peak %.0f MB%n",
            r + 1,
            seconds,
            peakHeapBytes() / 1e6);
      }
      Files.writeString(out, json(m, seconds, total, images));
    } finally {
      spark.stop();
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** Sum of the heap pools' peak usage since the last reset. */
  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static String json(ProtocolMetrics m, double seconds, long pixels, int images) {
    BinaryMetrics exact = m.get(Protocol.EXACT);
    CurvePoint last = m.curve().get(m.curve().size() - 1);
    return String.format(
        Locale.ROOT,
        "{\"seconds\": %.3f, \"pixels\": %d, \"images\": %d, "
            + "\"max_heap_bytes\": %d, \"peak_heap_bytes\": %d, \"positives\": %d, "
            + "\"negatives\": %d, \"thresholds\": %d, \"ap\": %.17g, \"auroc\": %.17g, "
            + "\"fpr95\": %.17g, \"fpr95_ade_ood\": %.17g, \"curve_points\": %d, "
            + "\"curve_last_tpr\": %.17g}%n",
        seconds,
        pixels,
        images,
        Runtime.getRuntime().maxMemory(),
        peakHeapBytes(),
        exact.positives(),
        exact.negatives(),
        exact.thresholds(),
        exact.ap(),
        exact.auroc(),
        exact.fpr95(),
        m.get(Protocol.ADE_OOD).fpr95(),
        m.curve().size(),
        last.tpr());
  }
}
