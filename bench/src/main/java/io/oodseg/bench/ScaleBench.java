package io.oodseg.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import io.oodseg.catalog.BenchmarkReaders;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.demo.SceneGenerator;
import io.oodseg.demo.SyntheticBenchmarkWriter;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ImageDecoder;
import io.oodseg.infer.LoadedModel;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.OodTranslator;
import io.oodseg.infer.Preprocessor;
import io.oodseg.udfs.metrics.ScoreCounts;
import io.oodseg.wiring.ImageAnalyzer;
import io.oodseg.wiring.ModelOutputs;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Cost per megapixel of label of each stage after the forward pass, at several label sizes, on one
 * CPU core (one thread, no Spark): the demo benchmark generated at each size (model input 512×256
 * whatever the size), each image decoded, run through the embedded model one at a time, clustered
 * on the device engine, its confidence maps computed at label size, scored and counted exactly as
 * the pipeline's device engine does ({@code wiring.ImageAnalyzer}). Prints, per size, the
 * milliseconds per image and per megapixel of label of decode, forward pass, clustering, confidence
 * maps, scoring and counting, what the image's outcome keeps for the passes after inference (bytes
 * per valid pixel per method), and a SHA-256 digest of every result table of every image (scores,
 * counts, cluster statistics and flags), so that two builds can be shown to give bit-identical
 * tables.
 *
 * <p>Usage: {@code ScaleBench [WxH,WxH,...] [images per size] [output] [rounds]} (defaults
 * 512x256,1280x720,2048x1024, 6, runs/bench-scale, 2). Every image goes through the chain {@code
 * rounds} times; the first round warms up, the figures are the means of the others.
 */
public final class ScaleBench {
  private ScaleBench() {}

  /** Per-image stage times after the forward pass, as {@code wiring.ImageAnalyzer} runs them. */
  private static final class TimedAnalyzer implements BatchAnalyzer<ImageOutcome> {
    private final ModelOutputs outputs;
    private final DeviceKMeans kmeans;
    private final ImageAnalyzer scoring;
    long confidenceNanos;
    long clusterCpu;
    long confidenceCpu;
    long scoreCpu;

    TimedAnalyzer(ModelDescriptor d, RunConfig config) {
      outputs = new ModelOutputs(d, config.method());
      kmeans = DeviceKMeans.of(config.method().kmeans());
      scoring = new ImageAnalyzer(d, config.method(), config.metrics(), config.faults());
    }

    @Override
    public ImageOutcome analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
      long c0 = cpu();
      long t0 = System.nanoTime();
      FeatureGrid grid = outputs.grid(batch, image.labelHeight(), image.labelWidth());
      DeviceKMeans.Result clusters = kmeans.fit(outputs.rows(grid, batch, index));
      long t1 = System.nanoTime();
      long c1 = cpu();
      clusterCpu += c1 - c0;
      times.add(StageTimes.CLUSTERING, t1 - t0);
      List<NDArray> confidences =
          outputs.confidences(batch, index, image.labelHeight(), image.labelWidth());
      for (NDArray c : confidences) {
        c.getFloat(0); // computed now, whatever the engine defers
      }
      confidenceNanos += System.nanoTime() - t1;
      long c2 = cpu();
      confidenceCpu += c2 - c1;
      try {
        return scoring.score(image, clusters, grid, confidences, times);
      } finally {
        scoreCpu += cpu() - c2;
      }
    }

    @Override
    public ImageOutcome failure(ImageRecord record, String stage, String reason) {
      return ImageOutcome.failure(record, stage, reason);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of the current thread (libtorch runs its ops on it with one intra-op thread). */
  static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  public static void main(String[] args) throws Exception {
    String[] sizes = (args.length > 0 ? args[0] : "512x256,1280x720,2048x1024").split(",");
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    String output = args.length > 2 ? args[2] : "runs/bench-scale";
    int rounds = Math.max(2, args.length > 3 ? Integer.parseInt(args[3]) : 2);
    Configuration hadoop = new Configuration();
    // the engine's default device: a GPU where there is one (then the CPU figures are the host's
    // share only), else the CPU
    Device device = ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice();
    List<String> lines = new ArrayList<>();
    List<String> cpuLines = new ArrayList<>();
    cpuLines.add(
        String.format(
            "%-10s %6s %5s | %8s %8s %8s %8s %17s | %9s",
            "label",
            "MP",
            "imgs",
            "decode",
            "forward",
            "cluster",
            "confid.",
            "scoring+counting",
            "D+S+C"));
    lines.add(
        String.format(
            "%-10s %6s %5s | %8s %8s %8s %8s %8s %8s | %8s %8s %8s %8s %8s %8s | %9s | %s",
            "label",
            "MP",
            "imgs",
            "decode",
            "forward",
            "cluster",
            "confid.",
            "scoring",
            "counting",
            "decode",
            "forward",
            "cluster",
            "confid.",
            "scoring",
            "counting",
            "D+S+C",
            "bytes/px/method kept, tables SHA-256"));
    lines.add(
        String.format(
            "%-10s %6s %5s | %53s | %53s | %9s |",
            "", "", "", "ms per image", "ms per megapixel of label", "ms/MP"));
    for (String size : sizes) {
      String[] wh = size.split("x");
      int width = Integer.parseInt(wh[0]);
      int height = Integer.parseInt(wh[1]);
      RunConfig config =
          ConfigLoader.load(
              null,
              List.of(
                  "output=\"" + output + "\"",
                  "run-id=scale",
                  "benchmark.synthetic.count=" + images,
                  "benchmark.synthetic.width=" + width,
                  "benchmark.synthetic.height=" + height));
      String root = output + "/_data/" + size + "-" + images;
      if (!Files.exists(java.nio.file.Path.of(root, "complete"))) {
        new SyntheticBenchmarkWriter(
                new SceneGenerator(width, height, config.benchmark().syntheticSeed()), hadoop)
            .writeBenchmark(root, 0, images);
        Files.createDirectories(java.nio.file.Path.of(root));
        Files.writeString(java.nio.file.Path.of(root, "complete"), "");
      }
      ModelDescriptor d = ModelDescriptor.load(config.modelDescriptor(), hadoop);
      ImageDecoder decoder =
          new ImageDecoder(
              new Preprocessor(d), BenchmarkReaders.forSpec(config.benchmark()).labelMap());
      List<ImageRecord> records =
          BenchmarkReaders.forSpec(config.benchmark()).list(root, hadoop).stream()
              .sorted(java.util.Comparator.comparing(ImageRecord::id))
              .toList();
      LoadedModel model = ModelCache.get(d, device, 1, hadoop);
      TimedAnalyzer analyzer = new TimedAnalyzer(d, config);
      long[] nanos = new long[StageTimes.STAGES.length];
      long confidenceNanos = 0;
      // per stage and image, the least CPU time over the measured rounds: decode, forward,
      // cluster, confidences, scoring + counting
      long[][] bestCpu = new long[5][records.size()];
      for (long[] b : bestCpu) {
        java.util.Arrays.fill(b, Long.MAX_VALUE);
      }
      double keptBytes = 0;
      double methodPixels = 0;
      String digest = null;
      try (Predictor<List<DecodedImage>, List<ImageOutcome>> predictor =
          model.newPredictor(new OodTranslator<>(d, analyzer))) {
        for (int round = 0; round < rounds; round++) {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          analyzer.confidenceNanos = 0;
          analyzer.clusterCpu = 0;
          analyzer.confidenceCpu = 0;
          analyzer.scoreCpu = 0;
          long decodeCpu = 0;
          long predictCpu = 0;
          for (int img = 0; img < records.size(); img++) {
            ImageRecord r = records.get(img);
            long[] before = {analyzer.clusterCpu, analyzer.confidenceCpu, analyzer.scoreCpu};
            long c0 = cpu();
            DecodedImage image = decoder.decode(r, hadoop);
            long c1 = cpu();
            ImageOutcome outcome = predictor.predict(List.of(image)).get(0);
            long c2 = cpu();
            predictCpu += c2 - c1;
            decodeCpu += c1 - c0;
            long[] stages = {
              c1 - c0,
              c2
                  - c1
                  - (analyzer.clusterCpu - before[0])
                  - (analyzer.confidenceCpu - before[1])
                  - (analyzer.scoreCpu - before[2]),
              analyzer.clusterCpu - before[0],
              analyzer.confidenceCpu - before[1],
              analyzer.scoreCpu - before[2]
            };
            if (round > 0) {
              for (int st = 0; st < stages.length; st++) {
                bestCpu[st][img] = Math.min(bestCpu[st][img], stages[st]);
              }
            }
            if (outcome.failed()) {
              throw new IllegalStateException(r.id() + ": " + outcome.errorReason());
            }
            digest(sha, outcome);
            if (round > 0) {
              long[] n = outcome.times().nanos();
              for (int s = 0; s < n.length; s++) {
                nanos[s] += n[s];
              }
              for (String method : outcome.metrics().keySet()) {
                keptBytes += keptBytes(outcome, method);
                methodPixels += outcome.validPixels();
              }
            }
          }
          if (round > 0) {
            confidenceNanos += analyzer.confidenceNanos;
          }
          String hex = HexFormat.of().formatHex(sha.digest());
          if (digest != null && !digest.equals(hex)) {
            throw new IllegalStateException("tables differ between rounds at " + size);
          }
          digest = hex;
        }
      }
      int measured = images * (rounds - 1);
      double mp = width * (double) height / 1e6;
      double[] perImage = {
        nanos[StageTimes.DECODE] / 1e6 / measured,
        nanos[StageTimes.INFERENCE] / 1e6 / measured,
        nanos[StageTimes.CLUSTERING] / 1e6 / measured,
        confidenceNanos / 1e6 / measured,
        nanos[StageTimes.SCORING] / 1e6 / measured,
        nanos[StageTimes.COUNTING] / 1e6 / measured
      };
      StringBuilder line = new StringBuilder(String.format("%-10s %6.2f %5d |", size, mp, images));
      for (double ms : perImage) {
        line.append(String.format(" %8.1f", ms));
      }
      line.append(" |");
      for (double ms : perImage) {
        line.append(String.format(" %8.1f", ms / mp));
      }
      line.append(
          String.format(
              " | %9.1f | %.2f %s",
              (perImage[0] + perImage[4] + perImage[5]) / mp, keptBytes / methodPixels, digest));
      lines.add(line.toString());
      System.out.println(line);
      double[] cpuMs = new double[5];
      for (int st = 0; st < 5; st++) {
        for (long b : bestCpu[st]) {
          cpuMs[st] += b / 1e6 / records.size();
        }
      }
      cpuLines.add(
          String.format(
              "%-10s %6.2f %5d | %8.1f %8.1f %8.1f %8.1f %17.1f | %9.1f",
              size,
              mp,
              images,
              cpuMs[0] / mp,
              cpuMs[1] / mp,
              cpuMs[2] / mp,
              cpuMs[3] / mp,
              cpuMs[4] / mp,
              (cpuMs[0] + cpuMs[4]) / mp));
    }
    System.out.printf(
        "%nCost per stage on %s (one libtorch thread), %d rounds of each image, the"
            + " first a warm-up;%nconfid. = the four confidence maps at label size (logits"
            + " resized bilinearly), D+S+C = decode + scoring + counting.%n",
        device.isGpu() ? device + " and one CPU core" : "one CPU core", rounds);
    lines.forEach(System.out::println);
    System.out.printf(
        "%nThe same, CPU time of the thread in ms per megapixel of label, per image the least of"
            + " the measured rounds%n(less inflated by the load of other processes than wall"
            + " time):%n");
    cpuLines.forEach(System.out::println);
    System.out.printf(
        "%nLoad average at the end: %.2f on %d cores%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Bytes the outcome's table of one method keeps in memory between the passes after inference
   * (arrays only).
   */
  private static double keptBytes(ImageOutcome outcome, String method) {
    try {
      return outcome.compactCounts().get(method).heapBytes();
    } catch (NoSuchMethodError before) { // the tables of an earlier build: 24 bytes per entry
      return 24.0 * outcome.counts().get(method).size();
    }
  }

  /** Adds every table, the cluster statistics and the flags of an outcome to the digest. */
  static void digest(MessageDigest sha, ImageOutcome outcome) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24);
    sha.update(outcome.record().id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (Map.Entry<String, ScoreCounts> e : outcome.counts().entrySet()) {
      sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ScoreCounts c = e.getValue();
      for (int i = 0; i < c.size(); i++) {
        b.clear();
        b.putLong(Double.doubleToRawLongBits(c.score(i)));
        b.putLong(c.positives(i));
        b.putLong(c.negatives(i));
        sha.update(b.array());
      }
    }
    ImageOutcome.ClusterLayout layout = outcome.clusters();
    for (double s : layout.statistics()) {
      b.clear();
      b.putLong(Double.doubleToRawLongBits(s));
      sha.update(b.array(), 0, 8);
    }
    for (boolean f : layout.flagged()) {
      sha.update((byte) (f ? 1 : 0));
    }
  }
}
