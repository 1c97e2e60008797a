package io.oodseg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remedy in a JVM started without it (as a user's own {@code java} command or a cluster without
 * the product's properties would start one): the JVM sets {@code ONEDNN_MAX_CPU_ISA} itself before
 * libtorch starts, and the probe passes. With the cap lifted on purpose, the run says that it is
 * not in effect, and on the AMD Zen 5 hosts where oneDNN's AVX-512 kernels are known to be wrong
 * (docs/numerics.md) the probe fails.
 */
class LibtorchRemedyIT {
  @TempDir Path dir;

  @Test
  void aJvmStartedWithoutTheCapSetsItItselfAndThenPasses() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(Libtorch.ISA_VARIABLE, null);
    ChildJvm.Result r =
        ChildJvm.runWithEnvironment(
            dir.resolve("unset.log"), 300, env, "doctor", "--inputs", "2", "--batch", "1");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("ONEDNN_MAX_CPU_ISA=AVX2 (set by oodseg), in effect")
        .containsPattern("probe +passed")
        .doesNotContain("NNPACK");
  }

  @Test
  void aCapLiftedOnPurposeIsReportedAndOnZen5TheProbeCatchesTheFault() throws Exception {
    ChildJvm.Result r =
        ChildJvm.runWithEnvironment(
            dir.resolve("all.log"),
            300,
            Map.of(Libtorch.ISA_VARIABLE, "ALL"),
            "doctor",
            "--inputs",
            "1",
            "--batch",
            "1");
    assertThat(r.output())
        .contains("ONEDNN_MAX_CPU_ISA=ALL (set in the environment), NOT in effect");
    String cpuinfo =
        Files.exists(Path.of("/proc/cpuinfo")) ? Files.readString(Path.of("/proc/cpuinfo")) : "";
    boolean zen5 =
        cpuinfo.contains("AuthenticAMD")
            && cpuinfo.matches("(?s).*cpu family\\s*:\\s*26\\b.*")
            && cpuinfo.contains("avx512f");
    if (zen5) {
      assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
      assertThat(r.output()).contains("probe     FAILED");
    } else {
      assertThat(r.exitCode()).as(r.output()).isIn(0, 2);
    }
  }
}
