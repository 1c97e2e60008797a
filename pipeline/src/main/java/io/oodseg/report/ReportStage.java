package io.oodseg.report;

import io.oodseg.config.ReportParams;
import io.oodseg.config.RunConfig;
import io.oodseg.infer.ImageOutcome;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.io.SerializableHadoopConf;
import io.oodseg.score.ImageScorer;
import io.oodseg.udfs.metrics.CurvePoint;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The run's last stage: writes what the report needs beside the other tables
 * ({@code curves.parquet}, {@code overlays.parquet}), then builds the report and the summary
 * files from the run's Parquet, exactly as the {@code report} command does.
 */
public final class ReportStage {
  /** Tables this stage writes. */
  public static final String CURVES = "curves";
  public static final String OVERLAYS = "overlays";

  private ReportStage() {}

  /**
   * Writes curves, overlays, summary files and {@code report.html} of a run.
   *
   * @param outcomes the run's per-image outcomes (read once more to pick the overlay images)
   * @param curves each method's pooled exact curve points
   */
  public static void write(SparkSession spark, RunConfig config, ModelDescriptor descriptor,
      SerializableHadoopConf hadoopConf, JavaRDD<ImageOutcome> outcomes, Map<String, List<CurvePoint>> curves) {
    String dir = config.runDir();
    spark.createDataFrame(CurveTable.rows(config, curves), CurveTable.schema())
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir + "/" + CURVES + ".parquet");
    OverlayPass.write(spark, config, descriptor, hadoopConf, outcomes, ImageScorer.methodName(config.method()),
        ReportParams.of(config).overlays(), dir + "/" + OVERLAYS + ".parquet");
    RunReport.write(spark, dir);
  }
}
