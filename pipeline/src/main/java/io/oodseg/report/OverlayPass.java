package io.oodseg.report;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.infer.InferencePartition;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.io.SerializableHadoopConf;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlays of the worst and best images, made after per-image metrics are known. The clusters and
 * flags of an image exist only on the executor that scored it, and keeping every image's maps until
 * the end would cost memory for all images to show a few; so the run keeps a few numbers per image,
 * picks the {@code n} lowest and highest per-image AP of the method on the driver, and runs a
 * second, cheap pass over those images only: decode and forward again (nothing else is re-computed:
 * the stored cluster assignments are scored again by the run's scorer), draw the panels on the
 * executor and write them to {@code overlays.parquet}. Images without an AP (no OoD pixel) are
 * never picked.
 */
public final class OverlayPass {
  private static final Logger LOG = LoggerFactory.getLogger(OverlayPass.class);

  private OverlayPass() {}

  /** An image picked for an overlay, with the facts the second pass needs. */
  record Pick(ImageRecord record, double ap, ImageOutcome.ClusterLayout layout)
      implements Serializable {}

  /** Where a picked image stands: {@code worst} or {@code best}, rank 1 = most extreme. */
  record Place(String end, int rank, double ap) implements Serializable {}

  /** Orders picks by AP, then id (ascending, or descending). */
  private record ByAp(boolean descending) implements Comparator<Pick>, Serializable {
    @Override
    public int compare(Pick a, Pick b) {
      int c =
          Comparator.comparingDouble(Pick::ap).thenComparing(p -> p.record().id()).compare(a, b);
      return descending ? -c : c;
    }
  }

  /** Schema of overlays.parquet: one row per picked image, one PNG column per panel. */
  public static StructType schema() {
    List<StructField> f = new ArrayList<>();
    for (String key : List.of("run_id", "config_hash", "benchmark", "image_id", "method", "end")) {
      f.add(DataTypes.createStructField(key, DataTypes.StringType, false));
    }
    f.add(DataTypes.createStructField("rank", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("ap", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("width", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("height", DataTypes.IntegerType, false));
    for (String panel : PanelRenderer.PANELS) {
      f.add(DataTypes.createStructField(panel + "_png", DataTypes.BinaryType, false));
    }
    return DataTypes.createStructType(f);
  }

  /**
   * Picks, draws and writes the overlays of the {@code n} worst and best images by the per-image AP
   * of {@code method}; a picked image whose panels cannot be drawn is logged and left out.
   *
   * @return the number of images written
   */
  public static long write(
      SparkSession spark,
      RunConfig config,
      ModelDescriptor descriptor,
      SerializableHadoopConf hadoopConf,
      JavaRDD<ImageOutcome> outcomes,
      String method,
      int n,
      String path) {
    JavaRDD<Pick> scored =
        outcomes
            .filter(o -> !o.failed() && o.metrics().get(method).ap() != null)
            .map(o -> new Pick(o.record(), o.metrics().get(method).ap(), o.clusters()));
    Map<String, Place> places = new LinkedHashMap<>();
    Map<String, Pick> picks = new LinkedHashMap<>();
    List<Pick> worst = n == 0 ? List.of() : scored.takeOrdered(n, new ByAp(false));
    List<Pick> best = n == 0 ? List.of() : scored.takeOrdered(n, new ByAp(true));
    for (int i = 0; i < best.size(); i++) {
      places.put(best.get(i).record().id(), new Place("best", i + 1, best.get(i).ap()));
      picks.put(best.get(i).record().id(), best.get(i));
    }
    for (int i = 0; i < worst.size(); i++) { // an image at both ends (tiny runs) shows as worst
      places.put(worst.get(i).record().id(), new Place("worst", i + 1, worst.get(i).ap()));
      picks.put(worst.get(i).record().id(), worst.get(i));
    }
    Map<String, ImageOutcome.ClusterLayout> layouts = new LinkedHashMap<>();
    List<ImageRecord> records = new ArrayList<>();
    picks.forEach(
        (id, p) -> {
          layouts.put(id, p.layout());
          records.add(p.record());
        });
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<OverlayPanels> panels =
        sc.parallelize(records, Math.max(1, Math.min(records.size(), sc.defaultParallelism())))
            .mapPartitions(
                new InferencePartition<>(
                    config,
                    descriptor,
                    hadoopConf,
                    (d, c) -> new OverlayAnalyzer(d, c, layouts, hadoopConf)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String runId = config.runId();
      String hash = config.hash();
      String benchmark = config.benchmark().name();
      spark
          .createDataFrame(
              panels
                  .filter(p -> !p.failed())
                  .map(
                      p -> {
                        Place place = places.get(p.record().id());
                        List<Object> v =
                            new ArrayList<>(
                                List.of(
                                    runId,
                                    hash,
                                    benchmark,
                                    p.record().id(),
                                    method,
                                    place.end(),
                                    place.rank(),
                                    place.ap(),
                                    p.width(),
                                    p.height()));
                        v.addAll(List.of((Object[]) p.pngs()));
                        return RowFactory.create(v.toArray());
                      }),
              schema())
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(path);
      List<String> failures =
          panels
              .filter(OverlayPanels::failed)
              .map(p -> p.record().id() + ": " + p.errorReason())
              .collect();
      failures.forEach(f -> LOG.warn("overlay of image {} left out of the report", f));
      return records.size() - failures.size();
    } finally {
      panels.unpersist(false);
    }
  }
}
