package io.oodseg.sweep;

import static io.oodseg.report.SweepColumns.*;

import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's summary: per benchmark and model, the configurations ranked by AP under the first
 * configured protocol on every image, a configuration's exact row standing in for its binned one
 * where it has both; the best one, the top ones as a console table and as {@code top.csv}; and the
 * held-out rows of {@code sweep.select-on}, which {@code top.csv} lists after the top ones.
 */
public final class SweepSummary {
  private static final String[] COLUMNS = {
    BENCHMARK,
    MODEL,
    CONFIG_KEY,
    K,
    LEVELS,
    FEATURES,
    CONFIDENCE,
    STATISTIC,
    THRESHOLD_MODE,
    THRESHOLD,
    SCORE_MODE,
    AP,
    FPR95,
    AUROC,
    EXACT
  };

  /** The columns of {@code top.csv}: the console's, then the held-out rows' own. */
  private static final String[] CSV_COLUMNS = {
    SPLIT,
    AP_LOW,
    AP_HIGH,
    FPR95_LOW,
    FPR95_HIGH,
    VALIDATION_SPLIT,
    VALIDATION_KEY,
    VALIDATION_IMAGES,
    VALIDATION_AP,
    VALIDATION_FPR95,
    VALIDATION_AUROC,
    IMAGES
  };

  private SweepSummary() {}

  /**
   * The top {@code n} rows of {@code protocol} on every image per benchmark and model, best first.
   */
  static List<Row> top(List<Row> table, String protocol, int n) {
    List<Row> rows =
        table.stream()
            .filter(r -> protocol.equals(r.getAs(PROTOCOL)) && ALL.equals(r.getAs(SPLIT)))
            .toList();
    Map<String, Map<String, Row>> bySource = new LinkedHashMap<>();
    for (Row r : rows) {
      Map<String, Row> byKey =
          bySource.computeIfAbsent(
              r.getAs(BENCHMARK) + "\u0000" + r.getAs(MODEL), k -> new LinkedHashMap<>());
      byKey.merge(r.getAs(CONFIG_KEY), r, (a, b) -> (boolean) a.getAs(EXACT) ? a : b);
    }
    List<Row> out = new ArrayList<>();
    Comparator<Row> byAp =
        Comparator.comparing(
                (Row r) -> r.<Double>getAs(AP), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(r -> r.<String>getAs(CONFIG_KEY));
    for (Map<String, Row> byKey : bySource.values()) {
      byKey.values().stream().sorted(byAp).limit(n).forEach(out::add);
    }
    return out;
  }

  /**
   * The held-out rows of {@code protocol} (configurations chosen on validation images, evaluated on
   * the held-out ones), in the table's order.
   */
  static List<Row> heldOut(List<Row> table, String protocol) {
    return table.stream()
        .filter(r -> protocol.equals(r.getAs(PROTOCOL)) && r.getAs(VALIDATION_SPLIT) != null)
        .toList();
  }

  /**
   * The held-out rows as a fixed-width table: the configuration, its binned figures on the
   * validation images, its exact ones on the held-out images with their 95 % bootstrap interval, in
   * percent.
   */
  public static String renderHeldOut(String title, List<Row> rows) {
    StringBuilder out = new StringBuilder(title).append('\n');
    String format = "%-12s %-12s %-16s %3s %-11s %9s %-10s %14s %24s %24s %7s  %s%n";
    out.append(
        String.format(
            format,
            BENCHMARK,
            MODEL,
            CONFIG_KEY,
            K,
            STATISTIC,
            THRESHOLD,
            SCORE_MODE,
            "validation AP",
            "held-out AP [95% CI]",
            "held-out FPR95 [95% CI]",
            "images",
            "held-out images"));
    for (Row r : rows) {
      out.append(
          String.format(
              format,
              r.getAs(BENCHMARK),
              r.getAs(MODEL),
              r.getAs(CONFIG_KEY),
              r.getAs(K),
              r.getAs(STATISTIC),
              String.format("%.3g", r.<Double>getAs(THRESHOLD)),
              r.getAs(SCORE_MODE),
              pct(r.getAs(VALIDATION_AP)) + " (" + r.getAs(VALIDATION_IMAGES) + ")",
              pct(r.getAs(AP)) + " [" + pct(r.getAs(AP_LOW)) + ", " + pct(r.getAs(AP_HIGH)) + "]",
              pct(r.getAs(FPR95))
                  + " ["
                  + pct(r.getAs(FPR95_LOW))
                  + ", "
                  + pct(r.getAs(FPR95_HIGH))
                  + "]",
              r.getAs(IMAGES),
              r.getAs(SPLIT)));
    }
    return out.toString();
  }

  /** The rows as a fixed-width table, AP, FPR95 and AUROC in percent. */
  public static String render(String title, List<Row> rows) {
    StringBuilder out = new StringBuilder(title).append('\n');
    String format =
        "%-12s %-12s %-16s %3s %-22s %-26s %-11s %-9s %-14s %9s %-10s %6s %6s %6s %-6s%n";
    out.append(String.format(format, (Object[]) COLUMNS));
    for (Row r : rows) {
      out.append(
          String.format(
              format,
              r.getAs(BENCHMARK),
              r.getAs(MODEL),
              r.getAs(CONFIG_KEY),
              r.getAs(K),
              r.getAs(LEVELS),
              r.getAs(FEATURES),
              r.getAs(CONFIDENCE),
              r.getAs(STATISTIC),
              r.getAs(THRESHOLD_MODE),
              String.format("%.3g", r.<Double>getAs(THRESHOLD)),
              r.getAs(SCORE_MODE),
              pct(r.getAs(AP)),
              pct(r.getAs(FPR95)),
              pct(r.getAs(AUROC)),
              (boolean) r.getAs(EXACT) ? EXACT : "binned"));
    }
    return out.toString();
  }

  /** Writes the rows as one CSV file with a header (a held-out row's split names its images). */
  static void writeCsv(SparkSession spark, List<Row> rows, String path) {
    List<String> columns = new ArrayList<>(List.of(COLUMNS));
    columns.addAll(List.of(CSV_COLUMNS));
    StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        Object v = r.getAs(c);
        String text = v == null ? "" : v.toString();
        cells.add(text.contains(",") ? "\"" + text + "\"" : text);
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    try {
      HadoopFiles.writeAll(
          new Path(path),
          csv.toString().getBytes(StandardCharsets.UTF_8),
          spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static String pct(Double v) {
    return v == null ? "n/a" : String.format("%.2f", 100 * v);
  }
}
