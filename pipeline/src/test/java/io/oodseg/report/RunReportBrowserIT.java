package io.oodseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.oodseg.testing.DemoReportRuns;
import io.oodseg.testing.HeadlessChromium;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.ReportProbe;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A demo run's report.html rendered in headless Chromium: curves, tables and overlays present and
 * non-empty, images at the label's resolution, sorting works, no console errors; plus the run's
 * report tables (curves, overlays, summary files).
 */
class RunReportBrowserIT {
  static final int METHODS = 5;
  static Path run;
  static SparkSession spark;

  @BeforeAll
  static void makeRun() {
    spark = LocalSpark.session();
    run = DemoReportRuns.main();
  }

  @Test
  void reportRendersCurvesTablesAndOverlaysWithoutConsoleErrors() throws Exception {
    ReportProbe.Result result = ReportProbe.probe(run.resolve("report.html"));
    JsonNode f = result.figures();
    assertThat(result.console()).as("console messages").isEmpty();
    assertThat(f.get("errors")).as("script errors").isEmpty();

    assertThat(f.get("charts")).hasSize(2);
    for (JsonNode chart : f.get("charts")) {
      assertThat(chart.get("width").asDouble()).isGreaterThan(100);
      assertThat(chart.get("curves")).hasSize(METHODS);
      for (JsonNode points : chart.get("curves")) {
        assertThat(points.asInt()).as("points of a curve in " + chart.get("id")).isGreaterThan(20);
      }
    }
    assertThat(f.get("tables").get("pooled-table").asInt()).isEqualTo(METHODS);
    assertThat(f.get("tables").get("images-table").asInt()).isEqualTo(DemoReportRuns.IMAGES);

    assertThat(f.get("overlays")).hasSize(2 * DemoReportRuns.OVERLAYS);
    assertThat(f.get("images")).hasSize(2 * DemoReportRuns.OVERLAYS * PanelRenderer.PANELS.length);
    for (JsonNode img : f.get("images")) {
      assertThat(img.get("complete").asBoolean()).isTrue();
      assertThat(img.get("width").asInt())
          .as(img.get("alt").asText())
          .isEqualTo(512); // the label's resolution
      assertThat(img.get("height").asInt()).as(img.get("alt").asText()).isEqualTo(256);
      assertThat(img.get("shown").asDouble()).isGreaterThan(50);
    }

    List<Double> ascending = numbers(f.get("sortedAscending"));
    assertThat(ascending).hasSize(DemoReportRuns.IMAGES).isSorted();
    List<Double> descending = numbers(f.get("sortedDescending"));
    java.util.Collections.reverse(descending);
    assertThat(descending).containsExactlyElementsOf(ascending);
  }

  @Test
  void screenshotShowsAPaintedPage() throws Exception {
    Path png = run.resolve("report-screenshot.png");
    HeadlessChromium.Output out =
        HeadlessChromium.screenshot(run.resolve("report.html"), png, 1280, 1600);
    assertThat(out.console()).isEmpty();
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot.getWidth()).isEqualTo(1280);
    assertThat(shot.getHeight()).isEqualTo(1600);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y += 4) {
      for (int x = 0; x < shot.getWidth(); x += 4) {
        colours.add(shot.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours of the screenshot").isGreaterThan(100);
  }

  @Test
  void runWritesCurvesOverlaysAndSummaryFiles() throws Exception {
    Dataset<Row> curves = spark.read().parquet(run.resolve("curves.parquet").toString());
    assertThat(curves.select("method").distinct().count()).isEqualTo(METHODS);
    assertThat(curves.select("curve").distinct().count()).isEqualTo(2);
    assertThat(curves.count()).isLessThanOrEqualTo(METHODS * 2 * 201L);
    Dataset<Row> overlays = spark.read().parquet(run.resolve("overlays.parquet").toString());
    assertThat(overlays.count()).isEqualTo(2 * DemoReportRuns.OVERLAYS);
    for (String name : SummaryFiles.NAMES) {
      assertThat(run.resolve(name)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(run.resolve("images.csv"))).hasSize(DemoReportRuns.IMAGES + 1);
  }

  /** The worst overlays have the lowest per-image AP of the method, the best the highest. */
  @Test
  void overlaysAreTheWorstAndBestImagesByTheMethodsAp() {
    List<Row> images =
        spark
            .read()
            .parquet(run.resolve("images.parquet").toString())
            .where("ap_clusters_fused IS NOT NULL")
            .orderBy("ap_clusters_fused")
            .collectAsList();
    List<Row> overlays =
        spark
            .read()
            .parquet(run.resolve("overlays.parquet").toString())
            .orderBy("end", "rank")
            .collectAsList();
    List<String> best = new ArrayList<>();
    List<String> worst = new ArrayList<>();
    for (Row r : overlays) {
      (r.<String>getAs("end").equals("best") ? best : worst).add(r.getAs("image_id"));
    }
    int n = images.size();
    assertThat(worst)
        .containsExactly(
            images.get(0).<String>getAs("image_id"), images.get(1).<String>getAs("image_id"));
    assertThat(best)
        .containsExactly(
            images.get(n - 1).<String>getAs("image_id"),
            images.get(n - 2).<String>getAs("image_id"));
  }

  /** The downsampled ROC curve integrates (trapezoid) to the pooled exact AUROC within 0.005. */
  @Test
  void downsampledRocCurveAgreesWithThePooledAuroc() {
    List<Row> metrics =
        spark.read().parquet(run.resolve("metrics.parquet").toString()).collectAsList();
    for (Row m : metrics) {
      List<Row> roc =
          spark
              .read()
              .parquet(run.resolve("curves.parquet").toString())
              .where("curve = 'roc' AND method = '" + m.getAs("method") + "'")
              .orderBy("point")
              .collectAsList();
      double area = 0;
      double px = 0;
      double py = 0;
      for (Row r : roc) {
        double x = r.getAs("x");
        double y = r.getAs("y");
        area += (x - px) * (y + py) / 2;
        px = x;
        py = y;
      }
      assertThat(px).isEqualTo(1.0);
      assertThat(area)
          .as(m.<String>getAs("method"))
          .isCloseTo(m.<Double>getAs("auroc"), org.assertj.core.data.Offset.offset(0.005));
    }
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(v -> out.add(v.isNull() ? null : v.asDouble()));
    assertThat(out).as("every demo image has OoD pixels, so an AP").doesNotContainNull();
    return out;
  }
}
