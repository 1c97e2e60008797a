package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.cli.OodSeg;
import io.oodseg.testing.ChildJvm;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failing tasks and killed processes: injected first-attempt failures (test-only switch {@code
 * testing.fail-first-attempt}) in inference and clustering, under a Spark master that retries tasks
 * ({@code local[2,3]}), give bit-identical tables to an undisturbed run, for both clustering
 * engines; a process killed half-way ({@code testing.halt-after-parts}, {@code Runtime.halt})
 * leaves its run marked {@code running}, and {@code --resume} completes it without evaluating the
 * committed images again and without duplicates. The disturbed runs share one child JVM, started
 * once for the class: the two runs with injected failures, then the one that halts it.
 */
class FaultToleranceIT {
  private static final String[] SMALL = {
    "benchmark.synthetic.count=6", "inference.partitions=3", "kmeans.k=4", "report.overlays=0"
  };

  /**
   * The mllib engine runs a few Spark jobs per Lloyd iteration and image: fewer images (one per
   * partition) and iterations.
   */
  private static final String[] MLLIB = {
    "benchmark.synthetic.count=2",
    "inference.partitions=2",
    "kmeans.k=4",
    "kmeans.max-iter=4",
    "clustering.engine=mllib",
    "report.overlays=0"
  };

  @TempDir static Path dir;
  static SparkSession spark;
  static ChildJvm.Result child;

  /**
   * The undisturbed runs here (the device engine's kept as {@code reference-first}), then the child
   * JVM: the device engine's run again under the same run id {@code reference}, with injected
   * failures; the mllib engine's with injected failures; a run halted after one part.
   */
  @BeforeAll
  static void undisturbedThenDisturbedRuns() throws Exception {
    spark = LocalSpark.session();
    new EvaluationJob(spark, TestRuns.config(dir, "reference", SMALL)).run();
    Files.move(dir.resolve("reference"), dir.resolve("reference-first"));
    new EvaluationJob(spark, TestRuns.config(dir, "reference-mllib", MLLIB)).run();
    child =
        ChildJvm.runAll(
            dir.resolve("child.log"),
            900,
            List.of("spark.master=local[2,3]"),
            List.of(
                cli("reference", "testing.fail-first-attempt=[\"inference:0\",\"clustering:1\"]"),
                cli(
                    MLLIB,
                    "injected-mllib",
                    "testing.fail-first-attempt=[\"inference:1\",\"clustering:0\"]"),
                cli("killed", "testing.halt-after-parts=1")));
  }

  private static String[] with(String[] base, String... extra) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private static String[] cli(String runId, String... settings) {
    return cli(SMALL, runId, settings);
  }

  /**
   * {@code run} on the generated benchmark with the base settings and more settings or flags (the
   * in-process reference runs have the product defaults, as {@code run} has; {@code demo} would add
   * the demo's method settings).
   */
  private static String[] cli(String[] base, String runId, String... settings) {
    List<String> args =
        new ArrayList<>(List.of("run", "--output", dir.toUri().toString(), "--run-id", runId));
    for (String s : with(base, settings)) {
      if (s.startsWith("--")) {
        args.add(s);
      } else {
        args.add("--set");
        args.add(s);
      }
    }
    return args.toArray(String[]::new);
  }

  private static JsonNode manifest(String runId) throws Exception {
    return new ObjectMapper().readTree(dir.resolve(runId + "/manifest.json").toFile());
  }

  private static void assertSameTables(String expected, String actual) {
    for (String table : List.of("metrics", "images", "clusters", "errors")) {
      RunTables.assertSame(spark, dir.resolve(expected), dir.resolve(actual), table);
    }
  }

  @Test
  void injectedTaskFailuresInInferenceAndClusteringChangeNothing() throws Exception {
    assertThat(child.exitCode())
        .as("the halted run's exit code; the child's output:\n%s", child.output())
        .isEqualTo(99);
    assertThat(child.output())
        .contains("injected failure (testing.fail-first-attempt) in inference, partition 0")
        .contains("injected failure (testing.fail-first-attempt) in clustering, partition 1")
        .contains("injected failure (testing.fail-first-attempt) in inference, partition 1")
        .contains("injected failure (testing.fail-first-attempt) in clustering, partition 0");
    for (String run : List.of("reference", "injected-mllib")) {
      assertThat(manifest(run).get("status").asText()).isEqualTo("complete");
      assertThat(manifest(run).get("counts").get("failed_task_attempts").asLong())
          .as(run)
          .isGreaterThanOrEqualTo(2);
    }
    assertSameTables("reference-first", "reference");
    assertSameTables("reference-mllib", "injected-mllib");
  }

  @Test
  void aRunKilledHalfWayIsMarkedRunningAndResumeCompletesItWithoutDuplicates() throws Exception {
    assertThat(child.exitCode()).as(child.output()).isEqualTo(99);
    assertThat(manifest("killed").get("status").asText()).isEqualTo("running");
    assertThat(dir.resolve("killed/images.parquet")).doesNotExist();
    long parts;
    try (var files = Files.list(dir.resolve("killed/_parts"))) {
      parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    }
    // two tasks run at once: the second may commit its part before the halt; the third never does
    assertThat(parts).isBetween(1L, 2L);

    assertThat(OodSeg.execute(cli("killed", "--resume"))).isZero();
    JsonNode resumed = manifest("killed");
    assertThat(resumed.get("status").asText()).isEqualTo("complete");
    assertThat(resumed.get("counts").get("resumed_images").asLong()).isEqualTo(2 * parts);
    assertThat(resumed.get("counts").get("images").asLong()).isEqualTo(6);
    assertThat(dir.resolve("killed/_parts")).doesNotExist();
    assertSameTables("reference-first", "killed");

    assertThat(OodSeg.execute(cli("killed", "--resume")))
        .as("a complete run is not resumed")
        .isEqualTo(2);
  }

  /** The second run of {@code reference} is the child's, with injected failures in it. */
  @Test
  void theSameRunIdRunTwiceGivesTheSameParquetContent() throws Exception {
    assertThat(manifest("reference").get("status").asText()).isEqualTo("complete");
    assertSameTables("reference-first", "reference");
  }
}
