package io.oodseg.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a report shows, read from a run folder's Parquet alone (small tables, collected on the
 * driver: pooled metrics, per-image metrics, downsampled curves, a few overlays, errors).
 *
 * @param dir the run folder
 * @param metrics metrics.parquet rows, in written order (method order within each protocol)
 * @param images images.parquet rows, by image id
 * @param curves curves.parquet rows, by method (metrics order), curve, point
 * @param overlays overlays.parquet rows, worst first, by rank
 * @param errors errors.parquet rows, by image id
 * @param missing optional tables the folder lacks (an older run), by file name
 */
public record RunData(
    String dir,
    List<Row> metrics,
    List<Row> images,
    List<Row> curves,
    List<Row> overlays,
    List<Row> errors,
    List<String> missing) {

  /**
   * Reads a run folder.
   *
   * @throws IllegalArgumentException if the folder holds no metrics.parquet or images.parquet
   */
  public static RunData load(SparkSession spark, String dir) {
    List<String> missing = new ArrayList<>();
    Dataset<Row> metrics = table(spark, dir, "metrics", true, missing);
    Dataset<Row> images = table(spark, dir, "images", true, missing);
    Dataset<Row> curves = table(spark, dir, ReportStage.CURVES, false, missing);
    Dataset<Row> overlays = table(spark, dir, ReportStage.OVERLAYS, false, missing);
    Dataset<Row> errors = table(spark, dir, "errors", false, missing);
    // small tables: sorted here rather than by a Spark sort (one sampling job less per table)
    List<Row> metricRows = metrics.collectAsList();
    List<String> methods =
        metricRows.stream().map(r -> r.<String>getAs("method")).distinct().toList();
    Comparator<Row> byId = Comparator.comparing(r -> r.<String>getAs("image_id"));
    return new RunData(
        dir,
        metricRows,
        sorted(images, byId),
        sorted(
            curves,
            Comparator.<Row>comparingInt(r -> methods.indexOf(r.<String>getAs("method")))
                .thenComparing(r -> r.<String>getAs("curve"))
                .thenComparingInt(r -> r.<Integer>getAs("point"))),
        sorted(
            overlays,
            Comparator.<Row, String>comparing(r -> r.getAs("end"))
                .reversed()
                .thenComparingInt(r -> r.<Integer>getAs("rank"))),
        sorted(errors, byId),
        List.copyOf(missing));
  }

  private static List<Row> sorted(Dataset<Row> table, Comparator<Row> order) {
    if (table == null) {
      return List.of();
    }
    List<Row> rows = new ArrayList<>(table.collectAsList());
    rows.sort(order);
    return List.copyOf(rows);
  }

  /**
   * Methods in report order (the method first, then the baselines, as metrics.parquet has them).
   */
  public List<String> methods() {
    return metrics.stream().map(r -> r.<String>getAs("method")).distinct().toList();
  }

  /** Protocols in configured order (the first is the run's primary protocol). */
  public List<String> protocols() {
    return metrics.stream().map(r -> r.<String>getAs("protocol")).distinct().toList();
  }

  /** Benchmarks of the run (one per run folder; several if tables were combined). */
  public List<String> benchmarks() {
    return metrics.stream().map(r -> r.<String>getAs("benchmark")).distinct().toList();
  }

  private static Dataset<Row> table(
      SparkSession spark, String dir, String name, boolean required, List<String> missing) {
    Path path = new Path(dir, name + ".parquet");
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        if (required) {
          throw new IllegalArgumentException(
              "no run at " + dir + ": " + path.getName() + " is missing");
        }
        missing.add(path.getName());
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return spark.read().parquet(path.toString());
  }
}
