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
 * 127.0.0.1), each offering two cores and two GPUs found by a discovery script that reports fake
 * addresses "0" and "1", the demo submitted through {@code SparkSubmit} in client mode with the
 * libtorch CPU natives passed by {@code --jars}, as on a CPU cluster. The tests share the cluster
 * and one undisturbed local-mode run, and run in this order (the last one leaves one worker):
 *
 * <ol>
 *   <li>one executor per worker, each with two cores and both of its worker's GPUs, one GPU per
 *       task under Spark's resource scheduling: the tables equal the local run's; each task sees
 *       the address Spark assigned it, both addresses are used, each executor JVM loads the model
 *       once per address it was given although it runs several partitions (the model cache is keyed
 *       by the address), and this libtorch (no CUDA) falls back to the CPU with one warning per
 *       executor JVM;
 *   <li>a worker killed with its executor in the middle of a run of two one-core executors: Spark
 *       reschedules the lost tasks and recomputes the lost cached results on the survivor, the
 *       killed executor's committed result parts are not duplicated, and the tables equal the local
 *       run's.
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
   * Demo settings of every run: 8 scenes in 8 partitions of one image, one image per batch, one
   * libtorch thread, the method as {@link #METHOD}, no overlay panels (their pass re-runs inference
   * on the panels' images; the report's own tests cover it).
   */
  static final List<String> DEMO = demoSettings();

  private static List<String> demoSettings() {
    List<String> args = new ArrayList<>(List.of("demo", "--count", "8"));
    for (String setting :
        List.of(
            "inference.partitions=8",
            "inference.batch-size=1",
            "inference.threads=1",
            "report.overlays=0")) {
      args.addAll(List.of("--set", setting));
    }
    args.addAll(METHOD);
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

  /**
   * {@code spark-submit} arguments: at most {@code maxCores} cores in executors of {@code
   * executorCores}, more options, the cluster jar, the demo.
   */
  private static List<String> submission(
      String runId, int maxCores, int executorCores, String... options) {
    List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(maxCores, executorCores));
    args.addAll(List.of(options));
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
  void demoOnTwoWorkersEqualsTheLocalRunAndEachExecutorLoadsTheModelOncePerAssignedGpu()
      throws Exception {
    Path log = DIR.resolve("driver.log");
    List<String> args =
        submission(
            "cluster",
            4,
            2,
            "--conf",
            "spark.executor.resource.gpu.amount=2",
            "--conf",
            "spark.task.resource.gpu.amount=1");
    int status = cluster.submit(args, log, Duration.ofMinutes(6));
    assertThat(status)
        .as("driver exit status; its output:\n%s", StandaloneCluster.tail(log))
        .isZero();

    List<Path> executors = cluster.executorLogs();
    assertThat(executors).as("one executor per worker").hasSize(2);
    assertThat(executors.get(0)).startsWith(cluster.dir().resolve("work-0"));
    assertThat(executors.get(1)).startsWith(cluster.dir().resolve("work-1"));
    List<String> everyAddress = new ArrayList<>();
    for (Path executor : executors) {
      String text = Files.readString(executor, StandardCharsets.UTF_8);
      List<String> addresses = assignedGpus(text);
      everyAddress.addAll(addresses);
      assertThat(addresses).as("GPU of each inference task of %s", executor).hasSizeGreaterThan(1);
      TreeSet<String> distinct = new TreeSet<>(addresses);
      for (String address : distinct) {
        assertThat(text)
            .contains("loaded model demo-segnet (9baff3eccc55) on GPU " + address + " (cpu())");
      }
      assertThat(StandaloneCluster.count(text, "loaded model demo-segnet"))
          .as("model loads in %s: one per GPU address its tasks were given, %s", executor, distinct)
          .isEqualTo(distinct.size());
      assertThat(StandaloneCluster.count(text, "sees no CUDA device; running on CPU"))
          .as("CPU fallback warnings in %s", executor)
          .isEqualTo(1);
    }
    assertThat(everyAddress).as("GPU of each of the 8 inference tasks").hasSize(8);
    assertThat(new TreeSet<>(everyAddress)).containsExactly("0", "1");
    assertThat(Files.readString(log))
        .contains("Pooled metrics (protocol exact) of synthetic, run cluster, 8 images");
    assertSameTablesAsLocal("cluster");
  }

  /** The GPU address of every inference task in an executor's log, in order. */
  private static List<String> assignedGpus(String executorLog) {
    Matcher assigned = ASSIGNED.matcher(executorLog);
    List<String> addresses = new ArrayList<>();
    while (assigned.find()) {
      addresses.add(assigned.group(1));
    }
    return addresses;
  }

  @Test
  @Order(2)
  void aWorkerKilledMidRunLeavesTheRunToTheSurvivorWithIdenticalTables() throws Exception {
    List<Path> earlier = cluster.executorLogs();
    Path log = DIR.resolve("driver-killed-worker.log");
    CompletableFuture<Integer> driver =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return cluster.submit(
                    submission("killed-worker", 2, 1), log, Duration.ofMinutes(10));
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
