package io.oodseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.testing.DemoReportRuns;
import io.oodseg.testing.LocalSpark;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes {@code notebooks/results.ipynb} headless with Debian's {@code jupyter-nbconvert} against
 * two demo runs' summary files: it must run without an error output, draw its figures and compare
 * the runs. A missing nbconvert fails the test, naming the program.
 */
class ResultsNotebookIT {
  static final String NBCONVERT =
      System.getProperty("oodseg.test.nbconvert", "/usr/bin/jupyter-nbconvert");
  static final Path NOTEBOOK =
      Path.of("..", "notebooks", "results.ipynb").toAbsolutePath().normalize();

  @Test
  void resultsNotebookExecutesAgainstTheDemoRuns(@TempDir Path out) throws Exception {
    assertThat(new File(NBCONVERT).canExecute())
        .as(
            NBCONVERT
                + " is missing: the notebook test needs Debian's "
                + "jupyter-nbconvert, python3-pandas, python3-matplotlib and python3-ipykernel; run "
                + "submit/install-test-deps.sh (as root) first")
        .isTrue();
    LocalSpark.session();
    Path a = DemoReportRuns.main();
    Path b = DemoReportRuns.other();
    Path log = out.resolve("nbconvert.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                NBCONVERT,
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=240",
                "--output-dir",
                out.toString(),
                NOTEBOOK.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("OODSEG_RUN_A", a.toString());
    pb.environment().put("OODSEG_RUN_B", b.toString());
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("nbconvert finished within 300 s").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();

    JsonNode executed = new ObjectMapper().readTree(out.resolve("results.ipynb").toFile());
    List<String> types = new ArrayList<>();
    int pngs = 0;
    StringBuilder text = new StringBuilder();
    for (JsonNode cell : executed.get("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        types.add(o.get("output_type").asText());
        pngs += o.path("data").has("image/png") ? 1 : 0;
        o.path("data").path("text/plain").forEach(t -> text.append(t.asText()));
        o.path("text").forEach(t -> text.append(t.asText()));
      }
    }
    assertThat(types).doesNotContain("error");
    assertThat(pngs).as("figures drawn").isEqualTo(3);
    assertThat(text.toString())
        .contains("run demo-k8: " + DemoReportRuns.IMAGES + " images")
        .contains("ap demo-k16")
        .contains("clusters_fused");
  }
}
