package io.oodseg.udfs.sql;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.BinnedComparison;
import io.oodseg.udfs.metrics.BootstrapInterval;
import io.oodseg.udfs.metrics.CurvePoint;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** SQL types of the metrics and their rows. */
final class MetricsRows {
  private static final DataType D = DataTypes.DoubleType;
  private static final DataType L = DataTypes.LongType;
  private static final DataType I = DataTypes.IntegerType;

  /** One protocol's values; null where undefined. */
  static final StructType METRIC =
      struct(field("ap", D), field("fpr95", D), field("auroc", D), field("thresholds", L));

  /** One curve point. */
  static final StructType POINT =
      struct(
          field("threshold", D),
          field("tpr", D),
          field("fpr", D),
          field("precision", D),
          field("recall", D));

  /** {@code ood_curve}. */
  static final StructType CURVE =
      struct(
          field("positives", L),
          field("negatives", L),
          field("points", DataTypes.createArrayType(POINT, false)));

  /** {@code ood_metrics}: counts, one struct per protocol (null if not computed), warnings. */
  static final StructType METRICS =
      struct(
          field("positives", L),
          field("negatives", L),
          field("exact", METRIC),
          field("ade_ood", METRIC),
          field("smiyc", METRIC),
          field("fishyscapes", METRIC),
          field("fpr95_gt", METRIC),
          field("fpr95_interp", METRIC),
          field("fpr95_nearest", METRIC),
          field("warnings", DataTypes.createArrayType(DataTypes.StringType, false)));

  /** The binned comparison. */
  static final StructType BINNED =
      struct(
          field("bins", I),
          field("lo", D),
          field("hi", D),
          field("ap", D),
          field("fpr95", D),
          field("auroc", D),
          field("max_abs_difference", D),
          field("ap_bound", D),
          field("fpr95_bound", D),
          field("auroc_bound", D));

  /** The bootstrap interval. */
  static final StructType BOOTSTRAP =
      struct(
          field("replicates", I),
          field("seed", L),
          field("bins", I),
          field("ap_low", D),
          field("ap_high", D),
          field("fpr95_low", D),
          field("fpr95_high", D));

  /** {@link OodMetrics#pooled}: the key, then the metrics, the curve, binned and bootstrap. */
  static final StructType POOLED =
      new StructType(
          concat(
              field("key", DataTypes.StringType),
              METRICS.fields(),
              field("curve", DataTypes.createArrayType(POINT, false)),
              field("binned", BINNED),
              field("bootstrap", BOOTSTRAP)));

  private MetricsRows() {}

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType struct(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  private static StructField[] concat(
      StructField first, StructField[] middle, StructField... last) {
    List<StructField> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(middle));
    all.addAll(List.of(last));
    return all.toArray(new StructField[0]);
  }

  /** The {@link #METRICS} row of {@code m}. */
  static Row metrics(ProtocolMetrics m) {
    return RowFactory.create(metricsValues(m));
  }

  private static Object[] metricsValues(ProtocolMetrics m) {
    List<Object> v = new ArrayList<>(List.of(m.positives(), m.negatives()));
    for (Protocol p : Protocol.values()) {
      v.add(m.protocols().contains(p) ? metric(m.get(p)) : null);
    }
    v.add(m.warnings().toArray(new String[0]));
    return v.toArray();
  }

  private static Row metric(BinaryMetrics b) {
    return RowFactory.create(b.ap(), b.fpr95(), b.auroc(), b.thresholds());
  }

  private static Row[] points(List<CurvePoint> curve) {
    Row[] rows = new Row[curve.size()];
    for (int i = 0; i < rows.length; i++) {
      CurvePoint c = curve.get(i);
      rows[i] = RowFactory.create(c.threshold(), c.tpr(), c.fpr(), c.precision(), c.recall());
    }
    return rows;
  }

  /** The {@link #CURVE} row of {@code m}. */
  static Row curve(ProtocolMetrics m) {
    return RowFactory.create(m.positives(), m.negatives(), points(m.curve()));
  }

  /** The {@link #POOLED} row of {@code key}. */
  static Row pooled(String key, ProtocolMetrics m) {
    List<Object> v = new ArrayList<>();
    v.add(key);
    v.addAll(List.of(metricsValues(m)));
    v.add(points(m.curve()));
    v.add(m.binned().map(MetricsRows::binned).orElse(null));
    v.add(m.bootstrap().map(MetricsRows::bootstrap).orElse(null));
    return RowFactory.create(v.toArray());
  }

  private static Row binned(BinnedComparison b) {
    BinaryMetrics m = b.binned();
    return RowFactory.create(
        b.bins(),
        b.lo(),
        b.hi(),
        m.ap(),
        m.fpr95(),
        m.auroc(),
        b.maxAbsDifference(),
        b.apBound(),
        b.fpr95Bound(),
        b.aurocBound());
  }

  private static Row bootstrap(BootstrapInterval b) {
    return RowFactory.create(
        b.replicates(), b.seed(), b.bins(), b.apLow(), b.apHigh(), b.fpr95Low(), b.fpr95High());
  }
}
