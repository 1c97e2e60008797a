package io.oodseg.sweep;

import static org.apache.spark.sql.functions.col;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.oodseg.config.MethodParams;
import io.oodseg.infer.DeviceSelector;
import io.oodseg.score.ClusterFlags;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.ImageScorer;
import io.oodseg.score.PixelCounter;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Exact metrics of a few configurations, by the single run's own code: the stored assignments are
 * brought to the label's size, {@link ClusterScorer} flags and scores, {@link PixelCounter} reduces
 * each score map to counts per distinct score, and {@link PooledMetrics} pools them in every
 * protocol. A configuration evaluated here therefore gets the metrics a single {@code run} with its
 * parameters reports. An item restricted to an image split ({@code sweep.select-on}) counts that
 * split's images only, so its metrics are those of a single run on exactly those images.
 */
final class ExactStage {
  private ExactStage() {}

  /**
   * One configuration to evaluate exactly, on every image or on one image split.
   *
   * @param key its configuration key
   * @param method its method parameters
   * @param confidenceIndex its confidence map's index in the store
   * @param groupKey its clustering
   * @param resultKey the key its metrics are returned under
   * @param split the image split it is evaluated on ({@link ImageSplit}), -1 = every image
   * @param bootstrap whether its images' binned tables ({@link HeldOutBins}) are pooled too, under
   *     {@code resultKey + HeldOutBins.SUFFIX}, with their bootstrap interval
   */
  record Item(
      String key,
      MethodParams method,
      int confidenceIndex,
      String groupKey,
      String resultKey,
      int split,
      boolean bootstrap)
      implements Serializable {}

  /** One image's clustering in a group. */
  private record Clustering(int[] assignments, int clusters, int gridHeight, int gridWidth)
      implements Serializable {}

  /**
   * Pooled exact metrics per result key.
   *
   * @param assignments the assignments tables of every clustering job ({@link GroupJob})
   * @param options protocols and ranges
   * @param split the images' split, or null when every item is on every image
   * @param bins the binned tables of the items that ask for a bootstrap, or null when none does
   */
  static Map<String, ProtocolMetrics> run(
      SparkSession spark,
      JavaRDD<StoredImage> images,
      List<Item> items,
      String assignments,
      MetricsOptions options,
      int positive,
      int voidValue,
      ImageSplit split,
      HeldOutBins bins) {
    Set<String> groups = new HashSet<>();
    items.forEach(i -> groups.add(i.groupKey()));
    Map<String, Map<String, Clustering>> clusterings = new HashMap<>();
    for (String g : groups) {
      clusterings.put(g, new HashMap<>());
    }
    // a group clustered again after an interrupted run has rows in two tables; the same clustering
    for (Row r :
        spark
            .read()
            .schema(GroupJob.assignmentsSchema())
            .parquet(assignments)
            .where(col("group_key").isin(groups.toArray()))
            .collectAsList()) {
      List<Integer> cells = r.getList(2);
      int[] a = new int[cells.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = cells.get(i);
      }
      clusterings
          .get(r.getString(0))
          .putIfAbsent(r.getString(1), new Clustering(a, r.getInt(3), r.getInt(4), r.getInt(5)));
    }
    Broadcast<Map<String, Map<String, Clustering>>> shipped =
        spark
            .sparkContext()
            .broadcast(clusterings, scala.reflect.ClassTag$.MODULE$.apply(Map.class));
    // kept compact and serialized (about 2 bytes per valid pixel and configuration); the exact
    // merge's passes read the keys without counting them into tables
    JavaPairRDD<String, CompactCounts> counts =
        images
            .flatMapToPair(
                image ->
                    count(image, items, shipped.value(), positive, voidValue, split, bins)
                        .iterator())
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      Map<String, ProtocolMetrics> out =
          new HashMap<>(
              PooledMetrics.computeCompact(
                  counts.filter(t -> !t._1().endsWith(HeldOutBins.SUFFIX)), options));
      if (bins != null) {
        out.putAll(
            PooledMetrics.computeCompact(
                counts.filter(t -> t._1().endsWith(HeldOutBins.SUFFIX)), bins.options()));
      }
      return out;
    } finally {
      counts.unpersist(false);
      shipped.destroy();
    }
  }

  private static List<Tuple2<String, CompactCounts>> count(
      StoredImage image,
      List<Item> items,
      Map<String, Map<String, Clustering>> clusterings,
      int positive,
      int voidValue,
      ImageSplit split,
      HeldOutBins bins) {
    List<Tuple2<String, CompactCounts>> out = new ArrayList<>();
    try (NDManager m =
        io.oodseg.engine.Libtorch.newBaseManager(DeviceSelector.forCurrentTask().device())) {
      boolean gpu = m.getDevice().isGpu();
      Map<String, int[]> pixelClusters = new HashMap<>();
      Map<Integer, NDArray> confidences = new HashMap<>();
      PixelCounter counter = new PixelCounter(image.label(), positive, voidValue, gpu);
      for (Item item : items) {
        if (item.split() >= 0 && split.of(image.record().id()) != item.split()) {
          continue;
        }
        Clustering c = clusterings.get(item.groupKey()).get(image.record().id());
        if (c == null) {
          throw new IllegalStateException(
              "image "
                  + image.record().id()
                  + " has no stored clustering in group "
                  + item.groupKey()
                  + "; remove the sweep folder's _parts and run again");
        }
        int[] pixels =
            pixelClusters.computeIfAbsent(
                item.groupKey(),
                g ->
                    ImageScorer.pixelClusterIndexes(
                        c.assignments(),
                        c.gridHeight(),
                        c.gridWidth(),
                        image.height(),
                        image.width()));
        NDArray confidence =
            confidences.computeIfAbsent(
                item.confidenceIndex(), i -> m.create(image.confidences()[i]));
        float[] values = image.confidences()[item.confidenceIndex()];
        try {
          ClusterFlags flags;
          if (gpu) {
            // on the device the single run flags and scores with libtorch's label-sized maps
            ClusterScorer scorer = new ClusterScorer(item.method());
            NDArray pixelMap =
                ImageScorer.pixelClusters(
                    m,
                    c.assignments(),
                    c.gridHeight(),
                    c.gridWidth(),
                    image.height(),
                    image.width());
            flags = scorer.flag(pixelMap, confidence, c.clusters());
            out.add(
                new Tuple2<>(
                    item.resultKey(),
                    CompactCounts.of(counter.count(scorer.score(pixelMap, confidence, flags)))));
          } else {
            flags = ImageScorer.flagsOnCpu(item.method(), confidence, values, pixels, c.clusters());
            out.add(
                new Tuple2<>(
                    item.resultKey(),
                    ImageScorer.jvmTable(
                        item.method(),
                        flags,
                        c.assignments(),
                        c.gridHeight(),
                        c.gridWidth(),
                        values,
                        image.label(),
                        positive,
                        voidValue,
                        image.width(),
                        image.height())));
          }
          if (item.bootstrap()) {
            out.add(
                new Tuple2<>(
                    item.resultKey() + HeldOutBins.SUFFIX,
                    CompactCounts.of(
                        bins.table(
                            values,
                            pixels,
                            image.label(),
                            c.clusters(),
                            item.confidenceIndex(),
                            item.method(),
                            flags,
                            positive,
                            voidValue))));
          }
        } catch (IllegalArgumentException nan) {
          throw new IllegalArgumentException(
              "image "
                  + image.record().id()
                  + ", configuration "
                  + item.key()
                  + ": "
                  + nan.getMessage(),
              nan);
        }
      }
    }
    return out;
  }
}
