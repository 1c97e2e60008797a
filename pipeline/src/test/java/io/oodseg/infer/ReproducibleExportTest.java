package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports are reproducible: the test models' script (Debian's python3-torch, the same helpers as
 * every export script in notebooks/) writes byte for byte the committed TorchScript files, and
 * descriptors naming their SHA-256. (The probe blocks' floating-point sums may differ in the last
 * bits on another CPU, whose ATen kernels vectorise differently; they are left out.)
 */
class ReproducibleExportTest {
  @TempDir Path dir;

  @Test
  void theProbeFaultModelsScriptWritesTheCommittedFilesByteForByte() throws Exception {
    Path script = Path.of("src/test/python/make_probe_fault_models.py").toAbsolutePath();
    Process python =
        new ProcessBuilder("/usr/bin/python3", script.toString(), "--out", dir.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(python.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String printed = new String(python.getInputStream().readAllBytes());
    assertThat(python.exitValue()).as(printed).isZero();
    Path committed = Path.of("src/test/resources/probe-fault-models");
    for (String model : new String[] {"nan-on-call-3", "drift-on-call-3"}) {
      assertThat(sha256(dir.resolve(model + ".pt")))
          .as(model + ".pt")
          .isEqualTo(sha256(committed.resolve(model + ".pt")));
      assertThat(withoutProbe(dir.resolve(model + ".conf")))
          .as(model + ".conf")
          .isEqualTo(withoutProbe(committed.resolve(model + ".conf")))
          .contains("sha256 = \"" + sha256(committed.resolve(model + ".pt")) + "\"");
    }
  }

  private static String withoutProbe(Path descriptor) throws Exception {
    String text = Files.readString(descriptor);
    int probe = text.indexOf("# Numerics probe");
    assertThat(probe).as("probe block of " + descriptor).isPositive();
    return text.substring(0, probe);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
