package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.TestData.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

/** {@link PooledExactMetrics} in local Spark against scikit-learn and {@link ExactMetrics}. */
class PooledExactMetricsIT {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("PooledExactMetricsIT")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static JavaPairRDD<String, ScoreCounts> rows(Map<String, List<ScoreCounts>> byKey) {
    List<Tuple2<String, ScoreCounts>> rows = new ArrayList<>();
    byKey.forEach((k, images) -> images.forEach(img -> rows.add(new Tuple2<>(k, img))));
    return jsc.parallelizePairs(rows, 3);
  }

  /** Asserts the pooled result of every key equals the local one within 1e-12 relative. */
  private static Map<String, BinaryMetrics> assertMatchesLocal(
      Map<String, List<ScoreCounts>> byKey, int numRanges) {
    Map<String, BinaryMetrics> pooled = PooledExactMetrics.compute(rows(byKey), numRanges);
    assertThat(pooled).containsOnlyKeys(byKey.keySet());
    byKey.forEach(
        (k, images) ->
            TestData.assertClose(
                k + " @" + numRanges,
                pooled.get(k),
                ExactMetrics.compute(ScoreCounts.mergeAll(images)),
                1e-12));
    return pooled;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7})
  void matchesScikitLearnReference(int numRanges) {
    Map<String, List<ScoreCounts>> byKey = new LinkedHashMap<>();
    Map<String, BinaryMetrics> expected = new LinkedHashMap<>();
    for (TestData.Case c : TestData.referenceCases()) {
      byKey.put(c.name(), c.images());
      expected.put(c.name(), c.expected());
    }
    Map<String, BinaryMetrics> pooled = assertMatchesLocal(byKey, numRanges);
    expected.forEach(
        (name, e) -> TestData.assertClose(name + " @" + numRanges, pooled.get(name), e, 1e-9));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 16})
  void edgeCasesMatchLocal(int numRanges) {
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
    List<ScoreCounts> ties = new ArrayList<>();
    List<ScoreCounts> continuous = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ties.add(TestData.randomImage(rnd, 50 + rnd.nextInt(800), 3, 0.2));
      continuous.add(TestData.randomImage(rnd, 50 + rnd.nextInt(800), 0, i % 5 == 0 ? 0 : 0.1));
    }
    byKey.put("fewLevels", ties);
    byKey.put("continuous", continuous);

    Map<String, BinaryMetrics> pooled = assertMatchesLocal(byKey, numRanges);
    assertThat(pooled.get("onlyEmptyRows")).isEqualTo(new BinaryMetrics(null, null, null, 0, 0, 0));
    assertThat(pooled.get("allEqual"))
        .isEqualTo(new BinaryMetrics(1.0 / 3.0, 1.0, 0.5, 1, 2, 1)); // AP = prevalence
    assertThat(pooled.get("noNegatives").ap()).isEqualTo(1.0);
    assertThat(pooled.get("noPositives").ap()).isNull();
    assertThat(pooled.get("continuous").thresholds()).isGreaterThan(5_000);
  }

  @Test
  void deterministicAcrossPartitionings() {
    Random rnd = new Random(9);
    List<Tuple2<String, ScoreCounts>> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ScoreCounts image =
          i % 3 == 0
              ? TestData.randomFloatImage(rnd, 500, 0, 0.1)
              : TestData.randomImage(rnd, 500, i % 4, 0.1);
      rows.add(new Tuple2<>("m" + (i % 2), image));
    }
    Map<String, BinaryMetrics> a = PooledExactMetrics.compute(jsc.parallelizePairs(rows, 2), 5);
    Map<String, BinaryMetrics> b = PooledExactMetrics.compute(jsc.parallelizePairs(rows, 7), 5);
    Collections.reverse(rows);
    Map<String, BinaryMetrics> c = PooledExactMetrics.compute(jsc.parallelizePairs(rows, 3), 5);
    assertThat(a).isEqualTo(b).isEqualTo(c).hasSize(2);
  }

  @Test
  void hugeCountsOnFewScores() {
    long big = 3_000_000_000L; // more pixels on one score than an int holds
    ScoreCounts constant =
        ScoreCounts.fromSortedDescending(new double[] {0.0}, new long[] {big}, new long[] {big});
    ScoreCounts spread =
        ScoreCounts.fromSortedDescending(
            new double[] {2, 1, 0.0, -1}, new long[] {big, 1, 5, 0}, new long[] {0, big, 1, 1});
    Map<String, List<ScoreCounts>> byKey = new LinkedHashMap<>();
    byKey.put("constant", List.of(constant, constant, ScoreCounts.empty()));
    byKey.put("spread", List.of(spread, constant, spread));
    Map<String, BinaryMetrics> pooled = assertMatchesLocal(byKey, 4);
    assertThat(pooled.get("constant").positives()).isEqualTo(2 * big);
    assertThat(pooled.get("constant").auroc()).isEqualTo(0.5);
  }

  @Test
  void inputThatChangesBetweenPassesIsAnError() {
    PASSES.set(0);
    JavaPairRDD<String, ScoreCounts> changing =
        jsc.parallelize(List.of(1, 2, 3), 1)
            .mapToPair(
                i ->
                    new Tuple2<>(
                        "k",
                        TestData.randomImage(
                            new Random(i + 10L * PASSES.getAndIncrement()), 300, 0, 0.2)));
    assertThatThrownBy(() -> PooledExactMetrics.compute(changing, 3))
        .hasStackTraceContaining("changed between passes");
  }

  /** Counts row evaluations in {@link #inputThatChangesBetweenPassesIsAnError} (local mode). */
  private static final AtomicInteger PASSES = new AtomicInteger();

  @Test
  void emptyInputAndBadRangeCount() {
    JavaPairRDD<String, ScoreCounts> none = jsc.parallelizePairs(new ArrayList<>(), 2);
    assertThat(PooledExactMetrics.compute(none, 3)).isEmpty();
    assertThatThrownBy(() -> PooledExactMetrics.compute(none, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
