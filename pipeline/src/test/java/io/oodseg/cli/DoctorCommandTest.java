package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.CapturedOutput;
import io.oodseg.testing.ProbeModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oodseg doctor} reports the host and the remedy, passes on the demo model and fails on a
 * faulty one.
 */
class DoctorCommandTest {
  @TempDir Path dir;

  private static String doctor(int expectedExit, String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "doctor";
    args[1] = "--inputs";
    args[2] = "3";
    args[3] = "--batch";
    args[4] = "1";
    System.arraycopy(extra, 0, args, 5, extra.length);
    try (CapturedOutput captured = new CapturedOutput()) {
      int code = OodSeg.execute(args);
      String printed = captured.text();
      assertThat(code).as(printed).isEqualTo(expectedExit);
      return printed;
    }
  }

  @Test
  void reportsVersionsHostAndRemedyAndFindsNoFaultOnTheDemoModel() {
    String printed = doctor(0);
    assertThat(printed)
        .contains("libtorch             2.7.1")
        .contains("djl                  0.35.1")
        .contains("spark                " + System.getProperty("oodseg.test.spark.version"))
        .contains("cpu_model")
        .contains("isa_flags")
        .contains("remedy               ONEDNN_MAX_CPU_ISA=AVX2")
        .contains("in effect")
        .containsPattern("native_heap +native heap: (mmap threshold 32 MiB|as the environment)")
        .containsPattern("cpu\\(\\): probe +passed \\(3 recipes x 2 repeats")
        .contains("cpu(): soak      6 forward passes of 3 seeded batches of 1, 0 faulty")
        .contains(
            "model demo-segnet (classpath:demo-model/demo-segnet.pt), checked at input 256x512, pipeline resize to 256x512")
        .contains("no fault found");
  }

  @Test
  void exitsWithTwoWhenTheModelGoesWrong() throws Exception {
    Path descriptor = ProbeModels.copy(dir, "probe-fault-models", "nan-on-call-3");
    String printed = doctor(2, "--model", descriptor.toUri().toString());
    assertThat(printed)
        .contains("probe     FAILED: numerics probe of model nan-on-call-3 failed on cpu()")
        .contains("1 fault(s) found");
  }
}
