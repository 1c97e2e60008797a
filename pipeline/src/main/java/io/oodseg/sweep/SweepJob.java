package io.oodseg.sweep;

import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.report.SweepColumns;
import io.oodseg.report.SweepReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hyper-parameter sweep (docs/design.md §7): per (benchmark, model) one inference pass into the
 * tensor store; per feature setting one Spark job that clusters every image once per clustering
 * group (K, k-means settings) and bins every confidence, statistic, threshold and score mode of
 * each group; exact metrics for the best few per benchmark and model; with {@code sweep.select-on},
 * the configuration chosen on validation images evaluated exactly on the held-out ones ({@link
 * HeldOutSelection}); then {@code sweep.parquet} (and {@code top.csv}) under {@code
 * <output>/<sweep-id>/}. Every step skips what a previous run of the same sweep already committed
 * ({@link SweepProgress}).
 *
 * <p>This class only orchestrates: {@link SweepPlan} plans the shared work, {@link SweepExecution}
 * runs a clustering job's or the exact step's jobs ({@link GroupRunner} runs clustering jobs
 * concurrently), {@link SweepRanking} ranks the rows and {@link SweepTables} reads and writes the
 * Parquet.
 */
public final class SweepJob {
  private static final Logger LOG = LoggerFactory.getLogger(SweepJob.class);
  private final SparkSession spark;
  private final SweepSpec spec;

  public SweepJob(SparkSession spark, SweepSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /** Runs what is missing and writes the sweep's tables. */
  public SweepResult run() {
    List<RunConfig> configs = SweepGrid.expand(spec);
    SweepPlan plan = SweepPlan.of(configs);
    RunConfig first = configs.get(0);
    String dir = (first.output().endsWith("/") ? first.output() : first.output() + "/") + spec.id();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    SweepProgress progress = new SweepProgress(dir, hadoop, spec.stopAfterParts());
    SweepTables tables = new SweepTables(spark, progress);
    SweepExecution execution = new SweepExecution(spark, spec, progress, tables);
    Map<String, Double> seconds = new LinkedHashMap<>();
    SelectOn select = spec.selectOn();
    List<String> binnedSplits = new ArrayList<>(List.of(SweepColumns.ALL));
    binnedSplits.addAll(select.binnedLabels());
    Set<String> binnedDone = tables.doneKeys(false, binnedSplits);
    long storeBytes = 0;
    Map<String, ModelDescriptor> descriptors = new HashMap<>();
    for (SweepPlan.Source source : plan.sources()) {
      ModelDescriptor descriptor =
          descriptors.computeIfAbsent(
              source.sample().modelDescriptor(), d -> ModelDescriptor.load(d, hadoop));
      String store = progress.store(source.storeKey());
      long t0 = System.nanoTime();
      if (!progress.complete(store)) {
        LOG.info(
            "sweep {}: inference of {} with {} into {}",
            spec.id(),
            source.sample().benchmark().name(),
            descriptor.name(),
            store);
        SweepInference.write(spark, source, descriptor, store);
      }
      storeBytes += progress.bytes(store);
      add(seconds, "inference", t0);
      t0 = System.nanoTime();
      double[][] ranges =
          scoreRanges(TensorStore.ranges(spark, store, source.confidences().size()));
      JavaRDD<StoredImage> images =
          TensorStore.read(spark, store, source.confidences().size(), source.features().size())
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        ImageSplit split = split(images, source);
        List<Runnable> jobs = new ArrayList<>();
        for (List<SweepExecution.GroupWork> works : jobsOf(source, binnedDone)) {
          jobs.add(() -> execution.binGroups(source, works, descriptor, ranges, images, split));
        }
        GroupRunner.run(jobs, spec.concurrency());
        add(seconds, "clustering_and_binning", t0);
        t0 = System.nanoTime();
        execution.exactTop(source, descriptor, images);
        if (select.honest() && !SweepGrid.onValidationBenchmark(spec, source.sample(), configs)) {
          execution.heldOut(
              source,
              descriptor,
              images,
              ranges,
              HeldOutSelection.choose(spec, tables.rows(), source, configs),
              split);
        }
        add(seconds, "exact", t0);
      } finally {
        images.unpersist(false);
      }
    }
    long t0 = System.nanoTime();
    SweepResult result = writeTables(tables, progress.dir(), configs, seconds, storeBytes);
    add(seconds, "write", t0);
    return result;
  }

  private SweepResult writeTables(
      SweepTables tables,
      String dir,
      List<RunConfig> configs,
      Map<String, Double> seconds,
      long storeBytes) {
    Set<String> keys = new HashSet<>();
    configs.forEach(c -> keys.add(c.hash()));
    String validationBenchmark =
        spec.selectOn().mode() == SelectOn.Mode.BENCHMARK
            ? configs.get(0).benchmark().name()
            : null;
    List<Row> rows =
        SweepRanking.table(tables.rows(), keys, spec.selectOn().labels(validationBenchmark));
    tables.write(rows, dir + "/" + SweepColumns.TABLE);
    String protocol = configs.get(0).metrics().protocols().primary().sqlName();
    List<Row> top = SweepSummary.top(rows, protocol, 10);
    List<Row> heldOut = SweepSummary.heldOut(rows, protocol);
    List<Row> csv = new ArrayList<>(top);
    csv.addAll(heldOut);
    SweepSummary.writeCsv(spark, csv, dir + "/top.csv");
    // report.html: heatmaps, top table, from the rows just written
    SweepReport.write(
        spark,
        dir,
        rows,
        List.of(SweepRows.schema().fieldNames()),
        SweepColumns.DEFAULT_ROWS,
        SweepColumns.DEFAULT_COLUMNS,
        10);
    return new SweepResult(
        dir,
        configs.size(),
        rows.size(),
        seconds,
        storeBytes,
        SweepSummary.top(rows, protocol, 1),
        top,
        heldOut,
        spec.selectOn().describe());
  }

  /**
   * Groups of one job at most: each task holds the assignments of its images for every group of its
   * job until the job's writes.
   */
  static final int GROUPS_PER_JOB = 16;

  /**
   * The source's groups with missing binned rows, one job per grid (at most {@link #GROUPS_PER_JOB}
   * groups): the groups of a job cluster each image in one task, sharing the grid's rows, the bins
   * of its pixels and the k-means++ seedings ({@link DeviceKMeans#fitEach}).
   */
  private static List<List<SweepExecution.GroupWork>> jobsOf(
      SweepPlan.Source source, Set<String> binnedDone) {
    Map<List<Object>, List<SweepExecution.GroupWork>> byGrid = new LinkedHashMap<>();
    for (SweepPlan.Group group : source.groups()) {
      List<RunConfig> missing =
          group.configs().stream().filter(c -> !binnedDone.contains(c.hash())).toList();
      if (!missing.isEmpty()) {
        byGrid
            .computeIfAbsent(
                List.of(group.featureIndex(), group.setting().features()), k -> new ArrayList<>())
            .add(new SweepExecution.GroupWork(group, missing));
      }
    }
    List<List<SweepExecution.GroupWork>> jobs = new ArrayList<>();
    for (List<SweepExecution.GroupWork> grid : byGrid.values()) {
      for (int from = 0; from < grid.size(); from += GROUPS_PER_JOB) {
        jobs.add(new ArrayList<>(grid.subList(from, Math.min(grid.size(), from + GROUPS_PER_JOB))));
      }
    }
    return jobs;
  }

  /**
   * The source's image split under {@code sweep.select-on.fraction} or {@code folds}, else null.
   */
  private ImageSplit split(JavaRDD<StoredImage> images, SweepPlan.Source source) {
    SelectOn select = spec.selectOn();
    if (select.splits() == 1) {
      return null;
    }
    List<String> ids = images.map(i -> i.record().id()).collect();
    return ImageSplit.of(ids, select, source.sample().benchmark().name());
  }

  /** Score ranges {@code -confidence} from the maps' {lowest, highest}. */
  private static double[][] scoreRanges(double[][] confidenceRanges) {
    double[][] out = new double[confidenceRanges.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new double[] {-confidenceRanges[i][1], -confidenceRanges[i][0]};
    }
    return out;
  }

  private static void add(Map<String, Double> seconds, String stage, long t0) {
    seconds.merge(stage, (System.nanoTime() - t0) / 1e9, Double::sum);
  }
}
