package io.oodseg.testing;

import io.oodseg.config.RunConfig;
import io.oodseg.job.EvaluationJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two small demo runs shared by the report tests of one JVM (made on first use under {@code
 * target/report-runs/}): {@code demo-k8} (8 scenes, defaults, 2 overlays per end) and {@code
 * demo-k16} (the same scenes, {@code kmeans.k = 16}), for the report, the report command and the
 * results notebook.
 */
public final class DemoReportRuns {
  /** Scenes per run. */
  public static final int IMAGES = 8;

  /** Overlays per end. */
  public static final int OVERLAYS = 2;

  private static final Path ROOT = Path.of("target", "report-runs").toAbsolutePath();
  private static boolean made;

  private DemoReportRuns() {}

  /** The default run's folder. */
  public static synchronized Path main() {
    make();
    return ROOT.resolve("demo-k8");
  }

  /** The second run's folder ({@code kmeans.k = 16}). */
  public static synchronized Path other() {
    make();
    return ROOT.resolve("demo-k16");
  }

  private static void make() {
    if (made) {
      return;
    }
    try {
      Files.createDirectories(ROOT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run("demo-k8");
    run("demo-k16", "kmeans.k=16");
    made = true;
  }

  private static void run(String id, String... extra) {
    String[] overrides = new String[extra.length + 3];
    overrides[0] = "benchmark.synthetic.count=" + IMAGES;
    overrides[1] = "report.overlays=" + OVERLAYS;
    overrides[2] = "inference.partitions=2";
    System.arraycopy(extra, 0, overrides, 3, extra.length);
    RunConfig config = TestRuns.config(ROOT, id, overrides);
    new EvaluationJob(LocalSpark.session(), config).run();
  }
}
