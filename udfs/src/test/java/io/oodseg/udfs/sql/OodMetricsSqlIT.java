package io.oodseg.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ReferenceCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL functions of {@link OodMetrics} against the Python reference. */
class OodMetricsSqlIT {
  private static final StructType PIXELS =
      new StructType()
          .add("image_id", DataTypes.StringType)
          .add("method", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("label", DataTypes.IntegerType);
  private static SparkSession spark;
  private static List<ReferenceCases.Case> cases;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("OodMetricsSqlIT")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "3")
            .getOrCreate();
    OodMetrics.register(spark);
    cases = ReferenceCases.load();
    List<Row> rows = new ArrayList<>();
    for (ReferenceCases.Case c : cases) {
      for (int i = 0; i < c.scores().size(); i++) {
        double[] s = c.scores().get(i);
        int[] l = c.labels().get(i);
        for (int j = 0; j < s.length; j++) {
          rows.add(RowFactory.create(c.name() + "/img" + i, c.name(), s[j], l[j]));
        }
      }
    }
    spark.createDataFrame(rows, PIXELS).repartition(3).createOrReplaceTempView("pixels");
    spark
        .sql(
            "SELECT method, image_id, ood_counts(image_id, score, label) AS counts "
                + "FROM pixels GROUP BY method, image_id")
        .cache()
        .createOrReplaceTempView("counts");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Asserts a row's metrics struct of every protocol matches the case's official values. */
  private static void assertStructs(String what, Row m, ReferenceCases.Case c) {
    for (Protocol protocol : Protocol.values()) {
      if (!c.comparable(protocol)) {
        continue;
      }
      String field = protocol.sqlName().replace('-', '_');
      Row metric = m.getAs(field);
      double[] expected = c.expected(protocol);
      for (int k = 0; k < 3; k++) {
        double actual = metric.getDouble(k);
        assertThat(Math.abs(actual - expected[k]))
            .as(what + " " + field + " " + k)
            .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(expected[k]), Double.MIN_NORMAL));
      }
    }
  }

  private static Map<String, Row> byMethod(String sql) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      out.put(r.getString(0), r);
    }
    return out;
  }

  @Test
  void metricsOverPixelRowsAndOverCountsRowsMatchTheReference() {
    Map<String, Row> pixels =
        byMethod("SELECT method, ood_metrics(image_id, score, label) FROM pixels GROUP BY method");
    Map<String, Row> counts =
        byMethod("SELECT method, ood_counts_metrics(counts) FROM counts GROUP BY method");
    for (ReferenceCases.Case c : cases) {
      assertStructs(c.name() + " pixels", pixels.get(c.name()).getStruct(1), c);
      assertStructs(c.name() + " counts", counts.get(c.name()).getStruct(1), c);
      assertThat(pixels.get(c.name()).getStruct(1).<Long>getAs("positives"))
          .isEqualTo(c.positives());
    }
  }

  @Test
  void singleMetricFunctionsPickTheProtocol() {
    Map<String, Row> r =
        byMethod(
            "SELECT method, ood_fpr95(image_id, score, label, 'fpr95-gt'), "
                + "ood_fpr95(image_id, score, label, 'ade-ood'), ood_auroc(image_id, score, label, 'exact'),"
                + " ood_ap(image_id, score, label, NULL) FROM pixels GROUP BY method");
    Map<String, Row> fromCounts =
        byMethod(
            "SELECT method, ood_counts_fpr95(counts, 'fpr95-gt'), "
                + "ood_counts_fpr95(counts, 'ade-ood'), ood_counts_auroc(counts, 'exact'), "
                + "ood_counts_ap(counts, 'exact') FROM counts GROUP BY method");
    for (ReferenceCases.Case c : cases) {
      double[] expected = {
        c.expected(Protocol.FPR95_GT)[1],
        c.expected(Protocol.ADE_OOD)[1],
        c.expected(Protocol.EXACT)[2],
        c.expected(Protocol.EXACT)[0]
      };
      for (Row row : List.of(r.get(c.name()), fromCounts.get(c.name()))) {
        for (int k = 0; k < expected.length; k++) {
          assertThat(row.getDouble(k + 1))
              .as(c.name() + " " + k)
              .isCloseTo(expected[k], org.assertj.core.api.Assertions.within(1e-9));
        }
      }
    }
  }

  @Test
  void pooledOverACountsTableIsDistributedAndEqual() {
    Dataset<Row> result =
        OodMetrics.pooled(
            spark.table("counts"),
            "method",
            "counts",
            MetricsOptions.defaults().withRanges(3).withCurvePoints(11).withBootstrap(20, 1));
    assertThat(result.schema().fieldNames()).startsWith("key", "positives", "negatives", "exact");
    Map<String, Row> rows = new HashMap<>();
    result.collectAsList().forEach(r -> rows.put(r.getString(0), r));
    for (ReferenceCases.Case c : cases) {
      Row row = rows.get(c.name());
      assertStructs(c.name() + " pooled", row, c);
      assertThat(row.getList(row.fieldIndex("curve"))).hasSizeBetween(1, 11); // all_equal: 1
      assertThat(row.<Row>getAs("bootstrap").<Integer>getAs("replicates")).isEqualTo(20);
      assertThat(row.<Row>getAs("binned")).isNull();
    }
  }

  @Test
  void curvesAndEdgeCases() {
    Row curve =
        spark
            .sql(
                "SELECT ood_curve(image_id, score, label, 7) FROM pixels "
                    + "WHERE method = 'few_levels'")
            .first()
            .getStruct(0);
    assertThat(curve.getList(2)).hasSizeBetween(3, 7);
    Row last = (Row) curve.getList(2).get(curve.getList(2).size() - 1);
    assertThat(last.getDouble(1)).isEqualTo(1.0);

    // integer image ids are cast; a NaN score is fine on a void pixel; no positive -> nulls
    Row noPositive =
        spark
            .sql(
                "SELECT ood_metrics(id, s, l) FROM VALUES "
                    + "(1, 0.5D, 0), (1, CAST('NaN' AS DOUBLE), 255), (2, 0.7D, 0) AS t(id, s, l)")
            .first()
            .getStruct(0);
    assertThat(noPositive.<Row>getAs("smiyc").isNullAt(0)).isTrue();
    assertThat(noPositive.<Row>getAs("exact").isNullAt(2)).isTrue();
    assertThat(noPositive.getList(noPositive.fieldIndex("warnings"))).hasSize(1);
    Double single = spark.sql("SELECT ood_ap('a', 0.3D, 1, 'fishyscapes')").first().getDouble(0);
    assertThat(single).isEqualTo(1.0);
  }

  @Test
  void everyStatementOfSqlMdRuns() throws Exception {
    String doc = Files.readString(Path.of("SQL.md"));
    Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    int statements = 0;
    while (block.find()) {
      for (String sql : block.group(1).split(";")) {
        if (!sql.isBlank()) {
          assertThat(spark.sql(sql).collectAsList()).as(sql).isNotNull();
          statements++;
        }
      }
    }
    assertThat(statements).isEqualTo(6);
  }

  @Test
  void aNanScoreIsRefusedWithTheImageId() {
    assertThatThrownBy(
            () ->
                spark
                    .sql(
                        "SELECT ood_ap(id, s, l, 'exact') FROM VALUES "
                            + "('ok', 0.5D, 1), ('frame_0042', CAST('NaN' AS DOUBLE), 0) AS t(id, s, l)")
                    .collect())
        .hasStackTraceContaining("NaN score of a non-void pixel (label 0) in image frame_0042");
  }
}
