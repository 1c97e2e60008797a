package io.oodseg.job;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.catalog.BenchmarkReaders;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.ClusteringEngine;
import io.oodseg.config.Confidence;
import io.oodseg.config.RunConfig;
import io.oodseg.demo.SyntheticBenchmark;
import io.oodseg.engine.Libtorch;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.LoadedModel;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.Placement;
import io.oodseg.io.SerializableHadoopConf;
import io.oodseg.metrics.MetricsStage;
import io.oodseg.output.ConsoleTable;
import io.oodseg.output.Manifest;
import io.oodseg.output.OutcomeParts;
import io.oodseg.output.ResultTables;
import io.oodseg.output.RunFolder;
import io.oodseg.report.ReportStage;
import io.oodseg.score.ImageScorer;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.wiring.MllibEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation run (docs/design.md §2), read as its stages, cheap checks first:
 *
 * <ol>
 *   <li>benchmark: generate it if synthetic and list it ({@link #listBenchmark}; a missing or empty
 *       root stops the run here, before anything slow);
 *   <li>model: load the descriptor and the model on the driver and run its numerics probe ({@link
 *       #checkModel});
 *   <li>run folder: prepare it (or find what a resumed run already committed) and write the {@code
 *       running} manifest;
 *   <li>inference with clustering and scoring on the chosen engine ({@link InferenceStage});
 *   <li>the per-image tables, the distributed metric merge, the metrics table, the report;
 *   <li>the {@code complete} manifest and the console tables.
 * </ol>
 *
 * The per-image outcomes are computed once and kept (memory, then disk) until the run's tables are
 * written; each partition's outcomes are also committed to the run folder ({@link OutcomeParts}),
 * so a run resumed after an interruption evaluates only what is missing.
 */
public final class EvaluationJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);
  private final SparkSession spark;
  private final RunConfig config;

  public EvaluationJob(SparkSession spark, RunConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Method names in report order: the method, then the baselines. */
  public static List<String> methods(RunConfig config) {
    List<String> methods = new ArrayList<>();
    methods.add(ImageScorer.methodName(config.method()));
    for (Confidence c : Confidence.values()) {
      methods.add(c.key());
    }
    return methods;
  }

  /** Runs the evaluation and writes {@code runs/<run-id>/}. */
  public RunResult run() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    config.hadoop().applyTo(hadoop);
    StageClock clock = new StageClock();
    // A benchmark on disk is listed first: cheap, and a missing root fails before the model is
    // loaded (the refusal is still recorded in a failed manifest). The synthetic benchmark is
    // generated into the output once the model has passed its checks and the run folder exists.
    List<ImageRecord> records =
        config.benchmark().synthetic() ? null : listOrRecordRefusal(sc, clock);
    ModelDescriptor descriptor = ModelDescriptor.load(config.modelDescriptor(), hadoop);
    LoadedModel checked = checkModel(descriptor, hadoop);
    clock.lap("model_check");
    Manifest manifest =
        new Manifest(config)
            .model(descriptor.name(), descriptor.fileUri(), descriptor.sha256())
            .version("spark", spark.version())
            .version("djl", Engine.getDjlVersion())
            .version("pytorch", Libtorch.version())
            .version("java", System.getProperty("java.version"))
            .numerics(checked.report());
    boolean resume = prepareRunFolder(hadoop);
    write(manifest, "running", hadoop);
    try (TaskFailures failures = TaskFailures.register(spark)) {
      try {
        List<ImageRecord> images = records != null ? records : listBenchmark(sc, clock);
        return evaluate(sc, images, descriptor, manifest, clock, resume, failures);
      } catch (
          Exception e) { // Spark job failures arrive as SparkException, which Java sees as checked
        manifest.count("failed_task_attempts", failures.count());
        write(manifest, "failed", hadoop);
        throw e;
      }
    }
  }

  /**
   * Stage 1 for a benchmark on disk; a refused listing leaves a failed manifest (no model section).
   */
  private List<ImageRecord> listOrRecordRefusal(JavaSparkContext sc, StageClock clock) {
    try {
      return listBenchmark(sc, clock);
    } catch (RuntimeException e) {
      try {
        prepareRunFolder(sc.hadoopConfiguration());
        write(new Manifest(config), "failed", sc.hadoopConfiguration());
      } catch (RuntimeException recording) {
        e.addSuppressed(recording);
      }
      throw e;
    }
  }

  /**
   * Stage 1 (for the synthetic benchmark after stage 3): the benchmark's images (generated first if
   * synthetic); fails fast on a missing or empty root.
   */
  private List<ImageRecord> listBenchmark(JavaSparkContext sc, StageClock clock) {
    String root = SyntheticBenchmark.rootOf(sc, config);
    clock.lap("generate");
    List<ImageRecord> records =
        BenchmarkReaders.forSpec(config.benchmark()).list(root, sc.hadoopConfiguration());
    clock.lap("catalog");
    return records;
  }

  /** Stage 2: the model loaded on the driver, its numerics probe run (when configured). */
  private LoadedModel checkModel(ModelDescriptor descriptor, Configuration hadoop) {
    return ModelCache.get(
        descriptor,
        Placement.of(Device.cpu()),
        config.inference().threadsFor(spark.sparkContext().conf().getInt("spark.task.cpus", 1)),
        config.inference().probe(),
        hadoop);
  }

  /** Stage 3: the run folder; whether this run resumes an interrupted one. */
  private boolean prepareRunFolder(Configuration hadoop) {
    try {
      return RunFolder.prepare(config, hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare the run folder " + config.runDir() + ": " + e.getMessage(), e);
    }
  }

  private RunResult evaluate(
      JavaSparkContext sc,
      List<ImageRecord> records,
      ModelDescriptor descriptor,
      Manifest manifest,
      StageClock clock,
      boolean resume,
      TaskFailures failures) {
    Configuration hadoop = sc.hadoopConfiguration();
    JavaRDD<ImageOutcome> earlier = resume ? committedParts(sc) : sc.emptyRDD();
    List<ImageRecord> todo = remaining(records, earlier, resume, manifest);
    JavaRDD<ImageRecord> listing =
        sc.parallelize(
            todo, config.inference().partitionsFor(todo.size(), sc.defaultParallelism()));
    clock.lap("catalog");

    SerializableHadoopConf shipped = new SerializableHadoopConf(hadoop);
    InferenceStage inference =
        new InferenceStage(spark, config, engineFor(todo), sc, descriptor, shipped);
    String round = Long.toHexString(System.currentTimeMillis());
    JavaRDD<ImageOutcome> outcomes =
        inference
            .outcomes(listing, todo.size())
            .mapPartitions(new OutcomeParts(config, round, shipped))
            .union(earlier)
            .persist(
                config.inference().cacheSerialized()
                    ? StorageLevel.MEMORY_AND_DISK_SER()
                    : StorageLevel.MEMORY_AND_DISK());
    try {
      long total = inference.count(outcomes);
      clock.lap("inference");
      inference.reports().forEach(manifest::numerics);
      List<String> methods = methods(config);
      ResultTables tables = new ResultTables(config, methods);
      JavaRDD<ImageOutcome> good = outcomes.filter(o -> !o.failed());
      writeImageTables(outcomes, good, tables);
      clock.lap("write_images");
      long errors = outcomes.filter(ImageOutcome::failed).count();
      MetricsStage.Pooled pooledAll =
          MetricsStage.pooledWithCurves(
              outcomes,
              methods,
              config.metrics().protocols(),
              config.metrics().ranges(),
              config.report().curvePoints());
      Map<String, Map<String, BinaryMetrics>> byProtocol = pooledAll.byProtocol();
      clock.lap("metrics");
      writeMetricsTable(tables, descriptor, byProtocol, total - errors);
      clock.lap("write_metrics");
      ReportStage.write(spark, config, descriptor, shipped, good, pooledAll.curves());
      clock.lap("report");
      Map<String, Double> executor = executorSeconds(good);
      inference.addTo(manifest);
      deleteScratch(hadoop);
      manifest
          .count("images", total - errors)
          .count("errors", errors)
          .count("executor_seconds", executor)
          .count("failed_task_attempts", failures.count())
          .metricWarnings(pooledAll.warnings());
      clock.stages().forEach(manifest::stage);
      write(manifest, "complete", hadoop);
      LOG.info("run {} complete: {} images, {} errors", config.runId(), total - errors, errors);
      byProtocol.forEach(
          (protocol, pooledMetrics) ->
              System.out.print(
                  ConsoleTable.render(
                      "Pooled metrics (protocol "
                          + protocol
                          + ") of "
                          + config.benchmark().name()
                          + ", run "
                          + config.runId()
                          + ", "
                          + (total - errors)
                          + " images, "
                          + errors
                          + " errors:",
                      pooledMetrics)));
      Map<String, BinaryMetrics> pooled =
          byProtocol.get(config.metrics().protocols().primary().sqlName());
      return new RunResult(
          config.runDir(),
          pooled,
          total - errors,
          errors,
          clock.stages(),
          executor,
          inference.clusteringWallSeconds(
              executor, Math.min(sc.defaultParallelism(), listing.getNumPartitions())));
    } catch (IOException e) {
      throw new UncheckedIOException("run " + config.runId() + " could not write its results", e);
    } finally {
      outcomes.unpersist(false);
    }
  }

  /** The images still to evaluate: all of them, or on resume those without committed outcomes. */
  private List<ImageRecord> remaining(
      List<ImageRecord> records, JavaRDD<ImageOutcome> earlier, boolean resume, Manifest manifest) {
    Set<String> done = new HashSet<>(earlier.map(o -> o.record().id()).collect());
    List<ImageRecord> todo = records.stream().filter(r -> !done.contains(r.id())).toList();
    if (resume) {
      LOG.info(
          "resuming run {}: {} images already evaluated, {} to go",
          config.runId(),
          done.size(),
          todo.size());
      manifest.count("resumed_images", done.size());
    }
    return todo;
  }

  /**
   * The clustering engine of this run: the configured one, except that a resumed run with nothing
   * left to evaluate takes the device engine's path (an empty inference, no MLLib fits).
   */
  private ClusteringEngine engineFor(List<ImageRecord> todo) {
    return todo.isEmpty() ? ClusteringEngine.DEVICE : config.method().engine();
  }

  private void writeImageTables(
      JavaRDD<ImageOutcome> outcomes, JavaRDD<ImageOutcome> good, ResultTables tables) {
    spark
        .createDataFrame(good.map(tables::imageRow), tables.imagesSchema())
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(RunFolder.table(config, RunFolder.IMAGES));
    spark
        .createDataFrame(good.map(tables::clustersRow), ResultTables.clustersSchema())
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(RunFolder.table(config, RunFolder.CLUSTERS));
    spark
        .createDataFrame(
            outcomes.filter(ImageOutcome::failed).map(tables::errorRow),
            ResultTables.errorsSchema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(RunFolder.table(config, RunFolder.ERRORS));
  }

  private void writeMetricsTable(
      ResultTables tables,
      ModelDescriptor descriptor,
      Map<String, Map<String, BinaryMetrics>> byProtocol,
      long images)
      throws IOException {
    String params = new ObjectMapper().writeValueAsString(config.method());
    List<Row> metricRows = new ArrayList<>();
    byProtocol.forEach(
        (protocol, pooledMetrics) ->
            metricRows.addAll(
                tables.metricRows(
                    descriptor.name(),
                    descriptor.sha256(),
                    protocol,
                    pooledMetrics,
                    images,
                    params)));
    spark
        .createDataFrame(metricRows, ResultTables.metricsSchema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(RunFolder.table(config, RunFolder.METRICS));
  }

  private void deleteScratch(Configuration hadoop) throws IOException {
    for (String scratch : List.of(MllibEngine.staging(config), OutcomeParts.dir(config))) {
      Path path = new Path(scratch);
      path.getFileSystem(hadoop).delete(path, true);
    }
  }

  private JavaRDD<ImageOutcome> committedParts(JavaSparkContext sc) {
    try {
      return OutcomeParts.committed(sc, config);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list the committed results of run "
              + config.runId()
              + " under "
              + OutcomeParts.dir(config),
          e);
    }
  }

  private static Map<String, Double> executorSeconds(JavaRDD<ImageOutcome> good) {
    long[] sums =
        good.map(o -> o.times().nanos())
            .fold(
                new long[StageTimes.STAGES.length],
                (a, b) -> {
                  long[] out = a.clone();
                  for (int i = 0; i < out.length; i++) {
                    out[i] += b[i];
                  }
                  return out;
                });
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (int i = 0; i < sums.length; i++) {
      seconds.put(StageTimes.STAGES[i], sums[i] / 1e9);
    }
    return seconds;
  }

  private void write(Manifest manifest, String status, Configuration hadoop) {
    try {
      manifest.write(status, hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the manifest of run " + config.runId() + " under " + config.runDir(), e);
    }
  }
}
