package io.oodseg.testing;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run's tables for comparing two runs: everything but the run id, the configuration hash (it
 * covers the benchmark's root, which differs between two copies of a benchmark) and the timings
 * ({@code ms_*} columns), which differ between any two runs by nature.
 */
public final class RunTables {
  private RunTables() {}

  /**
   * A table of the run folder without {@code run_id}, {@code config_hash}, {@code ms_*} and the
   * named columns.
   */
  public static Dataset<Row> comparable(
      SparkSession spark, Path run, String table, String... ignored) {
    Dataset<Row> rows = spark.read().parquet(run.resolve(table + ".parquet").toString());
    List<String> skip = new ArrayList<>(List.of("run_id", "config_hash"));
    skip.addAll(List.of(ignored));
    Column[] kept =
        Arrays.stream(rows.columns())
            .filter(c -> !skip.contains(c) && !c.startsWith("ms_"))
            .map(c -> col(c))
            .toArray(Column[]::new);
    return rows.select(kept);
  }

  /**
   * Asserts that two runs hold the same rows in {@code table} (order ignored, exact values),
   * columns as above.
   */
  public static void assertSame(
      SparkSession spark, Path expected, Path actual, String table, String... ignored) {
    LocalSpark.assertSameRows(
        comparable(spark, expected, table, ignored), comparable(spark, actual, table, ignored));
  }
}
