package io.oodseg.sweep;

import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.report.SweepColumns;
import io.oodseg.udfs.metrics.BinnedCounts;
import io.oodseg.udfs.metrics.LocalMetrics;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's work on one source's stored images: a clustering group's binned rows ({@link
 * GroupJob}), on every image and on each validation split of {@code sweep.select-on}, and exact
 * rows ({@link ExactStage}) of the best configurations on every image and of the configurations
 * {@link HeldOutSelection} chooses on their held-out images, each committed as a row part.
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
   * A clustering group and its configurations whose binned rows are missing.
   *
   * @param group the group
   * @param missing its configurations without binned rows
   */
  record GroupWork(SweepPlan.Group group, List<RunConfig> missing) {}

  /**
   * Clusters the images once for each group of {@code works} (groups on the same grid, in one pass
   * over the images: {@link GroupJob}), writes their assignments in one table, and commits the
   * groups' binned rows of their missing configurations in one part: on every image, and on each
   * validation split of {@code split}.
   *
   * @param ranges per stored confidence map, {lowest, highest} of {@code -confidence}
   * @param split the images' split, or null without one
   */
  void binGroups(
      SweepPlan.Source source,
      List<GroupWork> works,
      ModelDescriptor descriptor,
      double[][] ranges,
      JavaRDD<StoredImage> images,
      ImageSplit split) {
    List<BinTask> tasks = new ArrayList<>();
    List<String> groupKeys = new ArrayList<>();
    List<String> configKeys = new ArrayList<>();
    for (GroupWork work : works) {
      tasks.add(task(source, work, ranges, split));
      groupKeys.add(work.group().key());
      work.missing().forEach(c -> configKeys.add(c.hash()));
    }
    String jobKey = SweepPlan.sha16(String.join(",", groupKeys));
    GroupJob.run(
        spark,
        images,
        tasks,
        groupKeys,
        progress.assignments(jobKey),
        totals -> {
          List<Row> rows = new ArrayList<>();
          for (int g = 0; g < works.size(); g++) {
            rows.addAll(binnedRows(works.get(g), totals.get(g), descriptor, split));
          }
          tables.writePart(
              rows, progress.binned(jobKey, SweepPlan.sha16(String.join(",", configKeys))));
        });
  }

  private BinTask task(
      SweepPlan.Source source, GroupWork work, double[][] ranges, ImageSplit split) {
    List<MethodParams> methods = work.missing().stream().map(RunConfig::method).toList();
    int[] confidenceIndex =
        work.missing().stream()
            .mapToInt(c -> source.confidences().indexOf(c.method().confidence()))
            .toArray();
    RunConfig any = work.missing().get(0);
    return new BinTask(
        work.group().setting(),
        work.group().featureIndex(),
        methods,
        confidenceIndex,
        spec.bins(),
        ranges,
        any.metrics().positive(),
        any.metrics().voidValue(),
        split,
        split == null ? 1 : spec.selectOn().splits());
  }

  /** One group's binned rows, on every image and on each validation split. */
  private List<Row> binnedRows(
      GroupWork work, GroupPartial total, ModelDescriptor descriptor, ImageSplit split) {
    SelectOn select = spec.selectOn();
    Map<String, IntPredicate> splits = new LinkedHashMap<>();
    splits.put(SweepColumns.ALL, s -> true);
    if (split != null) {
      for (int r = 0; r < select.rounds(); r++) {
        int round = r;
        splits.put(select.validationLabel(r), s -> select.validates(round, s));
      }
    }
    List<RunConfig> missing = work.missing();
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < missing.size(); c++) {
      RunConfig config = missing.get(c);
      for (Map.Entry<String, IntPredicate> e : splits.entrySet()) {
        long[][] counts = total.counts(c, e.getValue());
        ProtocolMetrics metrics =
            LocalMetrics.compute(
                BinnedCounts.table(counts[0], counts[1]), config.metrics().protocols().set());
        rows.addAll(
            rowsOf(
                config,
                descriptor,
                metrics,
                false,
                total.images(e.getValue()),
                work.group().key(),
                p -> SweepRows.Extras.of(e.getKey())));
      }
    }
    return rows;
  }

  /** The best {@code exact-top} configurations of a source by binned AP get exact rows too. */
  void exactTop(SweepPlan.Source source, ModelDescriptor descriptor, JavaRDD<StoredImage> images) {
    if (spec.exactTop() == 0) {
      return;
    }
    SourceIndex index = SourceIndex.of(source);
    RunConfig sample = source.sample();
    String firstProtocol = sample.metrics().protocols().primary().sqlName();
    List<String> top =
        SweepRanking.topBinned(
            tables.rows(),
            firstProtocol,
            index.byKey().keySet(),
            spec.exactTop(),
            SweepColumns.ALL);
    Set<String> exactDone = tables.doneKeys(true, List.of(SweepColumns.ALL));
    List<ExactStage.Item> items = new ArrayList<>();
    for (String key : top) {
      if (!exactDone.contains(key)) {
        items.add(index.item(key, key, -1, false));
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
            progress.allAssignments(),
            options(sample),
            sample.metrics().positive(),
            sample.metrics().voidValue(),
            null,
            null);
    List<Row> rows = new ArrayList<>();
    for (ExactStage.Item item : items) {
      RunConfig config = index.byKey().get(item.key());
      rows.addAll(
          rowsOf(
              config,
              descriptor,
              exact.get(item.key()),
              true,
              count,
              item.groupKey(),
              p -> SweepRows.Extras.of(SweepColumns.ALL)));
    }
    tables.writePart(rows, progress.exact(batchKey(items)));
  }

  /**
   * Exact rows of the configurations chosen on validation images, evaluated on their held-out
   * images only, with a bootstrap interval over those images at the sweep's bins ({@link
   * HeldOutBins}).
   *
   * @param choices what {@link HeldOutSelection} chose, one per selection round
   * @param split the images' split, or null when every image of the source is held out
   * @param ranges per stored confidence map, {lowest, highest} of {@code -confidence}
   */
  void heldOut(
      SweepPlan.Source source,
      ModelDescriptor descriptor,
      JavaRDD<StoredImage> images,
      double[][] ranges,
      List<HeldOutSelection.Choice> choices,
      ImageSplit split) {
    SourceIndex index = SourceIndex.of(source);
    Map<String, HeldOutSelection.Choice> byLabel = new LinkedHashMap<>();
    List<ExactStage.Item> items = new ArrayList<>();
    for (HeldOutSelection.Choice choice : choices) {
      if (!tables.doneKeys(true, List.of(choice.label())).contains(choice.key())) {
        byLabel.put(choice.label(), choice);
        items.add(index.item(choice.key(), choice.label(), choice.split(), true));
      }
    }
    if (items.isEmpty()) {
      return;
    }
    RunConfig sample = source.sample();
    SelectOn select = spec.selectOn();
    Map<String, ProtocolMetrics> exact =
        ExactStage.run(
            spark,
            images,
            items,
            progress.allAssignments(),
            options(sample),
            sample.metrics().positive(),
            sample.metrics().voidValue(),
            split,
            new HeldOutBins(spec.bins(), ranges, select.replicates(), select.seed()));
    long all = split == null ? images.count() : 0;
    List<Row> rows = new ArrayList<>();
    for (ExactStage.Item item : items) {
      HeldOutSelection.Choice choice = byLabel.get(item.resultKey());
      ProtocolMetrics metrics = exact.get(item.resultKey());
      rows.addAll(
          rowsOf(
              index.byKey().get(item.key()),
              descriptor,
              metrics,
              true,
              item.split() < 0 ? all : split.count(item.split()),
              item.groupKey(),
              p ->
                  new SweepRows.Extras(
                      choice.label(),
                      exact.get(item.resultKey() + HeldOutBins.SUFFIX).bootstrap().orElseThrow(),
                      choice.validation().get(p.sqlName()))));
    }
    tables.writePart(rows, progress.exact(batchKey(items)));
  }

  private static MetricsOptions options(RunConfig sample) {
    return MetricsOptions.defaults()
        .withProtocols(sample.metrics().protocols().set())
        .withRanges(sample.metrics().ranges());
  }

  private static String batchKey(List<ExactStage.Item> items) {
    return SweepPlan.sha16(
        String.join(",", items.stream().map(i -> i.resultKey() + "=" + i.key()).toList()));
  }

  /** One sweep row per protocol of {@code config}. */
  private List<Row> rowsOf(
      RunConfig config,
      ModelDescriptor descriptor,
      ProtocolMetrics metrics,
      boolean exact,
      long images,
      String groupKey,
      Function<Protocol, SweepRows.Extras> extras) {
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
              groupKey,
              extras.apply(protocol)));
    }
    return rows;
  }

  /** A source's configurations by key and their clustering groups. */
  private record SourceIndex(
      Map<String, RunConfig> byKey, Map<String, String> groupOf, SweepPlan.Source source) {
    static SourceIndex of(SweepPlan.Source source) {
      Map<String, RunConfig> byKey = new LinkedHashMap<>();
      Map<String, String> groupOf = new HashMap<>();
      for (SweepPlan.Group g : source.groups()) {
        for (RunConfig c : g.configs()) {
          byKey.put(c.hash(), c);
          groupOf.put(c.hash(), g.key());
        }
      }
      return new SourceIndex(byKey, groupOf, source);
    }

    ExactStage.Item item(String key, String resultKey, int split, boolean bootstrap) {
      RunConfig c = byKey.get(key);
      return new ExactStage.Item(
          key,
          c.method(),
          source.confidences().indexOf(c.method().confidence()),
          groupOf.get(key),
          resultKey,
          split,
          bootstrap);
    }
  }
}
