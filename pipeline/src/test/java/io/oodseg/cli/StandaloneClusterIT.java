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
import org.junit.jupiter.api.Test;

/**
 * The cluster jar on a real distributed Spark: a standalone master and two workers (child JVMs on
 * 127.0.0.1), each offering two cores and two GPUs found by a discovery script that reports fake
 * addresses "0" and "1", the demo submitted through {@code SparkSubmit} in client mode with the
 * libtorch CPU natives passed by {@code --jars}, as on a CPU cluster, and compared with a
 * local-mode run. One submission: one executor per worker, each with two cores and both of its
 * worker's GPUs, one GPU per task under Spark's resource scheduling, and worker 1 killed with its
 * executor once that executor has loaded the model. Spark reschedules the lost tasks and recomputes
 * the lost cached results on the survivor, and then
 *
 * <ul>
 *   <li>the run completes with the local run's tables (the killed executor's committed result parts
 *       are not duplicated);
 *   <li>each task sees the address Spark assigned it; the survivor used both addresses and loaded
 *       the model exactly once per address although it ran most partitions (the model cache is
 *       keyed by the address);
 *   <li>this libtorch (no CUDA) falls back to the CPU with one warning per executor JVM.
 * </ul>
 */
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
  static final String MODEL = "loaded model demo-segnet (9baff3eccc55)";
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
   * {@code spark-submit} arguments: two-core executors holding two GPUs, one GPU per task, the
   * cluster jar, the demo.
   */
  private static List<String> submission(String runId) {
    List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(4, 2));
    args.addAll(
        List.of(
            "--conf",
            "spark.executor.resource.gpu.amount=2",
            "--conf",
            "spark.task.resource.gpu.amount=1"));
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
  void demoOnTwoWorkersOneKilledMidRunEqualsTheLocalRunAndLoadsTheModelOncePerExecutorAndGpu()
      throws Exception {
    Path log = DIR.resolve("driver.log");
    List<String> args = submission("cluster");
    CompletableFuture<Integer> driver =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return cluster.submit(args, log, Duration.ofMinutes(10));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitModelLoadedOnWorker(1, driver);
    cluster.killWorker(1);
    int status = driver.get(11, TimeUnit.MINUTES);
    assertThat(status)
        .as("driver exit status; its output:\n%s", StandaloneCluster.tail(log))
        .isZero();
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("Lost executor")
        .contains("Pooled metrics (protocol exact) of synthetic, run cluster, 8 images")
        .contains("8 images, 0 errors");
    JsonNode manifest = new ObjectMapper().readTree(RUNS.resolve("cluster/manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("complete");
    assertThat(manifest.get("counts").get("images").asLong()).isEqualTo(8);
    assertSameTablesAsLocal("cluster");

    List<Path> executors = cluster.executorLogs();
    assertThat(executors).as("one executor per worker, none relaunched").hasSize(2);
    assertThat(executors.get(0)).startsWith(cluster.dir().resolve("work-0"));
    assertThat(executors.get(1)).startsWith(cluster.dir().resolve("work-1"));
    String survivor = Files.readString(executors.get(0), StandardCharsets.UTF_8);
    String killed = Files.readString(executors.get(1), StandardCharsets.UTF_8);
    List<String> addresses = assignedGpus(survivor);
    assertThat(addresses).as("the survivor's inference tasks").hasSizeGreaterThan(2);
    assertThat(new TreeSet<>(addresses)).as("the survivor's GPUs").containsExactly("0", "1");
    assertThat(new TreeSet<>(assignedGpus(killed))).as("the killed one's GPUs").isNotEmpty();
    for (String address : List.of("0", "1")) {
      assertThat(StandaloneCluster.count(survivor, MODEL + " on GPU " + address + " (cpu())"))
          .as("loads of the model on GPU %s by the survivor", address)
          .isEqualTo(1);
    }
    assertThat(StandaloneCluster.count(survivor, MODEL))
        .as("the survivor's model loads: one per GPU, however many partitions it ran")
        .isEqualTo(2);
    assertThat(StandaloneCluster.count(killed, MODEL))
        .as("the killed executor's model loads: at most one per GPU its tasks were given")
        .isBetween(1, new TreeSet<>(assignedGpus(killed)).size());
    for (String text : List.of(survivor, killed)) {
      assertThat(StandaloneCluster.count(text, "sees no CUDA device; running on CPU"))
          .as("CPU fallback warnings of an executor")
          .isEqualTo(1);
    }
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

  /**
   * Waits until a new executor of worker {@code index} has loaded the model: an inference task is
   * running there.
   */
  private static void awaitModelLoadedOnWorker(int index, CompletableFuture<Integer> driver)
      throws Exception {
    Path work = cluster.dir().resolve("work-" + index);
    long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(8);
    while (System.currentTimeMillis() < deadline && !driver.isDone()) {
      for (Path f : cluster.executorLogs()) {
        if (f.startsWith(work) && Files.readString(f, StandardCharsets.UTF_8).contains(MODEL)) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "worker " + index + " loaded no model before the run ended or timed out");
  }
}
