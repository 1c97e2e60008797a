package io.oodseg.cli;

import io.oodseg.config.UsageException;
import io.oodseg.io.HadoopFiles;
import io.oodseg.report.RunReport;
import io.oodseg.report.SweepColumns;
import io.oodseg.report.SweepReport;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report FOLDER}: rebuilds {@code report.html} from a run folder's Parquet alone (and the
 * summary files metrics.json, images.csv, curves.csv beside it), or, for a sweep folder (one
 * holding sweep.parquet), the sweep's heatmaps and top table.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild report.html of a run folder (runs/<run-id>) from its Parquet alone, or of a sweep folder "
            + "(holding sweep.parquet).")
final class ReportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FOLDER",
      description = "A run or sweep folder (any Hadoop path).")
  String folder;

  @Option(
      names = "--rows",
      description =
          "Sweep heatmap rows: one of "
              + "k, levels, confidence, statistic, "
              + "threshold_mode, threshold, score_mode (default: ${DEFAULT-VALUE}).")
  String rows = SweepColumns.DEFAULT_ROWS;

  @Option(names = "--cols", description = "Sweep heatmap columns (default: ${DEFAULT-VALUE}).")
  String cols = SweepColumns.DEFAULT_COLUMNS;

  @Option(
      names = "--top",
      description = "Configurations in the sweep's top table (default: ${DEFAULT-VALUE}).")
  int top = 10;

  @Override
  public Integer call() throws IOException {
    boolean shared = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create("oodseg report");
    try {
      String dir = HadoopFiles.qualify(folder, spark.sparkContext().hadoopConfiguration());
      Path sweep = new Path(dir, SweepReport.TABLE);
      boolean isSweep =
          sweep.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(sweep);
      String written;
      try {
        written =
            isSweep ? SweepReport.write(spark, dir, rows, cols, top) : RunReport.write(spark, dir);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      System.out.println("wrote " + written);
      return 0;
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }
}
