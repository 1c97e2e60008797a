package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.TestData.counts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

/** {@link PooledMetrics} in local Spark against the Python reference and {@link LocalMetrics}. */
class PooledMetricsIT {
  private static final MetricsOptions FULL =
      MetricsOptions.defaults().withCurvePoints(21).withBinned(64).withBootstrap(40, 7);
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("PooledMetricsIT")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static List<Tuple2<String, ScoreCounts>> rows(Map<String, List<ScoreCounts>> byKey) {
    List<Tuple2<String, ScoreCounts>> rows = new ArrayList<>();
    byKey.forEach((k, images) -> images.forEach(img -> rows.add(new Tuple2<>(k, img))));
    return rows;
  }

  /** Asserts the pooled result of every key equals the local one (metrics within 1e-12). */
  private static Map<String, ProtocolMetrics> assertMatchesLocal(
      Map<String, List<ScoreCounts>> byKey, MetricsOptions options) {
    Map<String, ProtocolMetrics> pooled =
        PooledMetrics.compute(jsc.parallelizePairs(rows(byKey), 3), options);
    assertThat(pooled).containsOnlyKeys(byKey.keySet());
    byKey.forEach(
        (k, images) -> {
          ProtocolMetrics local = LocalMetrics.compute(images, options);
          ProtocolMetrics actual = pooled.get(k);
          for (Protocol p : options.protocols()) {
            TestData.assertClose(k + " " + p, actual.get(p), local.get(p), 1e-12);
          }
          assertThat(actual.curve()).as(k).isEqualTo(local.curve());
          assertThat(actual.warnings()).as(k).isEqualTo(local.warnings());
          assertThat(String.valueOf(actual.bootstrap().orElse(null)))
              .as(k)
              .isEqualTo(String.valueOf(local.bootstrap().orElse(null)));
          assertThat(actual.binned().isPresent()).isEqualTo(local.binned().isPresent());
          actual
              .binned()
              .ifPresent(
                  b -> {
                    BinnedComparison l = local.binned().orElseThrow();
                    assertThat(b.binned()).as(k).isEqualTo(l.binned());
                    assertThat(
                            new double[] {
                              b.apBound(), b.fpr95Bound(), b.aurocBound(), b.lo(), b.hi()
                            })
                        .isEqualTo(
                            new double[] {
                              l.apBound(), l.fpr95Bound(), l.aurocBound(), l.lo(), l.hi()
                            });
                    TestData.assertClose(k + " binned vs exact", b.exact(), l.exact(), 1e-12);
                  });
        });
    return pooled;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7})
  void everyProtocolMatchesTheReference(int numRanges) {
    Map<String, List<ScoreCounts>> byKey = new LinkedHashMap<>();
    Map<String, TestData.Case> cases = new LinkedHashMap<>();
    for (TestData.Case c : TestData.referenceCases()) {
      byKey.put(c.name(), c.images());
      cases.put(c.name(), c);
    }
    Map<String, ProtocolMetrics> pooled = assertMatchesLocal(byKey, FULL.withRanges(numRanges));
    cases.forEach(
        (name, c) -> TestData.assertProtocols(name + " @" + numRanges, pooled.get(name), c, 1e-9));
  }

  @Test
  void officialCasesGiveTheLocalValues() {
    // float32 casts, float16 binning, fused scores beyond float16 (smiyc null + warning), no
    // positive or no negative pixel: the distributed path as the local one that
    // OfficialProtocolsTest checks against the official code
    Map<String, ProtocolMetrics> pooled =
        assertMatchesLocal(OfficialProtocolsTest.ownCases(), FULL.withRanges(3));
    assertThat(pooled.get("fused_overflow").warnings()).contains(ProtocolMetrics.SMIYC_OVERFLOW);
    assertThat(pooled.get("fused_overflow").get(Protocol.SMIYC).ap()).isNull();
  }

  @Test
  void exactIsBitIdenticalToPooledExactMetrics() {
    Map<String, List<ScoreCounts>> byKey = new LinkedHashMap<>();
    Random rnd = new Random(11);
    for (int k = 0; k < 3; k++) {
      List<ScoreCounts> images = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        images.add(TestData.randomFloatImage(rnd, 400 + rnd.nextInt(400), k, 0.1));
      }
      byKey.put("m" + k, images);
    }
    JavaPairRDD<String, ScoreCounts> rdd = jsc.parallelizePairs(rows(byKey), 4);
    Map<String, BinaryMetrics> old = PooledExactMetrics.compute(rdd, 5);
    Map<String, ProtocolMetrics> all =
        PooledMetrics.compute(rdd, EnumSet.of(Protocol.EXACT, Protocol.ADE_OOD), 5);
    old.forEach((k, m) -> assertThat(all.get(k).get(Protocol.EXACT)).isEqualTo(m));
    assertThat(all.get("m0").protocols()).containsExactly(Protocol.EXACT, Protocol.ADE_OOD);
  }

  @Test
  void compactRowsGiveTheResultsOfTheirTablesBitForBit() {
    Random rnd = new Random(33);
    List<Tuple2<String, CompactCounts>> compact = new ArrayList<>();
    List<Tuple2<String, ScoreCounts>> tables = new ArrayList<>();
    for (String key : List.of("fused", "plain")) {
      double offset = key.equals("fused") ? 1 << 20 : 0;
      for (int image = 0; image < 12; image++) {
        int n = 500 + rnd.nextInt(4000);
        float[] s = CompactCountsTest.scores(rnd, n);
        CompactCountsTest.Pixels px = CompactCountsTest.pixels(rnd, n, offset > 0 ? 0.2 : 0);
        byte[] l = px.labels();
        boolean[] raised = px.raised();
        compact.add(new Tuple2<>(key, CompactCountsTest.compact(s, l, raised, offset)));
        tables.add(new Tuple2<>(key, CompactCountsTest.reference(s, l, raised, offset)));
      }
    }
    MetricsOptions options =
        MetricsOptions.defaults()
            .withProtocols(EnumSet.allOf(Protocol.class))
            .withRanges(5)
            .withCurvePoints(21);
    Map<String, ProtocolMetrics> fromKeys =
        PooledMetrics.computeCompact(jsc.parallelizePairs(compact, 3), options);
    Map<String, ProtocolMetrics> fromTables =
        PooledMetrics.compute(jsc.parallelizePairs(tables, 2), options);
    assertThat(fromKeys).containsOnlyKeys("fused", "plain");
    fromTables.forEach(
        (key, expected) -> {
          for (Protocol p : options.protocols()) {
            assertThat(fromKeys.get(key).get(p)).as(key + " " + p).isEqualTo(expected.get(p));
          }
          assertThat(fromKeys.get(key).curve()).as(key).isEqualTo(expected.curve());
        });
  }

  @Test
  void edgeCasesMatchLocalAndDoNotDependOnPartitioning() {
    Random rnd = new Random(5);
    Map<String, List<ScoreCounts>> byKey = new LinkedHashMap<>();
    byKey.put(
        "allEqual", List.of(counts(new double[] {0.3, 0.3}, 1, 0), counts(new double[] {0.3}, 0)));
    byKey.put(
        "noPositives",
        List.of(counts(new double[] {0.9, 0.3}, 0, 0), counts(new double[] {0.1, 0.2}, 0, 0)));
    byKey.put("noNegatives", List.of(counts(new double[] {0.9, 0.3, 0.3}, 1, 1, 1)));
    byKey.put("onlyEmptyRows", List.of(ScoreCounts.empty(), counts(new double[] {0.5}, 255)));
    byKey.put("singlePixel", List.of(counts(new double[] {0.5}, 1), ScoreCounts.empty()));
    List<ScoreCounts> mixed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      mixed.add(TestData.randomImage(rnd, 50 + rnd.nextInt(800), i % 4, i % 5 == 0 ? 0 : 0.1));
    }
    byKey.put("mixed", mixed);
    Map<String, ProtocolMetrics> pooled = assertMatchesLocal(byKey, FULL.withRanges(4));
    assertThat(pooled.get("noPositives").get(Protocol.SMIYC).ap()).isNull();
    assertThat(pooled.get("noPositives").warnings()).isNotEmpty();
    assertThat(pooled.get("onlyEmptyRows").get(Protocol.ADE_OOD).ap()).isNull();

    List<Tuple2<String, ScoreCounts>> rows = rows(byKey);
    Map<String, ProtocolMetrics> a = PooledMetrics.compute(jsc.parallelizePairs(rows, 2), FULL);
    Collections.reverse(rows);
    Map<String, ProtocolMetrics> b = PooledMetrics.compute(jsc.parallelizePairs(rows, 5), FULL);
    a.forEach((k, m) -> assertThat(b.get(k).toString()).as(k).isEqualTo(m.toString()));
  }

  @Test
  void perImageMetricsStayDistributed() {
    List<Tuple2<String, ScoreCounts>> images =
        List.of(
            new Tuple2<>("img1", counts(new double[] {0.9, 0.1}, 1, 0)),
            new Tuple2<>("img2", counts(new double[] {0.5, 0.5}, 0, 0)));
    Map<String, ProtocolMetrics> perImage =
        PooledMetrics.perImage(
                jsc.parallelizePairs(images, 2), EnumSet.of(Protocol.EXACT, Protocol.SMIYC))
            .collectAsMap();
    assertThat(perImage.get("img1").get(Protocol.EXACT).auroc()).isEqualTo(1.0);
    assertThat(perImage.get("img1").get(Protocol.SMIYC).ap()).isEqualTo(1.0);
    assertThat(perImage.get("img2").get(Protocol.EXACT).ap()).isNull();
    assertThat(perImage.get("img2").warnings()).hasSize(1);
  }
}
