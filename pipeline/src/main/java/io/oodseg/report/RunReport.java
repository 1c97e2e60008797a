package io.oodseg.report;

import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code report.html} of a run, built from its Parquet alone ({@link RunData}): PR and ROC
 * curves of every method per benchmark with the primary protocol's AP / FPR95 / AUROC in the
 * legend, the pooled metrics of every protocol, the sortable per-image table, the overlays of the
 * worst and best images, and the errors. One self-contained file: inline SVG, PNG and script.
 */
public final class RunReport {
  /** File name of the report in the run folder. */
  public static final String FILE = "report.html";

  private RunReport() {}

  /**
   * Reads the run folder, writes its summary files and {@code report.html}; returns the report's
   * path.
   */
  public static String write(SparkSession spark, String dir) {
    RunData data = RunData.load(spark, dir);
    SummaryFiles.write(data, spark.sparkContext().hadoopConfiguration());
    Path path = new Path(dir, FILE);
    try {
      HadoopFiles.writeAll(
          path,
          html(data).getBytes(StandardCharsets.UTF_8),
          spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
    return path.toString();
  }

  /** The whole page. */
  public static String html(RunData data) {
    StringBuilder b = new StringBuilder();
    Row first = data.metrics().get(0);
    String runId = first.getAs("run_id");
    b.append("<h1>OoD segmentation report: run ").append(Html.esc(runId)).append("</h1>\n");
    b.append(meta("benchmark", String.join(", ", data.benchmarks())))
        .append(
            meta(
                "model",
                first.getAs("model")
                    + " (sha256 "
                    + first.<String>getAs("model_sha256").substring(0, 12)
                    + "…)"))
        .append(meta("configuration hash", first.getAs("config_hash")))
        .append(
            meta(
                "images",
                first.getAs("images") + " evaluated, " + data.errors().size() + " errors"))
        .append(meta("method parameters", first.getAs("params")));
    for (String m : data.missing()) {
      b.append("<p class=\"missing\">")
          .append(Html.esc(m))
          .append(
              " is missing from this run folder (written by an older "
                  + "version); its section is left out.</p>\n");
    }
    curves(b, data);
    pooled(b, data);
    perImage(b, data);
    overlays(b, data);
    errors(b, data);
    return Html.page("oodseg report " + runId, b.toString());
  }

  private static String meta(String key, Object value) {
    return "<p class=\"meta\">" + Html.esc(key) + ": <code>" + Html.esc(value) + "</code></p>\n";
  }

  private static void curves(StringBuilder b, RunData data) {
    if (data.curves().isEmpty()) {
      return;
    }
    String protocol = data.protocols().get(0);
    b.append("<h2 id=\"curves\">PR and ROC curves</h2>\n");
    for (String benchmark : data.benchmarks()) {
      b.append("<h3>")
          .append(Html.esc(benchmark))
          .append("</h3>\n<p class=\"protocol\">Protocol: <b>")
          .append(Html.esc(protocol))
          .append("</b> (legend values); curves: the pooled exact curve (")
          .append(Html.esc(CurveTable.PROTOCOL))
          .append(
              "), downsampled; every non-void pixel of the benchmark, "
                  + "OoD = positive.</p>\n<div class=\"charts\">");
      List<SvgCharts.Series> pr = new ArrayList<>();
      List<SvgCharts.Series> roc = new ArrayList<>();
      for (String method : data.methods()) {
        Row m =
            data.metrics().stream()
                .filter(
                    r ->
                        benchmark.equals(r.getAs("benchmark"))
                            && method.equals(r.getAs("method"))
                            && protocol.equals(r.getAs("protocol")))
                .findFirst()
                .orElse(null);
        String legend =
            m == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "AP %s · FPR95 %s · AUROC %s",
                    pct(m.getAs("ap")),
                    pct(m.getAs("fpr95")),
                    pct(m.getAs("auroc")));
        pr.add(series(data, benchmark, method, "pr", legend));
        roc.add(series(data, benchmark, method, "roc", legend));
      }
      b.append(
              SvgCharts.lineChart(
                  "pr-" + benchmark, "Precision-recall, " + benchmark, "recall", "precision", pr))
          .append(
              SvgCharts.lineChart(
                  "roc-" + benchmark,
                  "ROC, " + benchmark,
                  "false-positive rate",
                  "true-positive rate",
                  roc))
          .append("</div>\n");
    }
  }

  private static SvgCharts.Series series(
      RunData data, String benchmark, String method, String curve, String legend) {
    // a PR point at recall 0 (only negatives above the threshold) has precision 0 and says nothing
    List<Row> rows =
        data.curves().stream()
            .filter(
                r ->
                    benchmark.equals(r.getAs("benchmark"))
                        && method.equals(r.getAs("method"))
                        && curve.equals(r.getAs("curve"))
                        && !("pr".equals(curve) && Double.valueOf(0.0).equals(r.getAs("x"))))
            .toList();
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      Row r = rows.get(i);
      x[i] = r.isNullAt(r.fieldIndex("x")) ? Double.NaN : r.<Double>getAs("x");
      y[i] = r.isNullAt(r.fieldIndex("y")) ? Double.NaN : r.<Double>getAs("y");
    }
    return new SvgCharts.Series(method, legend, x, y);
  }

  private static void pooled(StringBuilder b, RunData data) {
    List<List<Html.Cell>> rows = new ArrayList<>();
    for (Row r : data.metrics()) {
      rows.add(
          List.of(
              Html.Cell.text(r.getAs("benchmark")),
              Html.Cell.text(r.getAs("method")),
              Html.Cell.text(r.getAs("protocol")),
              Html.Cell.percent(r.getAs("ap")),
              Html.Cell.percent(r.getAs("fpr95")),
              Html.Cell.percent(r.getAs("auroc")),
              Html.Cell.number(r.<Long>getAs("positives"), 0),
              Html.Cell.number(r.<Long>getAs("negatives"), 0),
              Html.Cell.number(r.<Long>getAs("thresholds"), 0)));
    }
    b.append(
            "<h2 id=\"pooled\">Pooled metrics</h2>\n<p>AP, FPR95 and AUROC in percent, pooled over every valid pixel; "
                + "positives = OoD pixels, thresholds = distinct scores.</p>\n")
        .append(
            Html.table(
                "pooled-table",
                List.of(
                    "benchmark",
                    "method",
                    "protocol",
                    "AP",
                    "FPR95",
                    "AUROC",
                    "positives",
                    "negatives",
                    "thresholds"),
                rows,
                true));
  }

  private static void perImage(StringBuilder b, RunData data) {
    List<String> methods = data.methods();
    List<String> headers =
        new ArrayList<>(List.of("image", "valid px", "OoD px", "flagged clusters"));
    for (String m : methods) {
      headers.addAll(List.of("AP " + m, "FPR95 " + m, "AUROC " + m));
    }
    List<List<Html.Cell>> rows = new ArrayList<>();
    for (Row r : data.images()) {
      List<Html.Cell> cells =
          new ArrayList<>(
              List.of(
                  Html.Cell.text(r.getAs("image_id")),
                  Html.Cell.number(r.<Long>getAs("valid_pixels"), 0),
                  Html.Cell.number(r.<Long>getAs("ood_pixels"), 0),
                  Html.Cell.number(r.<Integer>getAs("flagged_clusters"), 0)));
      for (String m : methods) {
        cells.add(Html.Cell.percent(r.getAs("ap_" + m)));
        cells.add(Html.Cell.percent(r.getAs("fpr95_" + m)));
        cells.add(Html.Cell.percent(r.getAs("auroc_" + m)));
      }
      rows.add(cells);
    }
    b.append(
            "<h2 id=\"images\">Per-image metrics</h2>\n<p>Click a column header to sort. Empty: undefined "
                + "(no OoD pixel in the image).</p>\n<div class=\"scroll\">")
        .append(Html.table("images-table", headers, rows, true))
        .append("</div>\n");
  }

  private static void overlays(StringBuilder b, RunData data) {
    if (data.overlays().isEmpty()) {
      return;
    }
    String method = data.overlays().get(0).getAs("method");
    b.append("<h2 id=\"overlays\">Worst and best images</h2>\n<p>By the per-image AP of <b>")
        .append(Html.esc(method))
        .append(
            "</b>. Panels at the label's resolution: the image; ground truth (grey ID, orange OoD, white void); "
                + "the K-Means clusters; the flagged clusters (red); the method's score map coloured by rank within "
                + "the image (yellow = most OoD).</p>\n");
    for (Row r : data.overlays()) {
      String id = r.getAs("image_id");
      b.append("<div class=\"overlay\" data-end=\"")
          .append(Html.esc(r.getAs("end")))
          .append("\"><h3>")
          .append(Html.esc(r.getAs("end") + " #" + r.getAs("rank") + ": " + id))
          .append(" (AP ")
          .append(pct(r.getAs("ap")))
          .append(", ")
          .append(r.<Integer>getAs("width"))
          .append('×')
          .append(r.<Integer>getAs("height"))
          .append(")</h3><div class=\"panels\">");
      for (String panel : PanelRenderer.PANELS) {
        b.append("<figure>")
            .append(Html.png(r.getAs(panel + "_png"), panel + " of " + id, "panel " + panel))
            .append("<figcaption>")
            .append(panel)
            .append("</figcaption></figure>");
      }
      b.append("</div></div>\n");
    }
  }

  private static void errors(StringBuilder b, RunData data) {
    b.append("<h2 id=\"errors\">Errors</h2>\n");
    if (data.errors().isEmpty()) {
      b.append("<p>None: every image was evaluated.</p>\n");
      return;
    }
    List<List<Html.Cell>> rows = new ArrayList<>();
    for (Row r : data.errors()) {
      rows.add(
          List.of(
              Html.Cell.text(r.getAs("image_id")),
              Html.Cell.text(r.getAs("stage")),
              Html.Cell.text(r.getAs("reason"))));
    }
    b.append(Html.table("errors-table", List.of("image", "stage", "reason"), rows, true));
  }

  /** A rate in [0, 1] as a percentage with two decimals, or "n/a". */
  static String pct(Double rate) {
    return rate == null ? "n/a" : String.format(Locale.ROOT, "%.2f", rate * 100);
  }
}
