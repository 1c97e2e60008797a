package io.oodseg.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Small HTML building blocks for the self-contained reports: escaping, sortable tables, inline PNGs
 * and the page shell (inline CSS and script from {@code report/report.css} and {@code
 * report/sortable.js} on the classpath; nothing is loaded from the network).
 */
public final class Html {
  private static final String CSS = resource("report/report.css");
  private static final String SCRIPT = resource("report/sortable.js");

  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  public static String esc(Object text) {
    String s = String.valueOf(text);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A whole page: title, inline style and script, body. */
  public static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + "</title><style>"
        + CSS
        + "</style></head>\n<body>\n"
        + body
        + "\n<script>"
        + SCRIPT
        + "</script>\n</body></html>\n";
  }

  /** A table cell: display text and the value its column sorts by (a number, or null for text). */
  public record Cell(String text, Double sortValue) {
    /** A text cell (sorted as text). */
    public static Cell text(Object value) {
      return new Cell(value == null ? "" : String.valueOf(value), null);
    }

    /** A number shown with {@code decimals} decimals; null shows an empty cell that sorts last. */
    public static Cell number(Number value, int decimals) {
      if (value == null || Double.isNaN(value.doubleValue())) {
        return new Cell("", null);
      }
      double v = value.doubleValue();
      return new Cell(String.format(Locale.ROOT, "%." + decimals + "f", v), v);
    }

    /** A rate in [0, 1] shown as a percentage with two decimals. */
    public static Cell percent(Double value) {
      return number(value == null ? null : value * 100.0, 2);
    }
  }

  /**
   * A table; with {@code sortable}, a click on a header sorts the rows by that column (numbers
   * numerically, empty cells last).
   */
  public static String table(
      String id, List<String> headers, List<List<Cell>> rows, boolean sortable) {
    StringBuilder b = new StringBuilder();
    b.append("<table id=\"")
        .append(esc(id))
        .append('"')
        .append(sortable ? " class=\"sortable\"" : "")
        .append("><thead><tr>");
    for (String h : headers) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (List<Cell> row : rows) {
      b.append("<tr>");
      for (Cell c : row) {
        b.append(
                c.sortValue() == null
                    ? "<td>"
                    : "<td class=\"num\" data-v=\"" + c.sortValue() + "\">")
            .append(esc(c.text()))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  /** An inline PNG at its natural size, with alternative text. */
  public static String png(byte[] png, String alt, String cssClass) {
    return "<img class=\""
        + esc(cssClass)
        + "\" alt=\""
        + esc(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }

  private static String resource(String name) {
    try (InputStream in = Html.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
    }
  }
}
