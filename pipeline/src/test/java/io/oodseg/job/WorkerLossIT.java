package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.cli.OodSeg;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A worker of the standalone two-worker cluster killed (with its executor) in the middle of a
 * run: Spark reschedules the lost tasks and recomputes the lost cached results on the survivor,
 * the committed result parts of the killed executor are not duplicated, and the tables equal
 * those of an undisturbed local run.
 */
class WorkerLossIT {
  static final List<String> DEMO = List.of("demo", "--count", "8", "--set", "inference.partitions=8",
      "--set", "inference.batch-size=1", "--set", "inference.threads=1", "--set", "kmeans.k=4");
  static final Path DIR = Paths.get("target", "it", "worker-loss").toAbsolutePath();

  @Test
  void aWorkerKilledMidRunLeavesTheRunToTheSurvivorWithIdenticalTables() throws Exception {
    Path runs = DIR.resolve("runs");
    try (StandaloneCluster cluster = StandaloneCluster.builder(DIR.resolve("cluster")).workers(2).start()) {
      Path log = DIR.resolve("driver.log");
      List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(2, 1));
      args.add(StandaloneCluster.clusterJar().toString());
      args.addAll(DEMO);
      args.addAll(List.of("--output", runs.toUri().toString(), "--run-id", "killed-worker"));
      CompletableFuture<Integer> driver = CompletableFuture.supplyAsync(() -> {
        try {
          return cluster.submit(args, log, Duration.ofMinutes(10));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      awaitFinishedTaskOnWorker(cluster, 1, driver);
      cluster.killWorker(1);
      int status = driver.get(11, TimeUnit.MINUTES);
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(status).as("driver exit status; its output:\n%s", StandaloneCluster.tail(log)).isZero();
      assertThat(text).contains("Lost executor").contains("8 images, 0 errors");
    }
    JsonNode manifest = new ObjectMapper().readTree(runs.resolve("killed-worker/manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("complete");
    assertThat(manifest.get("counts").get("images").asLong()).isEqualTo(8);

    LocalSpark.session();
    List<String> local = new ArrayList<>(DEMO);
    local.addAll(List.of("--output", runs.toUri().toString(), "--run-id", "undisturbed"));
    assertThat(OodSeg.execute(local.toArray(String[]::new))).isZero();
    for (String table : List.of("metrics", "images", "clusters")) {
      RunTables.assertSame(LocalSpark.session(), runs.resolve("undisturbed"), runs.resolve("killed-worker"), table,
          "image_uri");
    }
  }

  /** Waits until worker {@code index}'s executor has loaded the model: an inference task is running there. */
  private static void awaitFinishedTaskOnWorker(StandaloneCluster cluster, int index, CompletableFuture<Integer> driver)
      throws Exception {
    Path work = cluster.dir().resolve("work-" + index);
    long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(8);
    while (System.currentTimeMillis() < deadline && !driver.isDone()) {
      if (Files.isDirectory(work)) {
        try (Stream<Path> files = Files.walk(work)) {
          for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
            if (Files.readString(f, StandardCharsets.UTF_8).contains("loaded model demo-segnet")) {
              return;
            }
          }
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("worker " + index + " loaded no model before the run ended or timed out");
  }
}
