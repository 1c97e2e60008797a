package io.oodseg.report;

import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;

/**
 * Small copies of the run's summary tables for readers without Parquet (the results notebook):
 * {@code metrics.json} (an array of metrics.parquet rows as objects), {@code images.csv} and {@code
 * curves.csv} (header line, comma-separated, RFC 4180 quoting, empty field for null). Parquet stays
 * the canonical output; these are rebuilt from it.
 */
public final class SummaryFiles {
  /** Names of the files written. */
  public static final List<String> NAMES = List.of("metrics.json", "images.csv", "curves.csv");

  private SummaryFiles() {}

  /** Writes the three files into the run folder. */
  public static void write(RunData data, Configuration conf) {
    write(new Path(data.dir(), "metrics.json"), json(data.metrics()), conf);
    write(new Path(data.dir(), "images.csv"), csv(data.images()), conf);
    write(new Path(data.dir(), "curves.csv"), csv(data.curves()), conf);
  }

  /** The rows as a JSON array of objects (binary columns left out). */
  static String json(List<Row> rows) {
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      b.append("  ").append(rows.get(i).json()).append(i + 1 < rows.size() ? ",\n" : "\n");
    }
    return b.append("]\n").toString();
  }

  /**
   * The rows as CSV with a header line (binary columns left out); nothing but a newline if empty.
   */
  static String csv(List<Row> rows) {
    if (rows.isEmpty()) {
      return "\n";
    }
    StructField[] fields = rows.get(0).schema().fields();
    Set<Integer> skip = new java.util.HashSet<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].dataType() instanceof BinaryType) {
        skip.add(i);
        continue;
      }
      b.append(b.length() == 0 ? "" : ",").append(quote(fields[i].name()));
    }
    b.append('\n');
    for (Row row : rows) {
      boolean first = true;
      for (int i = 0; i < fields.length; i++) {
        if (skip.contains(i)) {
          continue;
        }
        b.append(first ? "" : ",").append(row.isNullAt(i) ? "" : quote(String.valueOf(row.get(i))));
        first = false;
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  private static void write(Path path, String text, Configuration conf) {
    try {
      HadoopFiles.writeAll(path, text.getBytes(StandardCharsets.UTF_8), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
