package io.oodseg.sweep;

import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.udfs.metrics.BinnedCounts;
import io.oodseg.udfs.metrics.LocalMetrics;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's work on one source's stored images: a clustering group's binned rows ({@link
 * GroupJob}) and the exact rows of the best configurations ({@link ExactStage}), each committed as
 * a row part.
 */
final class SweepExecution {
  private final SparkSession spark;
  private final SweepSpec spec;
  private final SweepProgress progress;
  private final SweepTables tables;

  SweepExecution(SparkSession spark, SweepSpec spec, SweepProgress progress, SweepTables tables) {
    this.spark = spark;
    this.spec = spec;
    this.progress = progress;
    this.tables = tables;
  }

  /**
   * Clusters the images once for {@code group} and commits the binned rows of its {@code missing}
   * configurations.
   *
   * @param ranges per stored confidence map, {lowest, highest} of {@code -confidence}
   */
  void binGroup(
      SweepPlan.Source source,
      SweepPlan.Group group,
      List<RunConfig> missing,
      ModelDescriptor descriptor,
      double[][] ranges,
      JavaRDD<StoredImage> images) {
    List<MethodParams> methods = missing.stream().map(RunConfig::method).toList();
    int[] confidenceIndex =
        missing.stream()
            .mapToInt(c -> source.confidences().indexOf(c.method().confidence()))
            .toArray();
    RunConfig any = missing.get(0);
    BinTask task =
        new BinTask(
            group.setting(),
            group.featureIndex(),
            methods,
            confidenceIndex,
            spec.bins(),
            ranges,
            any.metrics().positive(),
            any.metrics().voidValue());
    String assignments = progress.assignments(group.key());
    GroupPartial total =
        GroupJob.run(spark, images, task, progress.complete(assignments) ? null : assignments);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < missing.size(); c++) {
      RunConfig config = missing.get(c);
      ProtocolMetrics metrics =
          LocalMetrics.compute(
              BinnedCounts.table(total.pos[c], total.neg[c]), config.metrics().protocols().set());
      rows.addAll(rowsOf(config, descriptor, metrics, false, total.images, group.key()));
    }
    String keys = String.join(",", missing.stream().map(RunConfig::hash).toList());
    tables.writePart(rows, progress.binned(group.key(), SweepPlan.sha16(keys)));
  }

  /** The best {@code exact-top} configurations of a source by binned AP get exact rows too. */
  void exactTop(SweepPlan.Source source, ModelDescriptor descriptor, JavaRDD<StoredImage> images) {
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
    List<String> top =
        SweepRanking.topBinned(tables.rows(), firstProtocol, byKey.keySet(), spec.exactTop());
    Set<String> exactDone = tables.doneKeys(true);
    List<ExactStage.Item> items = new ArrayList<>();
    for (String key : top) {
      if (!exactDone.contains(key)) {
        RunConfig c = byKey.get(key);
        items.add(
            new ExactStage.Item(
                key,
                c.method(),
                source.confidences().indexOf(c.method().confidence()),
                groupOf.get(key)));
      }
    }
    if (items.isEmpty()) {
      return;
    }
    long count = images.count();
    Map<String, ProtocolMetrics> exact =
        ExactStage.run(
            spark,
            images,
            items,
            assignments,
            sample.metrics().protocols(),
            sample.metrics().ranges(),
            sample.metrics().positive(),
            sample.metrics().voidValue());
    List<Row> rows = new ArrayList<>();
    for (ExactStage.Item item : items) {
      RunConfig config = byKey.get(item.key());
      rows.addAll(rowsOf(config, descriptor, exact.get(item.key()), true, count, item.groupKey()));
    }
    tables.writePart(
        rows,
        progress.exact(
            SweepPlan.sha16(String.join(",", items.stream().map(ExactStage.Item::key).toList()))));
  }

  /** One sweep row per protocol of {@code config}. */
  private List<Row> rowsOf(
      RunConfig config,
      ModelDescriptor descriptor,
      ProtocolMetrics metrics,
      boolean exact,
      long images,
      String groupKey) {
    List<Row> rows = new ArrayList<>();
    for (Protocol protocol : config.metrics().protocols().all()) {
      rows.add(
          SweepRows.row(
              spec.id(),
              config,
              descriptor,
              protocol.sqlName(),
              metrics.get(protocol),
              exact,
              images,
              groupKey));
    }
    return rows;
  }
}
