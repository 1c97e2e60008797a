package io.oodseg.testing;

import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Run configurations for tests: defaults plus overrides, output under a temporary folder. */
public final class TestRuns {
  private TestRuns() {}

  /**
   * The defaults with {@code output} and {@code run-id} set, no progress line, no overlay panels in
   * the report (their pass is the report's dearest part; tests of the report ask for them), and the
   * given overrides.
   */
  public static RunConfig config(Path output, String runId, String... overrides) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "output=\"" + output.toUri() + "\"",
                "run-id=" + runId,
                "inference.progress-seconds=0",
                "report.overlays=0"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all);
  }
}
