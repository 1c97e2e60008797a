package io.oodseg.output;

import io.oodseg.udfs.metrics.BinaryMetrics;
import java.util.Map;

/** Renders pooled metrics as a fixed-width text table. */
public final class ConsoleTable {
  private ConsoleTable() {}

  /** The table of one protocol's pooled metrics, percentages with two decimals. */
  public static String render(String title, Map<String, BinaryMetrics> pooled) {
    StringBuilder out = new StringBuilder(title).append('\n');
    String line = "+----------------------+---------+---------+---------+\n";
    out.append(line)
        .append(String.format("| %-20s | %7s | %7s | %7s |%n", "method", "AP", "FPR95", "AUROC"))
        .append(line);
    for (Map.Entry<String, BinaryMetrics> e : pooled.entrySet()) {
      BinaryMetrics b = e.getValue();
      out.append(
          String.format(
              "| %-20s | %7s | %7s | %7s |%n",
              e.getKey(), pct(b.ap()), pct(b.fpr95()), pct(b.auroc())));
    }
    return out.append(line).toString();
  }

  private static String pct(Double v) {
    return v == null ? "n/a" : String.format("%.2f", 100 * v);
  }
}
