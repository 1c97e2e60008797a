package io.oodseg.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.oodseg.catalog.BenchmarkReaders;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.demo.SyntheticBenchmark;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ImageDecoder;
import io.oodseg.infer.LoadedModel;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.Preprocessor;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.job.SparkSettings;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Pipeline overhead against bare inference, in one JVM: (a) bare loops of DJL forward passes over
 * the benchmark's images decoded beforehand (one loop per Spark core, like the pipeline's tasks),
 * (b) the pipeline's steady-state throughput on the same images (Spark session and model already
 * warm: a small warm-up run goes first), (c) their ratio and (d) the share of pipeline time per
 * stage.
 *
 * <p>Usage: {@code ThroughputBench [images] [output] [key=value ...]} (defaults 500 and runs/bench;
 * the settings apply to both pipeline runs, e.g. {@code inference.cache-serialized=false}).
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  /** The run's own settings, then the user's (which win). */
  private static List<String> with(List<String> user, String... own) {
    List<String> all = new ArrayList<>(List.of(own));
    all.addAll(user);
    return all;
  }

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    String output = args.length > 1 ? args[1] : "runs/bench";
    SparkSession spark =
        SparkSettings.builder()
            .master("local[*]")
            .appName("oodseg bench")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      List<String> settings = List.of(args).subList(Math.min(2, args.length), args.length);
      RunConfig config =
          ConfigLoader.load(
              null,
              with(
                  settings,
                  "output=\"" + output + "\"",
                  "run-id=bench",
                  "benchmark.synthetic.count=" + images));
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      String root =
          SyntheticBenchmark.ensure(
              sc,
              SyntheticBenchmark.folder(output + "/_data", config.benchmark()),
              config.benchmark());
      Configuration hadoop = sc.hadoopConfiguration();
      ModelDescriptor descriptor = ModelDescriptor.load(config.modelDescriptor(), hadoop);

      RunConfig warmUp =
          ConfigLoader.load(
              null,
              with(
                  settings,
                  "output=\"" + output + "\"",
                  "run-id=warm-up",
                  "benchmark.synthetic.count="
                      + Math.min(
                          images, 2 * sc.defaultParallelism() * config.inference().batchSize())));
      new EvaluationJob(spark, warmUp).run();

      double bare = bareLoop(descriptor, root, hadoop, config, sc.defaultParallelism());
      long start = System.nanoTime();
      RunResult result = new EvaluationJob(spark, config).run();
      double wall = (System.nanoTime() - start) / 1e9;
      double steady =
          wall
              - result.stageSeconds().getOrDefault("model_check", 0.0)
              - result.stageSeconds().getOrDefault("generate", 0.0);
      double pipeline = result.images() / steady;
      System.out.printf(
          "%n(a) bare DJL inference loop:   %8.2f images/s (%d images, batch %d, %d loops in one JVM)%n",
          bare, images, config.inference().batchSize(), sc.defaultParallelism());
      System.out.printf(
          "(b) pipeline steady state:     %8.2f images/s (%d images, %.1f s, %d Spark cores)%n",
          pipeline, result.images(), steady, sc.defaultParallelism());
      System.out.printf("(c) ratio bare / pipeline:     %8.2f%n", bare / pipeline);
      System.out.println("(d) share of pipeline time per stage:");
      shares(result, steady)
          .forEach(
              (stage, share) -> System.out.printf("      %-12s %5.1f %%%n", stage, 100 * share));
    } finally {
      spark.stop();
    }
  }

  /**
   * Images per second of forward passes alone over images decoded in advance: as many loops at once
   * as the pipeline has cores ({@code workers}), each with its own predictor and its share of the
   * batches, with the pipeline's thread setting, so that both use the machine alike.
   */
  private static double bareLoop(
      ModelDescriptor d, String root, Configuration hadoop, RunConfig config, int workers)
      throws Exception {
    ImageDecoder decoder =
        new ImageDecoder(
            new Preprocessor(d), BenchmarkReaders.forSpec(config.benchmark()).labelMap());
    List<DecodedImage> decoded = new ArrayList<>();
    for (ImageRecord r : BenchmarkReaders.forSpec(config.benchmark()).list(root, hadoop)) {
      decoded.add(decoder.decode(r, hadoop));
    }
    LoadedModel model = ModelCache.get(d, Device.cpu(), config.inference().threadsFor(1), hadoop);
    int batch = config.inference().batchSize();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Callable<Void>> loops = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int first = w;
        loops.add(
            () -> {
              forwardPasses(model, d, decoded, batch, first, workers);
              return null;
            });
      }
      long start = System.nanoTime();
      for (Future<Void> f : pool.invokeAll(loops)) {
        f.get();
      }
      return decoded.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** Forward passes over batches {@code first}, {@code first + stride}, ... of the images. */
  private static void forwardPasses(
      LoadedModel model,
      ModelDescriptor d,
      List<DecodedImage> decoded,
      int batch,
      int first,
      int stride)
      throws Exception {
    int plane = 3 * d.height() * d.width();
    try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator(null))) {
      for (int from = first * batch; from < decoded.size(); from += stride * batch) {
        List<DecodedImage> part = decoded.subList(from, Math.min(decoded.size(), from + batch));
        FloatBuffer buffer = FloatBuffer.allocate(plane * part.size());
        part.forEach(img -> buffer.put(img.pixels()));
        buffer.rewind();
        try (ai.djl.ndarray.NDManager m = model.newManager()) {
          NDList out =
              predictor.predict(
                  new NDList(m.create(buffer, new Shape(part.size(), 3, d.height(), d.width()))));
          out.get(0).getFloat(0, 0, 0, 0);
        }
      }
    }
  }

  /**
   * Shares of the steady-state wall time: executor stages split the inference stage's wall time in
   * proportion to their summed task time; metrics and writes are driver wall times.
   */
  private static Map<String, Double> shares(RunResult r, double steady) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    double inferenceWall = r.stageSeconds().getOrDefault("inference", 0.0);
    double taskTotal = r.executorSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    r.executorSeconds()
        .forEach((stage, sec) -> out.put(stage, inferenceWall * sec / taskTotal / steady));
    out.put("metrics", r.stageSeconds().getOrDefault("metrics", 0.0) / steady);
    out.put(
        "write",
        (r.stageSeconds().getOrDefault("write_images", 0.0)
                + r.stageSeconds().getOrDefault("write_metrics", 0.0))
            / steady);
    double rest = 1 - out.values().stream().mapToDouble(Double::doubleValue).sum();
    out.put("other", rest);
    return out;
  }
}
