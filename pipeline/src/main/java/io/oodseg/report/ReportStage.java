package io.oodseg.report;

import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
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
 * The run's last stage: writes what the report needs beside the other tables ({@code
 * curves.parquet}, {@code overlays.parquet}), then builds the report and the summary files from the
 * run's Parquet, exactly as the {@code report} command does.
 */
public final class ReportStage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportStage.class);

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
  public static void write(
      SparkSession spark,
      RunConfig config,
      ModelDescriptor descriptor,
      SerializableHadoopConf hadoopConf,
      JavaRDD<ImageOutcome> outcomes,
      Map<String, List<CurvePoint>> curves) {
    String dir = config.runDir();
    long t0 = System.nanoTime();
    spark
        .createDataFrame(CurveTable.rows(config, curves), CurveTable.schema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir + "/" + CURVES + ".parquet");
    long t1 = System.nanoTime();
    long overlays =
        OverlayPass.write(
            spark,
            config,
            descriptor,
            hadoopConf,
            outcomes,
            ImageScorer.methodName(config.method()),
            config.report().overlays(),
            dir + "/" + OVERLAYS + ".parquet");
    long t2 = System.nanoTime();
    String report = RunReport.write(spark, dir);
    LOG.info(
        "wrote {} ({} overlays); seconds: curves {}, overlay pass {}, report and summaries {}",
        report,
        overlays,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (System.nanoTime() - t2) / 1e9);
  }
}
