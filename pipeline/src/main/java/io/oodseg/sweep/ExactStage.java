package io.oodseg.sweep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.oodseg.config.MethodParams;
import io.oodseg.config.Protocols;
import io.oodseg.infer.DeviceSelector;
import io.oodseg.score.ClusterFlags;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.ImageScorer;
import io.oodseg.score.PixelCounter;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * parameters reports.
 */
final class ExactStage {
  private ExactStage() {}

  /**
   * One configuration to evaluate exactly.
   *
   * @param key its configuration key
   * @param method its method parameters
   * @param confidenceIndex its confidence map's index in the store
   * @param groupKey its clustering
   */
  record Item(String key, MethodParams method, int confidenceIndex, String groupKey)
      implements Serializable {}

  /** One image's clustering in a group. */
  private record Clustering(int[] assignments, int clusters, int gridHeight, int gridWidth)
      implements Serializable {}

  /**
   * Pooled exact metrics per configuration key.
   *
   * @param assignmentsPaths group key to its assignments table
   */
  static Map<String, ProtocolMetrics> run(
      SparkSession spark,
      JavaRDD<StoredImage> images,
      List<Item> items,
      Map<String, String> assignmentsPaths,
      Protocols protocols,
      int ranges,
      int positive,
      int voidValue) {
    Map<String, Map<String, Clustering>> clusterings = new HashMap<>();
    for (Item item : items) {
      clusterings.computeIfAbsent(
          item.groupKey(),
          g -> {
            Map<String, Clustering> byImage = new HashMap<>();
            for (Row r :
                spark
                    .read()
                    .schema(GroupJob.assignmentsSchema())
                    .parquet(assignmentsPaths.get(g))
                    .collectAsList()) {
              List<Integer> cells = r.getList(1);
              int[] a = new int[cells.size()];
              for (int i = 0; i < a.length; i++) {
                a[i] = cells.get(i);
              }
              byImage.put(r.getString(0), new Clustering(a, r.getInt(2), r.getInt(3), r.getInt(4)));
            }
            return byImage;
          });
    }
    Broadcast<Map<String, Map<String, Clustering>>> shipped =
        spark
            .sparkContext()
            .broadcast(clusterings, scala.reflect.ClassTag$.MODULE$.apply(Map.class));
    // kept compact and serialized (about 2 bytes per valid pixel and configuration), counted
    // into tables by each pass of the merge
    JavaPairRDD<String, CompactCounts> counts =
        images
            .flatMapToPair(
                image -> count(image, items, shipped.value(), positive, voidValue).iterator())
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      return PooledMetrics.compute(counts.mapValues(CompactCounts::table), protocols.set(), ranges);
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
      int voidValue) {
    List<Tuple2<String, CompactCounts>> out = new ArrayList<>();
    try (NDManager m =
        io.oodseg.engine.Libtorch.newBaseManager(DeviceSelector.forCurrentTask().device())) {
      Map<String, NDArray> pixelClusters = new HashMap<>();
      Map<Integer, NDArray> confidences = new HashMap<>();
      PixelCounter counter =
          new PixelCounter(image.label(), positive, voidValue, m.getDevice().isGpu());
      for (Item item : items) {
        Clustering c = clusterings.get(item.groupKey()).get(image.record().id());
        if (c == null) {
          throw new IllegalStateException(
              "image "
                  + image.record().id()
                  + " has no stored clustering in group "
                  + item.groupKey()
                  + "; remove the sweep folder's _parts/"
                  + item.groupKey()
                  + " and run again");
        }
        NDArray pixels =
            pixelClusters.computeIfAbsent(
                item.groupKey(),
                g ->
                    ImageScorer.pixelClusters(
                        m,
                        c.assignments(),
                        c.gridHeight(),
                        c.gridWidth(),
                        image.height(),
                        image.width()));
        NDArray confidence =
            confidences.computeIfAbsent(
                item.confidenceIndex(), i -> m.create(image.confidences()[i]));
        ClusterScorer scorer = new ClusterScorer(item.method());
        ClusterFlags flags = scorer.flag(pixels, confidence, c.clusters());
        try {
          out.add(
              new Tuple2<>(
                  item.key(),
                  confidence.getDevice().isGpu()
                      ? CompactCounts.of(counter.count(scorer.score(pixels, confidence, flags)))
                      : ImageScorer.jvmTable(
                          item.method(),
                          flags,
                          c.assignments(),
                          c.gridHeight(),
                          c.gridWidth(),
                          image.confidences()[item.confidenceIndex()],
                          image.label(),
                          positive,
                          voidValue,
                          image.width(),
                          image.height())));
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
