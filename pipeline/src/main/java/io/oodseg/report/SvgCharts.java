package io.oodseg.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts written directly: line charts of curves on the unit square (PR, ROC) and
 * heatmaps of a metric over two parameters. Every curve is one {@code path.curve}, every heatmap
 * cell one {@code rect.cell}, so a browser test can count them.
 */
public final class SvgCharts {
  private static final int W = 440;
  private static final int LEFT = 52;
  private static final int TOP = 30;
  private static final int PLOT = 260;

  private SvgCharts() {}

  /**
   * One curve of a chart.
   *
   * @param name method name
   * @param legend legend text (e.g. the metrics)
   * @param x x values in [0, 1]
   * @param y y values in [0, 1]
   */
  public record Series(String name, String legend, double[] x, double[] y) {}

  /** A line chart of {@code series} on [0, 1] × [0, 1], legend below the plot. */
  public static String lineChart(
      String id, String title, String xLabel, String yLabel, List<Series> series) {
    int height = TOP + PLOT + 48 + 16 * series.size();
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart\" id=\"")
        .append(Html.esc(id))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(height)
        .append("\" role=\"img\"><title>")
        .append(Html.esc(title))
        .append("</title>");
    b.append(text(LEFT + PLOT / 2.0, 18, title, "middle", "font-weight:bold"));
    for (int i = 0; i <= 4; i++) {
      double t = i / 4.0;
      double px = LEFT + t * PLOT;
      double py = TOP + (1 - t) * PLOT;
      b.append(line(px, TOP, px, TOP + PLOT, "grid"))
          .append(line(LEFT, py, LEFT + PLOT, py, "grid"));
      b.append(text(px, TOP + PLOT + 14, fmt(t, 2), "middle", null))
          .append(text(LEFT - 6, py + 4, fmt(t, 2), "end", null));
    }
    b.append("<rect class=\"axis\" fill=\"none\" x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(PLOT)
        .append("\" height=\"")
        .append(PLOT)
        .append("\"/>");
    b.append(text(LEFT + PLOT / 2.0, TOP + PLOT + 30, xLabel, "middle", null));
    b.append("<text x=\"14\" y=\"")
        .append(TOP + PLOT / 2)
        .append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
        .append(TOP + PLOT / 2)
        .append(")\">")
        .append(Html.esc(yLabel))
        .append("</text>");
    for (int s = 0; s < series.size(); s++) {
      Series c = series.get(s);
      String colour = Palette.css(Palette.series(s));
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < c.x().length; i++) {
        if (Double.isNaN(c.x()[i]) || Double.isNaN(c.y()[i])) {
          continue;
        }
        d.append(d.length() == 0 ? "M" : "L")
            .append(fmt(LEFT + c.x()[i] * PLOT, 1))
            .append(',')
            .append(fmt(TOP + (1 - c.y()[i]) * PLOT, 1));
      }
      b.append("<path class=\"curve\" data-method=\"")
          .append(Html.esc(c.name()))
          .append("\" stroke=\"")
          .append(colour)
          .append("\" d=\"")
          .append(d)
          .append("\"/>");
      double ly = TOP + PLOT + 48 + 16 * s;
      b.append(
          line(LEFT, ly - 4, LEFT + 18, ly - 4, null)
              .replace("/>", " stroke=\"" + colour + "\" stroke-width=\"3\"/>"));
      b.append(text(LEFT + 24, ly, c.name() + "  " + c.legend(), "start", null));
    }
    return b.append("</svg>").toString();
  }

  /**
   * A heatmap: {@code values[row][col]} coloured from worst to best ({@code higherIsBetter} says
   * which end is best), each cell labelled with its value; NaN cells are grey and unlabelled.
   */
  public static String heatmap(
      String id,
      String title,
      String rowLabel,
      List<String> rows,
      String colLabel,
      List<String> cols,
      double[][] values,
      boolean higherIsBetter,
      int decimals) {
    int cell = Math.max(34, Math.min(64, 520 / Math.max(1, cols.size())));
    int left = 90;
    int top = 46;
    int width = left + cell * cols.size() + 20;
    int height = top + cell * rows.size() + 44;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart heatmap\" id=\"")
        .append(Html.esc(id))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\"><title>")
        .append(Html.esc(title))
        .append("</title>");
    b.append(text(left + cell * cols.size() / 2.0, 16, title, "middle", "font-weight:bold"));
    b.append(text(left + cell * cols.size() / 2.0, 34, colLabel, "middle", null));
    b.append(text(8, top - 8, rowLabel, "start", null));
    for (int c = 0; c < cols.size(); c++) {
      b.append(
          text(
              left + cell * (c + 0.5), top + cell * rows.size() + 16, cols.get(c), "middle", null));
    }
    for (int r = 0; r < rows.size(); r++) {
      b.append(text(left - 6, top + cell * (r + 0.5) + 4, rows.get(r), "end", null));
      for (int c = 0; c < cols.size(); c++) {
        double v = values[r][c];
        double t = hi > lo ? (v - lo) / (hi - lo) : 1.0;
        int fill = Double.isNaN(v) ? 0xdddddd : Palette.sequential(higherIsBetter ? t : 1 - t);
        b.append("<rect class=\"cell\" data-row=\"")
            .append(Html.esc(rows.get(r)))
            .append("\" data-col=\"")
            .append(Html.esc(cols.get(c)))
            .append("\" data-value=\"")
            .append(Double.isNaN(v) ? "" : v)
            .append("\" x=\"")
            .append(left + cell * c)
            .append("\" y=\"")
            .append(top + cell * r)
            .append("\" width=\"")
            .append(cell)
            .append("\" height=\"")
            .append(cell)
            .append("\" fill=\"")
            .append(Palette.css(fill))
            .append("\"/>");
        if (!Double.isNaN(v)) {
          double luminance =
              0.3 * ((fill >> 16) & 0xff) + 0.59 * ((fill >> 8) & 0xff) + 0.11 * (fill & 0xff);
          b.append(
              text(
                  left + cell * (c + 0.5),
                  top + cell * (r + 0.5) + 4,
                  fmt(v, decimals),
                  "middle",
                  luminance < 128 ? "fill:#fff" : null));
        }
      }
    }
    return b.append("</svg>").toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String cssClass) {
    return "<line"
        + (cssClass == null ? "" : " class=\"" + cssClass + "\"")
        + " x1=\""
        + fmt(x1, 1)
        + "\" y1=\""
        + fmt(y1, 1)
        + "\" x2=\""
        + fmt(x2, 1)
        + "\" y2=\""
        + fmt(y2, 1)
        + "\"/>";
  }

  private static String text(double x, double y, String content, String anchor, String style) {
    return "<text x=\""
        + fmt(x, 1)
        + "\" y=\""
        + fmt(y, 1)
        + "\" text-anchor=\""
        + anchor
        + "\""
        + (style == null ? "" : " style=\"" + style + "\"")
        + ">"
        + Html.esc(content)
        + "</text>";
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
