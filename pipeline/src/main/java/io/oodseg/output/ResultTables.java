package io.oodseg.output;

import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas and rows of the run's tables. Every row carries the run id and the configuration hash.
 * Per-method columns are named {@code <metric>_<method>}.
 */
public final class ResultTables implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String runId;
  private final String hash;
  private final String benchmark;
  private final List<String> methods;

  public ResultTables(RunConfig config, List<String> methods) {
    this.runId = config.runId();
    this.hash = config.hash();
    this.benchmark = config.benchmark().name();
    this.methods = List.copyOf(methods);
  }

  private static List<StructField> keyFields() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("run_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("config_hash", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("benchmark", DataTypes.StringType, false));
    return f;
  }

  /** Schema of images.parquet. */
  public StructType imagesSchema() {
    List<StructField> f = keyFields();
    f.add(DataTypes.createStructField("image_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("image_uri", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("width", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("height", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("valid_pixels", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("ood_pixels", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("flagged_clusters", DataTypes.IntegerType, false));
    for (String m : methods) {
      f.add(DataTypes.createStructField("ap_" + m, DataTypes.DoubleType, true));
      f.add(DataTypes.createStructField("fpr95_" + m, DataTypes.DoubleType, true));
      f.add(DataTypes.createStructField("auroc_" + m, DataTypes.DoubleType, true));
    }
    for (String stage : StageTimes.STAGES) {
      f.add(DataTypes.createStructField("ms_" + stage, DataTypes.DoubleType, false));
    }
    return DataTypes.createStructType(f);
  }

  /** One images.parquet row of a successful outcome. */
  public Row imageRow(ImageOutcome o) {
    List<Object> v =
        new ArrayList<>(
            List.of(
                runId,
                hash,
                benchmark,
                o.record().id(),
                o.record().imageUri(),
                o.width(),
                o.height(),
                o.validPixels(),
                o.oodPixels(),
                o.flaggedClusters()));
    for (String m : methods) {
      BinaryMetrics b = o.metrics().get(m);
      v.add(b.ap());
      v.add(b.fpr95());
      v.add(b.auroc());
    }
    for (int s = 0; s < StageTimes.STAGES.length; s++) {
      v.add(o.times().millis(s));
    }
    return RowFactory.create(v.toArray());
  }

  /** Schema of clusters.parquet: one row per image with its grid assignments and cluster flags. */
  public static StructType clustersSchema() {
    List<StructField> f = keyFields();
    f.add(DataTypes.createStructField("image_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("grid_height", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("grid_width", DataTypes.IntegerType, false));
    f.add(
        DataTypes.createStructField(
            "assignments", DataTypes.createArrayType(DataTypes.IntegerType, false), false));
    f.add(
        DataTypes.createStructField(
            "statistics", DataTypes.createArrayType(DataTypes.DoubleType, false), false));
    f.add(
        DataTypes.createStructField(
            "flagged", DataTypes.createArrayType(DataTypes.BooleanType, false), false));
    return DataTypes.createStructType(f);
  }

  /** One clusters.parquet row of a successful outcome. */
  public Row clustersRow(ImageOutcome o) {
    ImageOutcome.ClusterLayout c = o.clusters();
    Integer[] assignments =
        java.util.Arrays.stream(c.assignments()).boxed().toArray(Integer[]::new);
    Double[] stats = java.util.Arrays.stream(c.statistics()).boxed().toArray(Double[]::new);
    Boolean[] flagged = new Boolean[c.flagged().length];
    for (int i = 0; i < flagged.length; i++) {
      flagged[i] = c.flagged()[i];
    }
    return RowFactory.create(
        runId,
        hash,
        benchmark,
        o.record().id(),
        c.gridHeight(),
        c.gridWidth(),
        assignments,
        stats,
        flagged);
  }

  /** Schema of errors.parquet. */
  public static StructType errorsSchema() {
    List<StructField> f = keyFields();
    f.add(DataTypes.createStructField("image_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("path", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("label_path", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("stage", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("reason", DataTypes.StringType, false));
    return DataTypes.createStructType(f);
  }

  /** One errors.parquet row of a failed outcome. */
  public Row errorRow(ImageOutcome o) {
    return RowFactory.create(
        runId,
        hash,
        benchmark,
        o.record().id(),
        o.record().imageUri(),
        o.record().labelUri(),
        o.errorStage(),
        o.errorReason());
  }

  /** Schema of metrics.parquet. */
  public static StructType metricsSchema() {
    List<StructField> f = keyFields();
    f.add(DataTypes.createStructField("model", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("model_sha256", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("method", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("protocol", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("ap", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("fpr95", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("auroc", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("positives", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("negatives", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("thresholds", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("images", DataTypes.LongType, false));
    f.add(DataTypes.createStructField("params", DataTypes.StringType, false));
    return DataTypes.createStructType(f);
  }

  /** metrics.parquet rows, one per method and protocol. */
  public List<Row> metricRows(
      String model,
      String sha,
      String protocol,
      Map<String, BinaryMetrics> pooled,
      long images,
      String paramsJson) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, BinaryMetrics> e : pooled.entrySet()) {
      BinaryMetrics b = e.getValue();
      rows.add(
          RowFactory.create(
              runId,
              hash,
              benchmark,
              model,
              sha,
              e.getKey(),
              protocol,
              b.ap(),
              b.fpr95(),
              b.auroc(),
              b.positives(),
              b.negatives(),
              b.thresholds(),
              images,
              paramsJson));
    }
    return rows;
  }
}
