package io.oodseg.sweep;

import static io.oodseg.report.SweepColumns.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.report.SweepColumns;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.BootstrapInterval;
import io.oodseg.wiring.ModelOutputs;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of {@code sweep.parquet}: one row per configuration × benchmark × protocol × kind ×
 * split ({@code exact = false}: binned metrics, every configuration; {@code exact = true}: exact
 * metrics, the best few per benchmark and model). The first sixteen columns are the agreed schema;
 * {@code images}, {@code positives}, {@code negatives}, {@code group_key} (the clustering the row
 * shares with others) and {@code params} (the method parameters as JSON) follow, then {@code split}
 * (the images the row is computed on: {@code all}, or a validation or held-out split of {@code
 * sweep.select-on}; null in tables written before the column existed, meaning {@code all}), and on
 * held-out rows the 95 % bootstrap interval ({@code ap_low, ap_high, fpr95_low, fpr95_high}) and
 * the chosen configuration's figures on its validation images ({@code validation_*}).
 */
public final class SweepRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SweepRows() {}

  /** The schema, columns named by {@link SweepColumns}. */
  public static StructType schema() {
    return new StructType()
        .add(SWEEP_ID, DataTypes.StringType, false)
        .add(CONFIG_KEY, DataTypes.StringType, false)
        .add(BENCHMARK, DataTypes.StringType, false)
        .add(MODEL, DataTypes.StringType, false)
        .add(PROTOCOL, DataTypes.StringType, false)
        .add(K, DataTypes.IntegerType, false)
        .add(LEVELS, DataTypes.StringType, false)
        .add(FEATURES, DataTypes.StringType, false)
        .add(CONFIDENCE, DataTypes.StringType, false)
        .add(STATISTIC, DataTypes.StringType, false)
        .add(THRESHOLD_MODE, DataTypes.StringType, false)
        .add(THRESHOLD, DataTypes.DoubleType, false)
        .add(SCORE_MODE, DataTypes.StringType, false)
        .add(AP, DataTypes.DoubleType, true)
        .add(FPR95, DataTypes.DoubleType, true)
        .add(AUROC, DataTypes.DoubleType, true)
        .add(EXACT, DataTypes.BooleanType, false)
        .add(IMAGES, DataTypes.LongType, false)
        .add(POSITIVES, DataTypes.LongType, false)
        .add(NEGATIVES, DataTypes.LongType, false)
        .add(GROUP_KEY, DataTypes.StringType, false)
        .add(PARAMS, DataTypes.StringType, false)
        .add(SPLIT, DataTypes.StringType, true)
        .add(AP_LOW, DataTypes.DoubleType, true)
        .add(AP_HIGH, DataTypes.DoubleType, true)
        .add(FPR95_LOW, DataTypes.DoubleType, true)
        .add(FPR95_HIGH, DataTypes.DoubleType, true)
        .add(VALIDATION_SPLIT, DataTypes.StringType, true)
        .add(VALIDATION_KEY, DataTypes.StringType, true)
        .add(VALIDATION_IMAGES, DataTypes.LongType, true)
        .add(VALIDATION_AP, DataTypes.DoubleType, true)
        .add(VALIDATION_FPR95, DataTypes.DoubleType, true)
        .add(VALIDATION_AUROC, DataTypes.DoubleType, true);
  }

  /**
   * The feature levels a configuration clusters, comma-joined (the deepest when none are named).
   */
  static String levels(MethodParams method, ModelDescriptor descriptor) {
    if (method.levels().isEmpty()) {
      return descriptor.outputs().get(descriptor.deepestFeatures()).name();
    }
    return String.join(",", method.levels());
  }

  /**
   * What a row holds besides its configuration and metrics.
   *
   * @param split the images it is computed on ({@link SweepColumns#ALL} or a split label)
   * @param interval a held-out row's bootstrap interval, else null
   * @param validation a held-out row's configuration's binned row of the same protocol on its
   *     validation images, else null
   */
  record Extras(String split, BootstrapInterval interval, Row validation) {
    /** A row on {@code split} with no interval or validation figures. */
    static Extras of(String split) {
      return new Extras(split, null, null);
    }
  }

  /** One row. */
  static Row row(
      String sweepId,
      RunConfig config,
      ModelDescriptor descriptor,
      String protocol,
      BinaryMetrics m,
      boolean exact,
      long images,
      String groupKey,
      Extras extras) {
    MethodParams p = config.method();
    String params;
    try {
      params = JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the method parameters of " + config.hash(), e);
    }
    return RowFactory.create(
        sweepId,
        config.hash(),
        config.benchmark().name(),
        descriptor.name(),
        protocol,
        p.k(),
        levels(p, descriptor),
        new ModelOutputs(descriptor, p).gridLabel(),
        name(p.confidence()),
        name(p.statistic()),
        name(p.thresholdMode()),
        p.thresholdValue(),
        name(p.scoreMode()),
        m.ap(),
        m.fpr95(),
        m.auroc(),
        exact,
        images,
        m.positives(),
        m.negatives(),
        groupKey,
        params,
        extras.split(),
        extras.interval() == null ? null : extras.interval().apLow(),
        extras.interval() == null ? null : extras.interval().apHigh(),
        extras.interval() == null ? null : extras.interval().fpr95Low(),
        extras.interval() == null ? null : extras.interval().fpr95High(),
        validation(extras, SPLIT),
        validation(extras, CONFIG_KEY),
        validation(extras, IMAGES),
        validation(extras, AP),
        validation(extras, FPR95),
        validation(extras, AUROC));
  }

  private static Object validation(Extras extras, String column) {
    return extras.validation() == null ? null : extras.validation().getAs(column);
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
