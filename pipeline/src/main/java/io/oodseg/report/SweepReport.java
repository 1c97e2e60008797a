package io.oodseg.report;

import static io.oodseg.report.SweepColumns.*;

import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code report.html} of a sweep, from its {@code sweep.parquet} or the rows just written to it
 * (one row per configuration and benchmark: {@code sweep_id, config_key, benchmark, model,
 * protocol, k, levels, confidence, statistic, threshold_mode, threshold, score_mode, ap, fpr95,
 * auroc, exact}), computed in the JVM: a table holds a few rows per configuration. Per benchmark,
 * model and protocol: heatmaps of AP and FPR95 over two chosen parameters (default {@code k} ×
 * {@code threshold}), each cell the best value over every other parameter (highest AP, lowest
 * FPR95, each on its own), and the table of the top configurations by AP. A configuration with both
 * binned ({@code exact = false}) and exact rows counts with its exact row. Heatmaps and top table
 * use the rows on every image ({@code split = all}); the held-out rows of {@code sweep.select-on}
 * get a table of their own beside their validation figures ({@link HeldOutSection}), and a table
 * without them is said to be selected on the images it reports.
 */
public final class SweepReport {
  /**
   * Parameters a heatmap axis may use (columns of sweep.parquet; {@link SweepColumns#PARAMETERS}).
   */
  public static final List<String> PARAMETERS = SweepColumns.PARAMETERS;

  /** The sweep's table in its folder. */
  public static final String TABLE = SweepColumns.TABLE;

  private static final List<String> GROUP = List.of(BENCHMARK, MODEL, PROTOCOL);

  private SweepReport() {}

  /** Reads {@code <dir>/sweep.parquet}, writes {@code <dir>/report.html}; returns its path. */
  public static String write(
      SparkSession spark, String dir, String rowParam, String colParam, int top) {
    Dataset<Row> sweep = spark.read().parquet(new Path(dir, TABLE).toString());
    return write(spark, dir, html(sweep, rowParam, colParam, top));
  }

  /**
   * Writes {@code <dir>/report.html} for the rows of the sweep's table (those just written to its
   * {@code sweep.parquet}, with its {@code columns}), without reading the table again; returns its
   * path.
   */
  public static String write(
      SparkSession spark,
      String dir,
      List<Row> rows,
      List<String> columns,
      String rowParam,
      String colParam,
      int top) {
    return write(spark, dir, html(rows, columns, rowParam, colParam, top));
  }

  private static String write(SparkSession spark, String dir, String page) {
    Path path = new Path(dir, RunReport.FILE);
    try {
      HadoopFiles.writeAll(
          path, page.getBytes(StandardCharsets.UTF_8), spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
    return path.toString();
  }

  /**
   * The page for a sweep table (collected once: a table holds a few rows per configuration).
   *
   * @throws IllegalArgumentException if an axis is not one of {@link #PARAMETERS}, both are the
   *     same, or the table lacks a column
   */
  public static String html(Dataset<Row> sweep, String rowParam, String colParam, int top) {
    List<String> columns = List.of(sweep.columns());
    check(columns, rowParam, colParam);
    return page(sweep.collectAsList(), columns, rowParam, colParam, top);
  }

  /**
   * The page for the rows of a sweep table with these columns; see {@link #html(Dataset, String,
   * String, int)}.
   */
  public static String html(
      List<Row> rows, List<String> columns, String rowParam, String colParam, int top) {
    check(columns, rowParam, colParam);
    return page(rows, columns, rowParam, colParam, top);
  }

  private static void check(List<String> columns, String rowParam, String colParam) {
    for (String p : List.of(rowParam, colParam)) {
      if (!PARAMETERS.contains(p)) {
        throw new IllegalArgumentException(
            "heatmap parameter \"" + p + "\" is not one of " + PARAMETERS);
      }
    }
    if (rowParam.equals(colParam)) {
      throw new IllegalArgumentException(
          "the heatmap needs two different parameters, got " + rowParam + " twice");
    }
    for (String c :
        List.of(SWEEP_ID, CONFIG_KEY, BENCHMARK, MODEL, PROTOCOL, AP, FPR95, AUROC, EXACT)) {
      if (!columns.contains(c)) {
        throw new IllegalArgumentException("sweep table lacks column " + c + "; has " + columns);
      }
    }
  }

  /** One heatmap cell: the best AP and FPR95 of a group's configurations at (r, c). */
  private record Cell(List<String> group, Object r, Object c, Double ap, Double fpr95) {
    Cell best(Cell o) {
      return new Cell(group, r, c, better(ap, o.ap, 1), better(fpr95, o.fpr95, -1));
    }

    /** The larger ({@code sign} 1) or smaller (-1) of two values; null only if both are. */
    private static Double better(Double a, Double b, int sign) {
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      return sign * Double.compare(a, b) >= 0 ? a : b;
    }
  }

  private static List<String> group(Row r) {
    return GROUP.stream().map(g -> r.<String>getAs(g)).toList();
  }

  private static String page(
      List<Row> table, List<String> columns, String rowParam, String colParam, int top) {
    // held-out rows (sweep.select-on) go to their own table; the rest are on every image
    List<Row> heldOut = List.of();
    List<Row> sweep = table;
    if (columns.contains(SPLIT)) {
      heldOut =
          table.stream()
              .filter(r -> r.getAs(VALIDATION_SPLIT) != null)
              .sorted(
                  Comparator.comparing(
                      (Row r) -> r.<String>getAs(SPLIT),
                      Comparator.nullsFirst(Comparator.naturalOrder())))
              .toList();
      sweep =
          table.stream().filter(r -> r.getAs(SPLIT) == null || ALL.equals(r.getAs(SPLIT))).toList();
    }
    // a configuration can have binned (every configuration) and exact (the best few) rows: keep the
    // exact one
    Map<List<Object>, Row> picked = new LinkedHashMap<>();
    for (Row r : sweep) {
      picked.merge(
          Arrays.asList(r.getAs(CONFIG_KEY), r.getAs(BENCHMARK), r.getAs(MODEL), r.getAs(PROTOCOL)),
          r,
          (kept, next) -> !exact(kept) && exact(next) ? next : kept);
    }
    Map<List<Object>, Cell> cells = new LinkedHashMap<>();
    for (Row r : picked.values()) {
      Cell cell =
          new Cell(
              group(r),
              r.getAs(rowParam),
              r.getAs(colParam),
              r.<Double>getAs(AP),
              r.<Double>getAs(FPR95));
      cells.merge(Arrays.asList(cell.group(), cell.r(), cell.c()), cell, Cell::best);
    }
    List<Row> all = new ArrayList<>(picked.values());
    all.sort(
        Comparator.comparing(
                (Row r) -> r.<Double>getAs(AP), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(r -> r.<String>getAs(CONFIG_KEY)));
    StringBuilder b = new StringBuilder();
    String sweepId = all.isEmpty() ? "(empty)" : all.get(0).getAs(SWEEP_ID);
    b.append("<h1>OoD segmentation sweep: ")
        .append(Html.esc(sweepId))
        .append("</h1>\n<p class=\"meta\">")
        .append(all.size())
        .append(" rows, ")
        .append(all.stream().map(r -> r.getAs(CONFIG_KEY)).distinct().count())
        .append(" configurations. Heatmaps: <code>")
        .append(Html.esc(rowParam))
        .append("</code> × <code>")
        .append(Html.esc(colParam))
        .append("</code>, each cell the best value over every other parameter.</p>\n")
        .append(HeldOutSection.note(!heldOut.isEmpty()));
    Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : all) {
      groups.computeIfAbsent(group(r), k -> new ArrayList<>()).add(r);
    }
    int g = 0;
    for (Map.Entry<List<String>, List<Row>> group : groups.entrySet()) {
      List<String> key = group.getKey();
      b.append("<h2>")
          .append(Html.esc(key.get(0)))
          .append(", model ")
          .append(Html.esc(key.get(1)))
          .append("</h2>\n<p class=\"protocol\">Protocol: <b>")
          .append(Html.esc(key.get(2)))
          .append("</b></p>\n")
          .append("<div class=\"charts\">");
      List<Cell> mine = cells.values().stream().filter(c -> key.equals(c.group())).toList();
      List<Object> rows = axis(mine.stream().map(Cell::r).toList());
      List<Object> cols = axis(mine.stream().map(Cell::c).toList());
      double[][] ap = new double[rows.size()][cols.size()];
      double[][] fpr = new double[rows.size()][cols.size()];
      for (double[] line : ap) {
        Arrays.fill(line, Double.NaN);
      }
      for (double[] line : fpr) {
        Arrays.fill(line, Double.NaN);
      }
      for (Cell c : mine) {
        int i = rows.indexOf(c.r());
        int j = cols.indexOf(c.c());
        ap[i][j] = c.ap() == null ? Double.NaN : 100 * c.ap();
        fpr[i][j] = c.fpr95() == null ? Double.NaN : 100 * c.fpr95();
      }
      List<String> rowNames = rows.stream().map(SweepReport::label).toList();
      List<String> colNames = cols.stream().map(SweepReport::label).toList();
      b.append(
              SvgCharts.heatmap(
                  "heatmap-ap-" + g,
                  "best AP (%)",
                  rowParam,
                  rowNames,
                  colParam,
                  colNames,
                  ap,
                  true,
                  1))
          .append(
              SvgCharts.heatmap(
                  "heatmap-fpr95-" + g,
                  "best FPR95 (%)",
                  rowParam,
                  rowNames,
                  colParam,
                  colNames,
                  fpr,
                  false,
                  1))
          .append("</div>\n<h3>Top ")
          .append(Math.min(top, group.getValue().size()))
          .append(" configurations by AP</h3>\n")
          .append(
              topTable(
                  "top-table-" + g,
                  group.getValue().subList(0, Math.min(top, group.getValue().size()))))
          .append(
              HeldOutSection.section(
                  "held-out-table-" + g,
                  heldOut.stream().filter(r -> key.equals(group(r))).toList()));
      g++;
    }
    return Html.page("oodseg sweep " + sweepId, b.toString());
  }

  private static String topTable(String id, List<Row> rows) {
    List<String> headers = new ArrayList<>(List.of("rank"));
    headers.addAll(PARAMETERS);
    headers.addAll(List.of("AP", "FPR95", "AUROC", "exact", "config key"));
    List<List<Html.Cell>> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      List<Html.Cell> cells = new ArrayList<>(List.of(Html.Cell.number(i + 1, 0)));
      for (String p : PARAMETERS) {
        Object v = r.schema().getFieldIndex(p).isDefined() ? r.getAs(p) : null;
        cells.add(
            v instanceof Number n
                ? Html.Cell.number(n, v instanceof Double ? 2 : 0)
                : Html.Cell.text(v));
      }
      cells.addAll(
          List.of(
              Html.Cell.percent(r.getAs(AP)),
              Html.Cell.percent(r.getAs(FPR95)),
              Html.Cell.percent(r.getAs(AUROC)),
              Html.Cell.text(r.getAs(EXACT)),
              Html.Cell.text(r.getAs(CONFIG_KEY))));
      out.add(cells);
    }
    return Html.table(id, headers, out, true);
  }

  /** Distinct values of an axis, numbers ascending numerically, others as text. */
  private static List<Object> axis(List<Object> values) {
    return values.stream()
        .distinct()
        .sorted(
            Comparator.comparing((Object v) -> v == null ? 1 : 0)
                .thenComparing(v -> v instanceof Number n ? n.doubleValue() : 0.0)
                .thenComparing(String::valueOf))
        .toList();
  }

  private static boolean exact(Row r) {
    return Boolean.TRUE.equals(r.getAs(EXACT));
  }

  private static String label(Object v) {
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }
}
