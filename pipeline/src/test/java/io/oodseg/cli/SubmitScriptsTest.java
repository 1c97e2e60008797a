package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launch scripts of submit/ and their properties files in conf/spark/ stay consistent. */
class SubmitScriptsTest {
  static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"local", "standalone", "yarn", "kubernetes"})
  void everyScriptHasHelpAndAMatchingPropertiesFileWithTheJavaAndDjlSettings(String manager)
      throws Exception {
    Result help = bash(ROOT.resolve("submit/" + manager + ".sh").toString(), "--help");
    assertThat(help.status).isZero();
    assertThat(help.output)
        .contains("Usage: submit/" + manager + ".sh")
        .contains("--cpu")
        .contains("--master");

    Properties p = properties(manager);
    List<String> opens = envOpens();
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      assertThat(Arrays.asList(p.getProperty(key).split("\\s+")))
          .as(key)
          .containsAll(opens)
          .contains("-Dai.djl.offline=true");
    }
    assertThat(p.getProperty("spark.executor.extraJavaOptions"))
        .contains("-XX:G1HeapRegionSize=8m");
    assertThat(p.getProperty("spark.executorEnv.ENGINE_CACHE_DIR")).isNotBlank();
    assertThat(p.getProperty("spark.executorEnv.ONEDNN_MAX_CPU_ISA"))
        .as("numerics remedy")
        .isEqualTo("AVX2");
    if (manager.equals("yarn")) {
      assertThat(p.getProperty("spark.yarn.appMasterEnv.ONEDNN_MAX_CPU_ISA")).isEqualTo("AVX2");
    }
    if (manager.equals("kubernetes")) {
      assertThat(p.getProperty("spark.kubernetes.driverEnv.ONEDNN_MAX_CPU_ISA")).isEqualTo("AVX2");
    }
    if (!manager.equals("local")) {
      assertThat(p.getProperty("spark.executor.resource.gpu.amount")).isEqualTo("1");
      double perTask = Double.parseDouble(p.getProperty("spark.task.resource.gpu.amount"));
      assertThat(perTask * Integer.parseInt(p.getProperty("spark.executor.cores")))
          .as("tasks share one GPU")
          .isEqualTo(1.0);
      assertThat(p.getProperty("spark.executorEnv.PYTORCH_LIBRARY_PATH")).isNotBlank();
      assertThat(p.getProperty("spark.executorEnv.PYTORCH_VERSION")).isEqualTo("2.7.1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "yarn"})
  void cpuOptionDropsTheGpuSettingsAndShipsTheNatives(String manager) throws Exception {
    Result dry =
        bash(
            ROOT.resolve("submit/" + manager + ".sh").toString(),
            "--master",
            "spark://h:7077",
            "--cpu",
            "--dry-run",
            "--",
            "demo");
    assertThat(dry.status).as(dry.output).isZero();
    assertThat(dry.output)
        .contains("--class io.oodseg.cli.OodSeg")
        .containsPattern("--jars \\S*(pytorch-native-cpu|native-cpu-jar)")
        .containsPattern("cluster\\.jar demo\\s*$");
  }

  @org.junit.jupiter.api.Test
  void gpuRunInClientModeGivesTheDriverTheCpuNativesForItsModelCheck() throws Exception {
    Result dry =
        bash(
            ROOT.resolve("submit/standalone.sh").toString(),
            "--master",
            "spark://h:7077",
            "--dry-run",
            "--",
            "run",
            "--config",
            "my-run.conf");
    assertThat(dry.status).as(dry.output).isZero();
    assertThat(dry.output)
        .contains("--properties-file " + ROOT.resolve("conf/spark/standalone.properties"))
        .containsPattern("--driver-class-path \\S*(pytorch-native-cpu|native-cpu-jar)")
        .doesNotContain("--jars")
        .containsPattern("cluster\\.jar run --config my-run.conf\\s*$");
  }

  @org.junit.jupiter.api.Test
  void eachSparkLineSubmitsItsOwnClusterJarAndAWrongLineIsRefused(@TempDir Path sparkHome)
      throws Exception {
    String[] submit = {"--master", "spark://h:7077", "--cpu", "--dry-run", "--", "demo"};
    Result spark35 = bashWith(Map.of("OODSEG_SPARK_LINE", "spark3.5"), "standalone", submit);
    assertThat(spark35.status).as(spark35.output).isZero();
    assertThat(spark35.output)
        .contains(
            ROOT.resolve("pipeline/target/oodseg-pipeline-0.1.0-SNAPSHOT-spark3.5-cluster.jar")
                + " demo");
    Result spark4 = bashWith(Map.of("OODSEG_SPARK_LINE", "spark4"), "yarn", submit);
    assertThat(spark4.status).as(spark4.output).isZero();
    assertThat(spark4.output)
        .contains(
            ROOT.resolve("pipeline/target/spark4/oodseg-pipeline-0.1.0-SNAPSHOT-spark4-cluster.jar")
                + " demo");

    // unset, the line is the one of the Spark distribution at SPARK_HOME
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createFile(sparkHome.resolve("jars/spark-core_2.13-4.2.0.jar"));
    Result detected = bashWith(Map.of("SPARK_HOME", sparkHome.toString()), "standalone", submit);
    assertThat(detected.status).as(detected.output).isZero();
    assertThat(detected.output).contains("-spark4-cluster.jar demo");

    Result mismatch =
        bashWith(
            Map.of("SPARK_HOME", sparkHome.toString(), "OODSEG_SPARK_LINE", "spark3.5"),
            "standalone",
            submit);
    assertThat(mismatch.status).isEqualTo(2);
    assertThat(mismatch.output).contains("is Spark line spark4, but OODSEG_SPARK_LINE=spark3.5");

    Result unknown = bashWith(Map.of("OODSEG_SPARK_LINE", "spark3.4"), "standalone", submit);
    assertThat(unknown.status).isEqualTo(2);
    assertThat(unknown.output).contains("not a Spark line: use spark3.5 or spark4");
  }

  @org.junit.jupiter.api.Test
  void discoveryScriptExplainsAMissingNvidiaSmi() throws Exception {
    Result run =
        new Result(
            ROOT.resolve("submit/discover-gpus.sh").toString(),
            List.of("env", "PATH=/usr/bin:/bin"));
    if (!Files.exists(Paths.get("/usr/bin/nvidia-smi"))) {
      assertThat(run.status).isEqualTo(1);
      assertThat(run.output).contains("nvidia-smi not found");
    } else {
      assertThat(run.output).startsWith("{\"name\":\"gpu\",\"addresses\":[");
    }
  }

  private static Properties properties(String manager) throws IOException {
    Properties p = new Properties();
    try (Reader in =
        Files.newBufferedReader(ROOT.resolve("conf/spark/" + manager + ".properties"))) {
      p.load(in);
    }
    return p;
  }

  private static List<String> envOpens() throws IOException {
    Matcher m =
        Pattern.compile("SPARK_JAVA_OPTS=\"([^\"]+)\"")
            .matcher(Files.readString(ROOT.resolve("submit/env.sh")));
    assertThat(m.find()).isTrue();
    return Arrays.asList(m.group(1).split("\\s+"));
  }

  private static Result bash(String script, String... args) throws Exception {
    return bashWith(Map.of(), script, args);
  }

  /** Runs {@code script} (a path, or the name of a submit/ script) with the given variables set. */
  private static Result bashWith(Map<String, String> env, String script, String... args)
      throws Exception {
    String path =
        script.contains("/") ? script : ROOT.resolve("submit/" + script + ".sh").toString();
    List<String> command = new java.util.ArrayList<>(List.of("env", "-u", "OODSEG_SPARK_LINE"));
    if (!env.containsKey("SPARK_HOME")) {
      command.addAll(List.of("-u", "SPARK_HOME"));
    }
    env.forEach((key, value) -> command.add(key + "=" + value));
    command.addAll(List.of("bash", path));
    command.addAll(List.of(args));
    return new Result(null, command);
  }

  /** Exit status and output of a child process. */
  private static final class Result {
    final int status;
    final String output;

    Result(String script, List<String> prefix) throws Exception {
      List<String> command = new java.util.ArrayList<>(prefix);
      if (script != null) {
        command.add(script);
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      status = p.exitValue();
    }
  }
}
