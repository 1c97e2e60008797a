package io.oodseg.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.TestRuns;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device and mllib engines on the same demo images with the same settings. */
class EngineAgreementIT {
  private static final String[] SETTINGS = {
    "benchmark.synthetic.count=12", "inference.partitions=3"
  };
  @TempDir static Path output;
  static SparkSession spark;
  static RunResult device;
  static RunResult mllib;

  @BeforeAll
  static void runBoth() {
    spark = LocalSpark.session();
    device = new EvaluationJob(spark, TestRuns.config(output, "device", SETTINGS)).run();
    mllib =
        new EvaluationJob(spark, TestRuns.config(output, "mllib", with("clustering.engine=mllib")))
            .run();
  }

  private static String[] with(String... more) {
    String[] all = java.util.Arrays.copyOf(SETTINGS, SETTINGS.length + more.length);
    System.arraycopy(more, 0, all, SETTINGS.length, more.length);
    return all;
  }

  private static Map<String, Row> clusters(String run) {
    Map<String, Row> byImage = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(output.resolve(run).resolve("clusters.parquet").toString())
            .collectAsList()) {
      byImage.put(r.getAs("image_id"), r);
    }
    return byImage;
  }

  private static int[] ints(Row r, String column) {
    return r.<Integer>getList(r.fieldIndex(column)).stream().mapToInt(Integer::intValue).toArray();
  }

  /** Cells of flagged clusters. */
  private static boolean[] flaggedCells(Row r) {
    int[] assignments = ints(r, "assignments");
    List<Boolean> flagged = r.getList(r.fieldIndex("flagged"));
    boolean[] out = new boolean[assignments.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = flagged.get(assignments[i]);
    }
    return out;
  }

  @Test
  void assignmentsAndFlaggedMasksAgreeAndPooledApIsWithinOnePoint() {
    Map<String, Row> a = clusters("device");
    Map<String, Row> b = clusters("mllib");
    assertThat(b.keySet()).isEqualTo(a.keySet()).hasSize(12);
    double ariSum = 0;
    double iouSum = 0;
    int withFlags = 0;
    for (String id : a.keySet()) {
      ariSum += AdjustedRand.index(ints(a.get(id), "assignments"), ints(b.get(id), "assignments"));
      boolean[] fa = flaggedCells(a.get(id));
      boolean[] fb = flaggedCells(b.get(id));
      int inter = 0;
      int union = 0;
      for (int i = 0; i < fa.length; i++) {
        inter += fa[i] && fb[i] ? 1 : 0;
        union += fa[i] || fb[i] ? 1 : 0;
      }
      if (union > 0) {
        iouSum += (double) inter / union;
        withFlags++;
      }
    }
    assertThat(ariSum / a.size()).as("mean adjusted Rand index").isGreaterThanOrEqualTo(0.9);
    assertThat(iouSum / withFlags).as("mean IoU of flagged cells").isGreaterThanOrEqualTo(0.9);
    double apDevice = device.pooled().get("clusters_fused").ap();
    double apMllib = mllib.pooled().get("clusters_fused").ap();
    assertThat(Math.abs(apDevice - apMllib)).as("pooled AP difference").isLessThanOrEqualTo(0.01);
  }

  /**
   * (The device engine's reruns are {@code FaultToleranceIT}'s: same tables with and without
   * failures.)
   */
  @Test
  void theMllibEngineIsDeterministicWhateverItsConcurrency() {
    RunResult mllibAgain =
        new EvaluationJob(
                spark,
                TestRuns.config(
                    output, "mllib-2", with("clustering.engine=mllib", "clustering.concurrency=2")))
            .run();
    assertThat(mllibAgain.pooled()).isEqualTo(mllib.pooled());
    LocalSpark.assertSameRows(
        spark
            .read()
            .parquet(output.resolve("mllib/clusters.parquet").toString())
            .select("image_id", "assignments", "flagged"),
        spark
            .read()
            .parquet(output.resolve("mllib-2/clusters.parquet").toString())
            .select("image_id", "assignments", "flagged"));
    assertThat(output.resolve("mllib/_staging")).doesNotExist();
  }

  @Test
  void bothEnginesRecordTheModelNumericsInTheManifest() throws Exception {
    for (String run : new String[] {"device", "mllib"}) {
      com.fasterxml.jackson.databind.JsonNode numerics =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(output.resolve(run).resolve("manifest.json").toFile())
              .get("numerics");
      assertThat(numerics).as(run).isNotEmpty();
      for (com.fasterxml.jackson.databind.JsonNode executor : numerics) {
        assertThat(executor.get("probe").asText()).as(run).isEqualTo("passed");
        assertThat(executor.get("remedy_in_effect").asBoolean()).as(run).isTrue();
      }
    }
  }

  @Test
  void adjustedRandIndexOnHandCases() {
    assertThat(AdjustedRand.index(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0})).isEqualTo(1.0);
    // contingency [[1,1],[1,1]]: sum C(n_ij,2) = 0, rows 2*C(2,2)=2, cols 2; expected
    // 2*2/C(4,2)=2/3
    // ARI = (0 - 2/3) / (2 - 2/3) = -0.5
    assertThat(AdjustedRand.index(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}))
        .isCloseTo(-0.5, within(1e-12));
  }

  /** Adjusted Rand index of two labelings (Hubert and Arabie). */
  static final class AdjustedRand {
    static double index(int[] a, int[] b) {
      Map<Long, Long> pairs = new HashMap<>();
      Map<Integer, Long> rows = new HashMap<>();
      Map<Integer, Long> cols = new HashMap<>();
      for (int i = 0; i < a.length; i++) {
        pairs.merge(((long) a[i] << 32) | b[i], 1L, Long::sum);
        rows.merge(a[i], 1L, Long::sum);
        cols.merge(b[i], 1L, Long::sum);
      }
      double sumPairs =
          pairs.values().stream().mapToDouble(EngineAgreementIT.AdjustedRand::choose2).sum();
      double sumRows =
          rows.values().stream().mapToDouble(EngineAgreementIT.AdjustedRand::choose2).sum();
      double sumCols =
          cols.values().stream().mapToDouble(EngineAgreementIT.AdjustedRand::choose2).sum();
      double expected = sumRows * sumCols / choose2(a.length);
      double max = (sumRows + sumCols) / 2;
      return max == expected ? 1.0 : (sumPairs - expected) / (max - expected);
    }

    private static double choose2(long n) {
      return n * (n - 1) / 2.0;
    }
  }
}
