package io.oodseg.sweep;

import static org.apache.spark.sql.functions.col;

import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.udfs.metrics.LocalMetrics;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hyper-parameter sweep (DESIGN §7): per (benchmark, model) one inference pass into the tensor
 * store; per clustering group one Spark job that clusters once and bins every confidence,
 * statistic, threshold and score mode of the group; exact metrics for the best few per benchmark
 * and model; then {@code sweep.parquet} (and {@code top.csv}) under {@code <output>/<sweep-id>/}.
 * Every step skips what a previous run of the same sweep already committed ({@link SweepProgress}).
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
    Map<String, Double> seconds = new LinkedHashMap<>();
    Set<String> binnedDone = doneKeys(progress, false);
    long storeBytes = 0;
    Map<String, ModelDescriptor> descriptors = new HashMap<>();
    for (SweepPlan.Source source : plan.sources()) {
      ModelDescriptor descriptor = descriptors.computeIfAbsent(source.sample().modelDescriptor(),
          d -> ModelDescriptor.load(d, hadoop));
      String store = progress.store(source.storeKey());
      long t0 = System.nanoTime();
      if (!progress.complete(store)) {
        LOG.info("sweep {}: inference of {} with {} into {}", spec.id(), source.sample().benchmark().name(),
            descriptor.name(), store);
        SweepInference.write(spark, source, descriptor, store);
      }
      storeBytes += progress.bytes(store);
      add(seconds, "inference", t0);
      t0 = System.nanoTime();
      double[][] ranges = scoreRanges(TensorStore.ranges(spark, store, source.confidences().size()));
      JavaRDD<StoredImage> images = TensorStore.read(spark, store, source.confidences().size(),
          source.features().size()).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<Runnable> groups = new ArrayList<>();
        for (SweepPlan.Group group : source.groups()) {
          List<RunConfig> missing = group.configs().stream().filter(c -> !binnedDone.contains(c.hash())).toList();
          if (!missing.isEmpty()) {
            groups.add(() -> binGroup(progress, source, group, missing, descriptor, ranges, images));
          }
        }
        runConcurrently(groups);
        add(seconds, "clustering_and_binning", t0);
        t0 = System.nanoTime();
        exactTop(progress, source, descriptor, images);
        add(seconds, "exact", t0);
      } finally {
        images.unpersist(false);
      }
    }
    long t0 = System.nanoTime();
    SweepResult result = writeTables(progress, configs, seconds, storeBytes);
    add(seconds, "write", t0);
    return result;
  }

  private void binGroup(SweepProgress progress, SweepPlan.Source source, SweepPlan.Group group,
      List<RunConfig> missing, ModelDescriptor descriptor, double[][] ranges, JavaRDD<StoredImage> images) {
    List<MethodParams> methods = missing.stream().map(RunConfig::method).toList();
    int[] confidenceIndex = missing.stream().mapToInt(c -> source.confidences().indexOf(c.method().confidence()))
        .toArray();
    RunConfig any = missing.get(0);
    BinTask task = new BinTask(group.setting(), group.featureIndex(), methods, confidenceIndex, spec.bins(), ranges,
        any.metrics().positive(), any.metrics().voidValue());
    String assignments = progress.assignments(group.key());
    GroupPartial total = GroupJob.run(spark, images, task, progress.complete(assignments) ? null : assignments);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < missing.size(); c++) {
      RunConfig config = missing.get(c);
      ProtocolMetrics metrics = LocalMetrics.compute(table(total.pos[c], total.neg[c]),
          EnumSet.copyOf(config.metrics().protocols().all()));
      for (Protocol protocol : config.metrics().protocols().all()) {
        rows.add(SweepRows.row(spec.id(), config, descriptor, protocol.sqlName(), metrics.get(protocol), false,
            total.images, group.key()));
      }
    }
    String keys = String.join(",", missing.stream().map(RunConfig::hash).toList());
    String path = progress.binned(group.key(), SweepPlan.sha16(keys));
    spark.createDataFrame(rows, SweepRows.schema()).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    progress.partWritten(path);
  }

  /**
   * Runs the groups' jobs, {@code sweep.concurrency} at once, so that one group's driver-side
   * steps overlap another's tasks. After a failure no new group starts; the ones in flight finish
   * (so no part is left half-written by a running job), then the first failure is thrown.
   */
  private void runConcurrently(List<Runnable> groups) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(spec.concurrency(), groups.size())));
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable group : groups) {
        futures.add(pool.submit(() -> {
          if (!failed.get()) {
            try {
              group.run();
            } catch (RuntimeException e) {
              failed.set(true);
              throw e;
            }
          }
        }));
      }
      RuntimeException first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the sweep's clustering groups", e);
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The best {@code exact-top} configurations of a source by binned AP get exact rows too. */
  private void exactTop(SweepProgress progress, SweepPlan.Source source, ModelDescriptor descriptor,
      JavaRDD<StoredImage> images) {
    if (spec.exactTop() == 0) {
      return;
    }
    Map<String, RunConfig> byKey = new LinkedHashMap<>();
    Map<String, String> groupOf = new HashMap<>();
    Map<String, String> assignments = new HashMap<>();
    for (SweepPlan.Group g : source.groups()) {
      for (RunConfig c : g.configs()) {
        byKey.put(c.hash(), c);
        groupOf.put(c.hash(), g.key());
      }
      assignments.put(g.key(), progress.assignments(g.key()));
    }
    RunConfig sample = source.sample();
    String firstProtocol = sample.metrics().protocols().primary().sqlName();
    List<String> top = new ArrayList<>();
    for (Row r : readRows(progress).where(col("exact").equalTo(false).and(col("protocol").equalTo(firstProtocol))
        .and(col("config_key").isin(byKey.keySet().toArray())))
        .orderBy(col("ap").desc_nulls_last(), col("config_key")).select("config_key").limit(spec.exactTop())
        .collectAsList()) {
      top.add(r.getString(0));
    }
    Set<String> exactDone = doneKeys(progress, true);
    List<ExactStage.Item> items = new ArrayList<>();
    for (String key : top) {
      if (!exactDone.contains(key)) {
        RunConfig c = byKey.get(key);
        items.add(new ExactStage.Item(key, c.method(), source.confidences().indexOf(c.method().confidence()),
            groupOf.get(key)));
      }
    }
    if (items.isEmpty()) {
      return;
    }
    long count = images.count();
    Map<String, ProtocolMetrics> exact = ExactStage.run(spark, images, items, assignments, sample.metrics().protocols(),
        sample.metrics().ranges(), sample.metrics().positive(), sample.metrics().voidValue());
    List<Row> rows = new ArrayList<>();
    for (ExactStage.Item item : items) {
      RunConfig config = byKey.get(item.key());
      for (Protocol protocol : config.metrics().protocols().all()) {
        rows.add(SweepRows.row(spec.id(), config, descriptor, protocol.sqlName(), exact.get(item.key()).get(protocol),
            true, count, item.groupKey()));
      }
    }
    String path = progress.exact(SweepPlan.sha16(String.join(",", items.stream().map(ExactStage.Item::key).toList())));
    spark.createDataFrame(rows, SweepRows.schema()).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    progress.partWritten(path);
  }

  private SweepResult writeTables(SweepProgress progress, List<RunConfig> configs, Map<String, Double> seconds,
      long storeBytes) {
    Set<String> keys = new HashSet<>();
    configs.forEach(c -> keys.add(c.hash()));
    Map<String, Row> unique = new LinkedHashMap<>();
    for (Row r : readRows(progress).where(col("config_key").isin(keys.toArray())).collectAsList()) {
      unique.putIfAbsent(r.getAs("config_key") + "/" + r.getAs("protocol") + "/" + r.getAs("exact"), r);
    }
    List<Row> rows = new ArrayList<>(unique.values());
    rows.sort(Comparator.comparing((Row r) -> r.<String>getAs("benchmark"))
        .thenComparing(r -> r.<String>getAs("model")).thenComparing(r -> r.<String>getAs("protocol"))
        .thenComparing(r -> !r.<Boolean>getAs("exact"))
        .thenComparing(r -> r.<Double>getAs("ap"), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(r -> r.<String>getAs("config_key")));
    spark.createDataFrame(rows, SweepRows.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(progress.dir() + "/sweep.parquet");
    String protocol = configs.get(0).metrics().protocols().primary().sqlName();
    List<Row> top = SweepSummary.top(rows, protocol, 10);
    SweepSummary.writeCsv(spark, top, progress.dir() + "/top.csv");
    io.oodseg.report.SweepReport.write(spark, progress.dir(), "k", "threshold", 10); // report.html: heatmaps, top table
    return new SweepResult(progress.dir(), configs.size(), rows.size(), seconds, storeBytes,
        SweepSummary.top(rows, protocol, 1), top);
  }

  private Dataset<Row> readRows(SweepProgress progress) {
    List<String> parts = progress.rowParts();
    if (parts.isEmpty()) {
      return spark.createDataFrame(List.of(), SweepRows.schema());
    }
    return spark.read().schema(SweepRows.schema()).parquet(parts.toArray(new String[0]));
  }

  private Set<String> doneKeys(SweepProgress progress, boolean exact) {
    Set<String> done = new HashSet<>();
    for (Row r : readRows(progress).where(col("exact").equalTo(exact)).select("config_key").collectAsList()) {
      done.add(r.getString(0));
    }
    return done;
  }

  /** Bins as a table of counts per bin index (higher index = higher score), non-empty bins only. */
  static ScoreCounts table(long[] pos, long[] neg) {
    int n = 0;
    double[] s = new double[pos.length];
    long[] p = new long[pos.length];
    long[] q = new long[pos.length];
    for (int b = pos.length - 1; b >= 0; b--) {
      if (pos[b] + neg[b] > 0) {
        s[n] = b;
        p[n] = pos[b];
        q[n++] = neg[b];
      }
    }
    return ScoreCounts.fromSortedDescending(java.util.Arrays.copyOf(s, n), java.util.Arrays.copyOf(p, n),
        java.util.Arrays.copyOf(q, n));
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
