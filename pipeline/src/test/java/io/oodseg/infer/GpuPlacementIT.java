package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GPU placement under Spark's resource scheduling: a standalone worker offers two GPUs found by
 * a discovery script that reports fake addresses "0" and "1"; the demo runs with one GPU per task
 * on an executor holding both. Each task must see the address Spark assigned it, the model cache
 * must hold one model per address, and this libtorch (no CUDA) must fall back to the CPU with one
 * warning per executor JVM.
 */
class GpuPlacementIT {
  static final Path DIR = Paths.get("target", "it", "gpu").toAbsolutePath();
  static final Pattern ASSIGNED = Pattern.compile("was assigned GPU (\\S+); model device cpu\\(\\)");

  @Test
  void eachTaskUsesItsAssignedGpuAndTheModelCacheIsKeyedByIt() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(DIR.toFile()); // results of an earlier run
    Files.createDirectories(DIR);
    Path script = DIR.resolve("fake-gpus.sh");
    Files.writeString(script, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (StandaloneCluster cluster = StandaloneCluster.builder(DIR.resolve("cluster")).workers(1).coresPerWorker(2)
        .memoryPerWorker("1g")
        .workerConf("spark.worker.resource.gpu.amount", "2")
        .workerConf("spark.worker.resource.gpu.discoveryScript", script.toString())
        .start()) {
      Path log = DIR.resolve("driver.log");
      List<String> args = new ArrayList<>(StandaloneCluster.submitOptions(2, 2));
      args.addAll(List.of("--conf", "spark.executor.resource.gpu.amount=2",
          "--conf", "spark.task.resource.gpu.amount=1"));
      args.add(StandaloneCluster.clusterJar().toString());
      args.addAll(List.of("demo", "--count", "4", "--set", "inference.partitions=4", "--set", "inference.threads=1",
          "--set", "report.overlays=0", // the report's overlay pass would add inference tasks of its own
          "--output", DIR.resolve("runs").toUri().toString(), "--run-id", "gpu"));
      int status = cluster.submit(args, log, Duration.ofMinutes(5));
      assertThat(status).as("driver exit status; its output:\n%s", StandaloneCluster.tail(log)).isZero();

      List<Path> executors = cluster.executorLogs();
      assertThat(executors).hasSize(1);
      String text = Files.readString(executors.get(0), StandardCharsets.UTF_8);
      Matcher assigned = ASSIGNED.matcher(text);
      List<String> addresses = new ArrayList<>();
      while (assigned.find()) {
        addresses.add(assigned.group(1));
      }
      // the 4 inference tasks (report overlays are off: their pass would add tasks)
      assertThat(addresses).as("GPU of each inference task").hasSize(4);
      assertThat(new TreeSet<>(addresses)).containsExactly("0", "1");
      assertThat(text).contains("loaded model demo-segnet (9baff3eccc55) on GPU 0 (cpu())")
          .contains("loaded model demo-segnet (9baff3eccc55) on GPU 1 (cpu())");
      assertThat(StandaloneCluster.count(text, "loaded model demo-segnet")).isEqualTo(2);
      assertThat(StandaloneCluster.count(text, "sees no CUDA device; running on CPU")).isEqualTo(1);
    }
  }
}
