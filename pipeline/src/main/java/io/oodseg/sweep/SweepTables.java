package io.oodseg.sweep;

import static io.oodseg.report.SweepColumns.CONFIG_KEY;
import static io.oodseg.report.SweepColumns.EXACT;
import static io.oodseg.report.SweepColumns.SPLIT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.oodseg.report.SweepColumns;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's Parquet, read and written in one place: the row parts that binned and exact steps
 * commit ({@link SweepProgress}), read back as one table, and the final {@code sweep.parquet}; all
 * with the schema of {@link SweepRows}, each file written as one part.
 */
final class SweepTables {
  private final SparkSession spark;
  private final SweepProgress progress;

  SweepTables(SparkSession spark, SweepProgress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Every committed row part as one table (empty when there is none). */
  Dataset<Row> rows() {
    List<String> parts = progress.rowParts();
    if (parts.isEmpty()) {
      return spark.createDataFrame(List.of(), SweepRows.schema());
    }
    return spark.read().schema(SweepRows.schema()).parquet(parts.toArray(new String[0]));
  }

  /**
   * Keys of the configurations with committed binned ({@code exact = false}) or exact rows on every
   * one of {@code splits}.
   */
  Set<String> doneKeys(boolean exact, Collection<String> splits) {
    Map<String, Set<String>> found = new HashMap<>();
    for (Row r :
        rows()
            .where(col(EXACT).equalTo(exact))
            .select(col(CONFIG_KEY), split())
            .distinct()
            .collectAsList()) {
      found.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
    }
    Set<String> done = new HashSet<>();
    found.forEach(
        (key, have) -> {
          if (have.containsAll(splits)) {
            done.add(key);
          }
        });
    return done;
  }

  /** The {@code split} column, {@code all} where it is null (parts written before it existed). */
  static Column split() {
    return coalesce(col(SPLIT), lit(SweepColumns.ALL)).as(SPLIT);
  }

  /** Writes one row part and commits it. */
  void writePart(List<Row> rows, String path) {
    write(rows, path);
    progress.partWritten(path);
  }

  /** Writes rows as one Parquet file at {@code path}, replacing what is there. */
  void write(List<Row> rows, String path) {
    spark
        .createDataFrame(rows, SweepRows.schema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
  }
}
