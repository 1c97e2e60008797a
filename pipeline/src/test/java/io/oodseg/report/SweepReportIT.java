package io.oodseg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.oodseg.testing.HeadlessChromium;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.ReportProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep report on a small sweep table written to Parquet in the test (the schema the sweep
 * writes): K ∈ {4, 8, 16} × τ ∈ {−1.5, −1, −0.5} × score mode ∈ {fused, cluster}. By construction
 * the fused mode has the higher AP and the cluster mode the lower FPR95, so each heatmap cell must
 * take its best value from a different row: hand-computed below. The best configuration also has a
 * binned row with better made-up values, which must lose to its exact row.
 */
class SweepReportIT {
  static final int[] KS = {4, 8, 16};
  static final double[] TAUS = {-1.5, -1.0, -0.5};
  @TempDir static Path dir;
  static SparkSession spark;

  @BeforeAll
  static void writeSweep() {
    spark = LocalSpark.session();
    StructType schema =
        new StructType()
            .add("sweep_id", DataTypes.StringType)
            .add("config_key", DataTypes.StringType)
            .add("benchmark", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("protocol", DataTypes.StringType)
            .add("k", DataTypes.IntegerType)
            .add("levels", DataTypes.StringType)
            .add("features", DataTypes.StringType)
            .add("confidence", DataTypes.StringType)
            .add("statistic", DataTypes.StringType)
            .add("threshold_mode", DataTypes.StringType)
            .add("threshold", DataTypes.DoubleType)
            .add("score_mode", DataTypes.StringType)
            .add("ap", DataTypes.DoubleType)
            .add("fpr95", DataTypes.DoubleType)
            .add("auroc", DataTypes.DoubleType)
            .add("exact", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int ki = 0; ki < KS.length; ki++) {
      for (int ti = 0; ti < TAUS.length; ti++) {
        for (String mode : List.of("fused", "cluster")) {
          boolean fused = mode.equals("fused");
          rows.add(
              RowFactory.create(
                  "demo-sweep",
                  String.format(Locale.ROOT, "k%d-t%d-%s", KS[ki], ti, mode),
                  "synthetic",
                  "demo-segnet",
                  "exact",
                  KS[ki],
                  "features_s8",
                  "stride 8, bilinear",
                  "max_logit",
                  "mean",
                  "zscore",
                  TAUS[ti],
                  mode,
                  ap(ki, ti, fused),
                  fpr95(ki, ti, fused),
                  0.8,
                  true));
        }
      }
    }
    // a binned row of the best configuration, higher than its exact row: the exact one must count
    rows.add(
        RowFactory.create(
            "demo-sweep",
            "k16-t2-fused",
            "synthetic",
            "demo-segnet",
            "exact",
            16,
            "features_s8",
            "stride 8, bilinear",
            "max_logit",
            "mean",
            "zscore",
            -0.5,
            "fused",
            0.99,
            0.01,
            0.99,
            false));
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve(SweepReport.TABLE).toString());
  }

  static double ap(int ki, int ti, boolean fused) {
    return 0.40 + 0.02 * ki + 0.03 * ti + (fused ? 0.05 : 0.0);
  }

  static double fpr95(int ki, int ti, boolean fused) {
    return 0.90 - 0.01 * ki - 0.02 * ti - (fused ? 0.0 : 0.03);
  }

  @Test
  void heatmapsHoldTheBestValueOverTheOtherParametersAndRenderInChromium() throws Exception {
    String path = SweepReport.write(spark, dir.toUri().toString(), "k", "threshold", 5);
    Path html = Path.of(java.net.URI.create(path));
    ReportProbe.Result result = ReportProbe.probe(html);
    JsonNode f = result.figures();
    assertThat(result.console()).isEmpty();
    assertThat(f.get("errors")).isEmpty();
    assertThat(f.get("charts")).hasSize(2);
    Map<String, Double> apCells = cells(f.get("charts").get(0));
    Map<String, Double> fprCells = cells(f.get("charts").get(1));
    assertThat(apCells).hasSize(9);
    assertThat(fprCells).hasSize(9);
    for (int ki = 0; ki < KS.length; ki++) {
      for (int ti = 0; ti < TAUS.length; ti++) {
        String key =
            KS[ki] + "|" + new java.math.BigDecimal(TAUS[ti]).stripTrailingZeros().toPlainString();
        assertThat(apCells.get(key))
            .as("AP cell " + key)
            .isCloseTo(100 * ap(ki, ti, true), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fprCells.get(key))
            .as("FPR95 cell " + key)
            .isCloseTo(100 * fpr95(ki, ti, false), org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    assertThat(f.get("tables").get("top-table-0").asInt()).isEqualTo(5);
    Path shot =
        Files.createDirectories(Path.of("target", "report-runs")).resolve("sweep-screenshot.png");
    HeadlessChromium.screenshot(html, shot, 1100, 900);
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @Test
  void topTableListsConfigurationsByDescendingAp() {
    String page =
        SweepReport.html(
            spark.read().parquet(dir.resolve(SweepReport.TABLE).toString()), "k", "score_mode", 3);
    int first = page.indexOf("k16-t2-fused");
    int second = page.indexOf("k16-t1-fused");
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(page).doesNotContain("k4-t0-cluster"); // the lowest AP is not in the top 3
  }

  @Test
  void rowsInMemoryGiveThePageOfTheWrittenTable() {
    Dataset<Row> table = spark.read().parquet(dir.resolve(SweepReport.TABLE).toString());
    List<Row> shuffled = new java.util.ArrayList<>(table.collectAsList());
    java.util.Collections.reverse(shuffled); // the page does not depend on the rows' order
    String fromRows = SweepReport.html(shuffled, List.of(table.columns()), "k", "threshold", 4);
    assertThat(fromRows)
        .isEqualTo(SweepReport.html(table, "k", "threshold", 4))
        .contains("heatmap-ap-0", "top-table-0");
  }

  @Test
  void withoutHeldOutRowsTheSelectionIsCalledOptimistic() {
    String page =
        SweepReport.html(
            spark.read().parquet(dir.resolve(SweepReport.TABLE).toString()), "k", "threshold", 3);
    assertThat(page).contains("optimistic").doesNotContain("held-out-table-");
  }

  @Test
  void heldOutRowsGetTheirOwnTableBesideTheirValidationFiguresAndStayOutOfTheTopTable() {
    Dataset<Row> sweep = spark.read().parquet(dir.resolve(SweepReport.TABLE).toString());
    Dataset<Row> withSplit =
        sweep
            .withColumn("split", org.apache.spark.sql.functions.lit("all"))
            .withColumn("images", org.apache.spark.sql.functions.lit(6L));
    for (String c : List.of("ap_low", "ap_high", "fpr95_low", "fpr95_high", "validation_ap")) {
      withSplit = withSplit.withColumn(c, org.apache.spark.sql.functions.lit(null).cast("double"));
    }
    withSplit =
        withSplit
            .withColumn("validation_split", org.apache.spark.sql.functions.lit(null).cast("string"))
            .withColumn("validation_images", org.apache.spark.sql.functions.lit(null).cast("long"))
            .withColumn(
                "validation_fpr95", org.apache.spark.sql.functions.lit(null).cast("double"));
    String split = "held-out (fraction=0.5, seed=5)";
    Row held =
        RowFactory.create(
            "demo-sweep",
            "k8-t1-fused",
            "synthetic",
            "demo-segnet",
            "exact",
            8,
            "features_s8",
            "stride 8, bilinear",
            "max_logit",
            "mean",
            "zscore",
            -1.0,
            "fused",
            0.999,
            0.2,
            0.9,
            true,
            split,
            3L,
            0.5,
            0.7,
            0.1,
            0.3,
            0.61,
            "validation (fraction=0.5, seed=5)",
            3L,
            0.8);
    Dataset<Row> table = withSplit.union(spark.createDataFrame(List.of(held), withSplit.schema()));
    String page = SweepReport.html(table, "k", "threshold", 3);
    int top = page.indexOf("id=\"top-table-0\"");
    int heldOut = page.indexOf("id=\"held-out-table-0\"");
    assertThat(top).isPositive();
    assertThat(heldOut).isGreaterThan(top);
    // the held-out AP (99.90) would top the top table if it were counted there
    assertThat(page.substring(top, heldOut)).doesNotContain("99.90");
    assertThat(page.substring(heldOut))
        .contains(split)
        .contains("3 images of validation (fraction=0.5, seed=5)")
        .contains("61.00") // validation AP
        .contains("99.90") // held-out AP
        .contains("[50.00, 70.00]") // its interval
        .contains("[10.00, 30.00]");
    assertThat(page).doesNotContain("optimistic");
  }

  @Test
  void unknownParameterIsRefusedWithTheAllowedNames() {
    Dataset<Row> sweep = spark.read().parquet(dir.resolve(SweepReport.TABLE).toString());
    assertThatThrownBy(() -> SweepReport.html(sweep, "k", "tau", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"tau\"")
        .hasMessageContaining("threshold_mode");
    assertThatThrownBy(() -> SweepReport.html(sweep.drop("fpr95"), "k", "threshold", 10))
        .hasMessageContaining("lacks column fpr95");
  }

  private static Map<String, Double> cells(JsonNode chart) {
    Map<String, Double> out = new HashMap<>();
    for (JsonNode c : chart.get("cells")) {
      String[] parts = c.asText().split("\\|");
      out.put(parts[0] + "|" + parts[1], Double.parseDouble(parts[2]));
    }
    return out;
  }
}
