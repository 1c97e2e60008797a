package io.oodseg.report;

import static io.oodseg.report.SweepColumns.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What a sweep's report says about how its best configuration was selected: without {@code
 * sweep.select-on}, a plain note that the top table is selected on the images it reports (an
 * optimistic figure); with it, per benchmark, model and protocol the table of the configurations
 * chosen on validation images, each with its binned figures on those images beside its exact
 * figures and 95 % bootstrap interval on the held-out images.
 */
final class HeldOutSection {
  private HeldOutSection() {}

  /** The note under the page's title. */
  static String note(boolean heldOut) {
    return heldOut
        ? "<p class=\"selection\">Selection: each chosen configuration is the best by binned AP of"
            + " the first protocol on its <b>validation</b> images; its <b>held-out</b> figures"
            + " (exact, with a 95&nbsp;% bootstrap interval over images) come from images that"
            + " took no part in choosing it. The heatmaps and the top table are computed on every"
            + " image of each benchmark.</p>\n"
        : "<p class=\"selection\">Selection: the top configurations are chosen on the very images"
            + " their figures are computed on, so the best figures are <b>optimistic</b>. Set"
            + " <code>sweep.select-on</code> for a figure on held-out images.</p>\n";
  }

  /** The held-out table of one benchmark, model and protocol (empty when it has no rows). */
  static String section(String id, List<Row> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    List<String> headers =
        List.of(
            "held-out images",
            "k",
            "levels",
            "features",
            "confidence",
            "statistic",
            "threshold_mode",
            "threshold",
            "score_mode",
            "validation images",
            "validation AP (binned)",
            "validation FPR95 (binned)",
            "held-out AP",
            "held-out AP 95% CI",
            "held-out FPR95",
            "held-out FPR95 95% CI",
            "held-out AUROC",
            "held-out count",
            "config key");
    List<List<Html.Cell>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          List.of(
              Html.Cell.text(r.getAs(SPLIT)),
              Html.Cell.number(r.<Integer>getAs(K), 0),
              Html.Cell.text(r.getAs(LEVELS)),
              Html.Cell.text(r.getAs(FEATURES)),
              Html.Cell.text(r.getAs(CONFIDENCE)),
              Html.Cell.text(r.getAs(STATISTIC)),
              Html.Cell.text(r.getAs(THRESHOLD_MODE)),
              Html.Cell.number(r.<Double>getAs(THRESHOLD), 2),
              Html.Cell.text(r.getAs(SCORE_MODE)),
              Html.Cell.text(
                  r.getAs(VALIDATION_IMAGES) + " images of " + r.getAs(VALIDATION_SPLIT)),
              Html.Cell.percent(r.getAs(VALIDATION_AP)),
              Html.Cell.percent(r.getAs(VALIDATION_FPR95)),
              Html.Cell.percent(r.getAs(AP)),
              interval(r.getAs(AP_LOW), r.getAs(AP_HIGH)),
              Html.Cell.percent(r.getAs(FPR95)),
              interval(r.getAs(FPR95_LOW), r.getAs(FPR95_HIGH)),
              Html.Cell.percent(r.getAs(AUROC)),
              Html.Cell.number(r.<Long>getAs(IMAGES), 0),
              Html.Cell.text(r.getAs(CONFIG_KEY))));
    }
    return "<h3>Chosen on validation images, reported on held-out images</h3>\n"
        + Html.table(id, headers, out, true);
  }

  private static Html.Cell interval(Double low, Double high) {
    return low == null || high == null
        ? Html.Cell.text("n/a")
        : Html.Cell.text(
            String.format(java.util.Locale.ROOT, "[%.2f, %.2f]", 100 * low, 100 * high));
  }
}
