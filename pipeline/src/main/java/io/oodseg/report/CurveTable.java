package io.oodseg.report;

import io.oodseg.config.RunConfig;
import io.oodseg.udfs.metrics.CurvePoint;
import io.oodseg.udfs.metrics.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of {@code curves.parquet}: the downsampled pooled exact curve of every method (points picked
 * by the udfs module's sampler as TPR or FPR reach evenly spaced levels), once as PR ({@code x} =
 * recall, {@code y} = precision) and once as ROC ({@code x} = FPR, {@code y} = TPR), in descending
 * threshold order ({@code point} 0 = highest threshold). The protocol column is {@code exact}:
 * {@code ade-ood} and {@code fishyscapes} read the same curve; {@code smiyc} bins it, and its
 * metrics stay in metrics.parquet.
 */
public final class CurveTable {
  /** The protocol whose curve is stored. */
  public static final String PROTOCOL = Protocol.EXACT.sqlName();

  private CurveTable() {}

  /** Schema of curves.parquet. */
  public static StructType schema() {
    List<StructField> f = new ArrayList<>();
    for (String key :
        List.of("run_id", "config_hash", "benchmark", "method", "protocol", "curve")) {
      f.add(DataTypes.createStructField(key, DataTypes.StringType, false));
    }
    f.add(DataTypes.createStructField("point", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("x", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("y", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("threshold", DataTypes.DoubleType, false));
    return DataTypes.createStructType(f);
  }

  /** The rows of every method's curves, methods in the given order; NaN rates become nulls. */
  public static List<Row> rows(RunConfig config, Map<String, List<CurvePoint>> curves) {
    List<Row> rows = new ArrayList<>();
    curves.forEach(
        (method, points) -> {
          for (int i = 0; i < points.size(); i++) {
            CurvePoint p = points.get(i);
            rows.add(row(config, method, "pr", i, p.recall(), p.precision(), p.threshold()));
          }
          for (int i = 0; i < points.size(); i++) {
            CurvePoint p = points.get(i);
            rows.add(row(config, method, "roc", i, p.fpr(), p.tpr(), p.threshold()));
          }
        });
    return rows;
  }

  private static Row row(
      RunConfig config, String method, String curve, int point, double x, double y, double t) {
    return RowFactory.create(
        config.runId(),
        config.hash(),
        config.benchmark().name(),
        method,
        PROTOCOL,
        curve,
        point,
        Double.isNaN(x) ? null : x,
        Double.isNaN(y) ? null : y,
        t);
  }
}
