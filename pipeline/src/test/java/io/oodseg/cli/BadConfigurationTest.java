package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.CapturedOutput;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.ProbeModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad configuration stops the command with exit code 2 and a message naming the key
 * or file (and the value), before anything is written: the output folder does not exist afterwards.
 */
class BadConfigurationTest {
  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void copyTheDemoModel() throws Exception {
    LocalSpark.session();
    model = dir.resolve("model");
    Files.createDirectories(model);
    for (String file : new String[] {"demo-segnet.conf", "demo-segnet.pt"}) {
      try (InputStream in = BadConfigurationTest.class.getResourceAsStream("/demo-model/" + file)) {
        Files.copy(in, model.resolve(file));
      }
    }
  }

  /**
   * Runs {@code run} with the given arguments into a fresh output folder; asserts exit 2 and
   * nothing written.
   */
  private static String refused(String name, String... args) {
    Path output = dir.resolve("out-" + name);
    List<String> all =
        new ArrayList<>(List.of("run", "--output", output.toUri().toString(), "--run-id", name));
    all.addAll(List.of(args));
    String printed;
    int code;
    try (CapturedOutput captured = new CapturedOutput()) {
      code = OodSeg.execute(all.toArray(String[]::new));
      printed = captured.text();
    }
    assertThat(code).as(printed).isEqualTo(2);
    assertThat(output).as("nothing is written").doesNotExist();
    return printed;
  }

  private static Path descriptor(String name, String from, String to) throws Exception {
    Path file = model.resolve(name + ".conf");
    String text = Files.readString(model.resolve("demo-segnet.conf"));
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to));
    return file;
  }

  @Test
  void keysTypesRangesAndChoicesAreRefusedByName() {
    assertThat(refused("unknown", "--set", "kmeans.kk=3"))
        .contains("unknown configuration key(s) [oodseg.kmeans.kk]");
    assertThat(refused("type", "--set", "kmeans.max-iter=many"))
        .contains("oodseg.kmeans.max-iter")
        .contains("many");
    assertThat(refused("range", "--set", "kmeans.tol=-0.5"))
        .contains("oodseg.kmeans.tol must be in")
        .contains("-0.5");
    assertThat(refused("k", "--set", "kmeans.k=1"))
        .contains("oodseg.kmeans.k must be at least 2, got 1");
    assertThat(refused("mode", "--set", "threshold.mode=median"))
        .contains("oodseg.threshold.mode = \"median\" is not one of [absolute, quantile, zscore]");
    assertThat(refused("protocol", "--set", "metrics.protocols=[coco]"))
        .contains("oodseg.metrics.protocols");
    assertThat(refused("testing", "--set", "testing.fail-first-attempt=[\"scoring:0\"]"))
        .contains("oodseg.testing.fail-first-attempt")
        .contains("scoring:0");
  }

  @Test
  void unknownBenchmarksAndUnreadableFilesAreRefusedByName() throws Exception {
    assertThat(refused("layout", "--set", "benchmark.layout=cityscapes"))
        .contains("oodseg.benchmark.layout = \"cityscapes\" is not one of");
    Path missing = dir.resolve("no-such-benchmark.conf");
    assertThat(refused("benchmark-file", "--benchmark", missing.toString()))
        .contains(missing.toString())
        .contains("does not exist");
    Path broken = dir.resolve("broken.conf");
    Files.writeString(broken, "oodseg { kmeans { k = 8 }");
    assertThat(refused("hocon", "--config", broken.toString()))
        .contains(broken.toString())
        .contains("not valid HOCON");
  }

  @Test
  void aModelWhoseNumbersAreWrongOnThisHostStopsTheRunBeforeAnyImage() throws Exception {
    String sum = ProbeModels.firstDemoSum();
    Path perturbed =
        descriptor(
            "perturbed-probe",
            "{ sum = " + sum + ",",
            "{ sum = " + (Double.parseDouble(sum) + 1e4) + ",");
    assertThat(
            refused("perturbed-probe", "--set", "model.descriptor=\"" + perturbed.toUri() + "\""))
        .contains(
            "error: numerics probe of model demo-segnet failed on cpu(): output features_s4 (recipe noise seed 1)")
        .contains("sum expected")
        .contains(", got ")
        .contains("ISA flags")
        .contains("libtorch 2.7.1")
        .contains("ONEDNN_MAX_CPU_ISA")
        .contains("docs/numerics.md");
    Path nan = ProbeModels.copy(dir.resolve("nan-model"), "probe-fault-models", "nan-on-call-3");
    assertThat(refused("nan-model", "--set", "model.descriptor=\"" + nan.toUri() + "\""))
        .contains(
            "error: numerics probe of model nan-on-call-3 failed on cpu(): output logits (repeat 2, recipe 1): "
                + "non-finite value NaN");
  }

  @Test
  void aModelThatDoesNotMatchItsDescriptorIsRefusedBeforeAnyImage() throws Exception {
    Path digest = descriptor("wrong-digest", "sha256 = \"9baff3", "sha256 = \"0baff3");
    assertThat(refused("digest", "--set", "model.descriptor=\"" + digest.toUri() + "\""))
        .contains("demo-segnet.pt has SHA-256 9baff3")
        .contains("but its descriptor says 0baff3");
    Path channels = descriptor("wrong-channels", "channels = 96", "channels = 64");
    assertThat(refused("channels", "--set", "model.descriptor=\"" + channels.toUri() + "\""))
        .contains("does not match its descriptor")
        .contains("features_s8")
        .contains("expected shape (1, 64, 32, 64)")
        .contains("got (1, 96, 32, 64)");
    Path nowhere = dir.resolve("nowhere.conf");
    assertThat(refused("no-descriptor", "--set", "model.descriptor=\"" + nowhere.toUri() + "\""))
        .contains("model descriptor " + nowhere.toUri())
        .contains("cannot be read");
  }
}
