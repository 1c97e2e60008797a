package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.RunTables;
import io.oodseg.testing.StandaloneCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster jar on a real distributed Spark: a standalone master and two workers (child JVMs on
 * 127.0.0.1), the demo submitted through {@code SparkSubmit} in client mode with the libtorch CPU
 * natives passed by {@code --jars}, as on a CPU cluster. The tests share the cluster and one
 * undisturbed local-mode run, and run in this order (the last one leaves one worker):
 *
 * <ol>
 *   <li>two one-core executors, one per worker: the tables equal the local run's, and each executor
 *       JVM loads the model exactly once although it runs several partitions;
 *   <li>GPU placement under Spark's resource scheduling: each worker offers two GPUs found by a
 *       discovery script that reports fake addresses "0" and "1"; the demo runs with one GPU per
 *       task on one executor holding both. Each task must see the address Spark assigned it, the
 *       model cache must hold one model per address, and this libtorch (no CUDA) must fall back to
 *       the CPU with one warning per executor JVM;
 *   <li>a worker killed with its executor in the middle of a run: Spark reschedules the lost tasks
 *       and recomputes the lost cached results on the survivor, the killed executor's committed
 *       result parts are not duplicated, and the tables equal the local run's.
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  /**
   * The method's settings of the cluster runs: the product defaults (the deepest level on its own
   * grid, bilinear) instead of the demo's stride-4 joint bilateral upsampling, which costs several
   * times more per image and is not what these tests are about (EvaluationJobIT and FineGridIT run
   * it).
   */
  static final List<String> METHOD =
      List.of(
          "--set",
          "features.levels=[]",
          "--set",
          "features.grid=0",
          "--set",
          "features.upsample=bilinear",
          "--set",
          "kmeans.k=4");

  /**
   * Demo settings of every run: 8 scenes in 8 partitions of one image, one libtorch thread, the
   * method as {@link #METHOD}, no overlay panels (their pass re-runs inference on the panels'
   * images; the report's own tests cover it).
   */
  static final List<String> DEMO = demoWith("8", "inference.batch-size=1");

  /**
   * The demo on {@code count} scenes, one partition each, with {@link #METHOD} and more settings.
   */
  static List<String> demoWith(String count, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo",
                "--count",
                count,
                "--set",
                "inference.partitions=" + count,
                "--set",
                "inference.threads=1",
                "--set",
                "report.overlays=0"));
    args.addAll(METHOD);
    for (String setting : more) {
      args.addAll(List.of("--set", setting));
    }
    return args;
  }

  static final Path DIR = Paths.get("target", "it", "standalone").toAbsolutePath();
  static final Path RUNS = DIR.resolve("runs");
  static final Pattern ASSIGNED =
      Pattern.compile("was assigned GPU (\\S+); model device cpu\\(\\)");
  static StandaloneCluster cluster;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(DIR.toFile()); // results of an earlier run
    Files.createDirectories(DIR);
    Path gpus = DIR.resolve("fake-gpus.sh");
    Files.writeString(gpus, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(gpus, PosixFilePermissions.fromString("rwxr-xr-x"));
    cluster =
        StandaloneCluster.builder(DIR.resolve("cluster"))
            .workers(2)
            .coresPerWorker(2)
            .workerConf("spark.worker.resource.gpu.amount", "2")
            .workerConf("spark.worker.resource.gpu.discoveryScript", gpus.toString())
            .start();
    LocalSpark.session(); // the local run shares the test session
    assertThat(OodSeg.execute(demo("local").toArray(String[]::new))).isZero();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The demo's arguments with the output folder and the run id. */
  private static List<String> demo(String runId) {
    List<String> args = new ArrayList<>(DEMO);
    args.addAll(List.of("--output", RUNS.toUri().toString(), "--run-id", runId));
    return args;
  }

  /** {@code spark-submit} arguments: two one-core executors, the cluster jar, the demo. */
  private static List<String> submission(String runId) {
    List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(2, 1));
    args.add(StandaloneCluster.clusterJar().toString());
    args.addAll(demo(runId));
    return args;
  }

  private static void assertSameTablesAsLocal(String runId) {
    for (String table : List.of("metrics", "images", "clusters")) {
      RunTables.assertSame(
          LocalSpark.session(), RUNS.resolve("local"), RUNS.resolve(runId), table, "image_uri");
    }
  }

  @Test
  @Order(1)
  void demoOnTwoWorkersEqualsTheLocalRunAndEachExecutorLoadsTheModelOnce() throws Exception {
    Path log = DIR.resolve("driver.log");
    int status = cluster.submit(submission("cluster"), log, Duration.ofMinutes(6));
    assertThat(status)
        .as("driver exit status; its output:\n%s", StandaloneCluster.tail(log))
        .isZero();

    List<Path> executors = cluster.executorLogs();
    assertThat(executors).as("one executor per worker").hasSize(2);
    assertThat(executors.get(0)).startsWith(cluster.dir().resolve("work-0"));
    assertThat(executors.get(1)).startsWith(cluster.dir().resolve("work-1"));
    for (Path executor : executors) {
      String text = Files.readString(executor, StandardCharsets.UTF_8);
      assertThat(StandaloneCluster.count(text, "loaded model demo-segnet"))
          .as("model loads in %s", executor)
          .isEqualTo(1);
      assertThat(StandaloneCluster.count(text, "Running task"))
          .as("tasks run by %s", executor)
          .isGreaterThan(1);
    }
    assertThat(Files.readString(log))
        .contains("Pooled metrics (protocol exact) of synthetic, run cluster, 8 images");
    assertSameTablesAsLocal("cluster");
  }

  @Test
  @Order(2)
  void eachTaskUsesItsAssignedGpuAndTheModelCacheIsKeyedByIt() throws Exception {
    List<Path> earlier = cluster.executorLogs();
    Path log = DIR.resolve("driver-gpu.log");
    List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(2, 2));
    args.addAll(
        List.of(
            "--conf",
            "spark.executor.resource.gpu.amount=2",
            "--conf",
            "spark.task.resource.gpu.amount=1"));
    args.add(StandaloneCluster.clusterJar().toString());
    args.addAll(demoWith("4"));
    args.addAll(List.of("--output", RUNS.toUri().toString(), "--run-id", "gpu"));
    int status = cluster.submit(args, log, Duration.ofMinutes(6));
    assertThat(status)
        .as("driver exit status; its output:\n%s", StandaloneCluster.tail(log))
        .isZero();

    List<Path> executors = new ArrayList<>(cluster.executorLogs());
    executors.removeAll(earlier);
    assertThat(executors).as("one executor holding both GPUs").hasSize(1);
    String text = Files.readString(executors.get(0), StandardCharsets.UTF_8);
    Matcher assigned = ASSIGNED.matcher(text);
    List<String> addresses = new ArrayList<>();
    while (assigned.find()) {
      addresses.add(assigned.group(1));
    }
    assertThat(addresses).as("GPU of each of the 4 inference tasks").hasSize(4);
    assertThat(new TreeSet<>(addresses)).containsExactly("0", "1");
    assertThat(text)
        .contains("loaded model demo-segnet (9baff3eccc55) on GPU 0 (cpu())")
        .contains("loaded model demo-segnet (9baff3eccc55) on GPU 1 (cpu())");
    assertThat(StandaloneCluster.count(text, "loaded model demo-segnet")).isEqualTo(2);
    assertThat(StandaloneCluster.count(text, "sees no CUDA device; running on CPU")).isEqualTo(1);
  }

  @Test
  @Order(3)
  void aWorkerKilledMidRunLeavesTheRunToTheSurvivorWithIdenticalTables() throws Exception {
    List<Path> earlier = cluster.executorLogs();
    Path log = DIR.resolve("driver-killed-worker.log");
    CompletableFuture<Integer> driver =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return cluster.submit(submission("killed-worker"), log, Duration.ofMinutes(10));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitModelLoadedOnWorker(1, earlier, driver);
    cluster.killWorker(1);
    int status = driver.get(11, TimeUnit.MINUTES);
    assertThat(status)
        .as("driver exit status; its output:\n%s", StandaloneCluster.tail(log))
        .isZero();
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("Lost executor")
        .contains("8 images, 0 errors");

    JsonNode manifest =
        new ObjectMapper().readTree(RUNS.resolve("killed-worker/manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("complete");
    assertThat(manifest.get("counts").get("images").asLong()).isEqualTo(8);
    assertSameTablesAsLocal("killed-worker");
  }

  /**
   * Waits until a new executor of worker {@code index} has loaded the model: an inference task is
   * running there.
   */
  private static void awaitModelLoadedOnWorker(
      int index, List<Path> earlier, CompletableFuture<Integer> driver) throws Exception {
    Path work = cluster.dir().resolve("work-" + index);
    long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(8);
    while (System.currentTimeMillis() < deadline && !driver.isDone()) {
      for (Path f : cluster.executorLogs()) {
        if (f.startsWith(work)
            && !earlier.contains(f)
            && Files.readString(f, StandardCharsets.UTF_8).contains("loaded model demo-segnet")) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "worker " + index + " loaded no model before the run ended or timed out");
  }
}
