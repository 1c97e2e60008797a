package io.oodseg.udfs.sql;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CountsCodec;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Spark SQL access to the OoD metrics (see {@code udfs/SQL.md}). {@link #register} adds aggregate
 * functions over any table of pixel rows {@code (image_id, score, label)} or of per-image counts (a
 * BINARY column made by {@code ood_counts}); they pool exactly within one aggregation group. {@link
 * #pooled} runs the distributed exact merge ({@link PooledMetrics}) over a counts table, for groups
 * too large for one task.
 *
 * <p>Functions (labels equal to the void value are dropped, those equal to the positive value are
 * OoD, any other is in-distribution; a NaN or null score of a non-void pixel fails the query,
 * naming the image id; {@code protocol} is exact, ade-ood, smiyc or fishyscapes):
 *
 * <ul>
 *   <li>{@code ood_counts(image_id, score, label)}: BINARY per-score counts of the group;
 *   <li>{@code ood_metrics(image_id, score, label)}: STRUCT of positives, negatives, one STRUCT
 *       {@code (ap, fpr95, auroc, thresholds)} per protocol ({@code exact, ade_ood, smiyc,
 *       fishyscapes}) and warnings (why a metric is null);
 *   <li>{@code ood_ap / ood_fpr95 / ood_auroc(image_id, score, label, protocol)}: DOUBLE, null
 *       where undefined;
 *   <li>{@code ood_curve(image_id, score, label, max_points)}: STRUCT of positives, negatives and
 *       {@code points}, an ARRAY of {@code (threshold, tpr, fpr, precision, recall)};
 *   <li>{@code ood_counts_merge(counts)}, {@code ood_counts_metrics(counts)}, {@code ood_counts_ap
 *       / ood_counts_fpr95 / ood_counts_auroc(counts, protocol)}, {@code ood_counts_curve(counts,
 *       max_points)}: the same over per-image counts rows (one row per image, which {@code smiyc}
 *       requires).
 * </ul>
 */
public final class OodMetrics {
  /** Default label of OoD pixels. */
  public static final int DEFAULT_POSITIVE = 1;

  /** Default label of ignored pixels. */
  public static final int DEFAULT_VOID = 255;

  private OodMetrics() {}

  /** Registers the functions with labels 1 = OoD and 255 = void. */
  public static void register(SparkSession spark) {
    register(spark, DEFAULT_POSITIVE, DEFAULT_VOID);
  }

  /**
   * Registers the functions (class comment) with the given positive and void label values.
   *
   * @throws IllegalArgumentException if both values are equal
   */
  public static void register(SparkSession spark, int positiveValue, int voidValue) {
    if (positiveValue == voidValue) {
      throw new IllegalArgumentException("positive value equals void value: " + positiveValue);
    }
    for (boolean pixels : new boolean[] {true, false}) {
      String prefix = pixels ? "ood_" : "ood_counts_";
      StructType input =
          pixels
              ? schema(
                  field("image_id", DataTypes.StringType),
                  field("score", DataTypes.DoubleType),
                  field("label", DataTypes.IntegerType))
              : schema(field("counts", DataTypes.BinaryType));
      StructType withProtocol = input.add(field("protocol", DataTypes.StringType));
      register(
          spark,
          pixels ? "ood_counts" : "ood_counts_merge",
          input,
          new OodAggregator<>(pixels, positiveValue, voidValue, OodAggregator.counts()));
      register(
          spark,
          prefix + "metrics",
          input,
          new OodAggregator<>(pixels, positiveValue, voidValue, OodAggregator.metrics()));
      register(
          spark,
          prefix + "ap",
          withProtocol,
          new OodAggregator<>(
              pixels, positiveValue, voidValue, OodAggregator.metric(BinaryMetrics::ap)));
      register(
          spark,
          prefix + "fpr95",
          withProtocol,
          new OodAggregator<>(
              pixels, positiveValue, voidValue, OodAggregator.metric(BinaryMetrics::fpr95)));
      register(
          spark,
          prefix + "auroc",
          withProtocol,
          new OodAggregator<>(
              pixels, positiveValue, voidValue, OodAggregator.metric(BinaryMetrics::auroc)));
      register(
          spark,
          prefix + "curve",
          input.add(field("max_points", DataTypes.IntegerType)),
          new OodAggregator<>(pixels, positiveValue, voidValue, OodAggregator.curve()));
    }
  }

  private static void register(
      SparkSession spark, String name, StructType input, OodAggregator<?> aggregator) {
    spark.udf().register(name, functions.udaf(aggregator, Encoders.row(input)));
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  /**
   * The distributed pooled metrics of a table of per-image counts: one output row per distinct
   * {@code keyColumn} value (cast to STRING), with the columns of {@code ood_metrics} flattened,
   * then {@code curve} (ARRAY of points, empty unless asked), {@code binned} and {@code bootstrap}
   * (STRUCTs, null unless asked). Rows with null counts are skipped.
   *
   * @param counts a table with one row per (key, image)
   * @param countsColumn a BINARY column written by {@code ood_counts} (or {@link CountsCodec})
   */
  public static Dataset<Row> pooled(
      Dataset<Row> counts, String keyColumn, String countsColumn, MetricsOptions options) {
    JavaPairRDD<String, ScoreCounts> rows =
        counts
            .select(functions.col(keyColumn).cast("string"), functions.col(countsColumn))
            .where(functions.col(countsColumn).isNotNull())
            .javaRDD()
            .mapToPair(
                r ->
                    new Tuple2<>(
                        r.isNullAt(0) ? null : r.getString(0),
                        CountsCodec.decode((byte[]) r.get(1))))
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    try {
      Map<String, ProtocolMetrics> result = PooledMetrics.compute(rows, options);
      List<Row> out = new ArrayList<>();
      result.forEach((key, m) -> out.add(MetricsRows.pooled(key, m)));
      return counts.sparkSession().createDataFrame(out, MetricsRows.POOLED);
    } finally {
      rows.unpersist(false);
    }
  }
}
