package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.report.SummaryFiles;
import io.oodseg.testing.DemoReportRuns;
import io.oodseg.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oodseg report}: rebuilds a run's report from its Parquet alone; refuses a folder without a
 * run.
 */
class ReportCommandIT {
  @Test
  void rebuildsTheSameReportFromParquetAlone(@TempDir Path tmp) throws Exception {
    LocalSpark.session();
    Path source = DemoReportRuns.main();
    Path copy = tmp.resolve("run");
    Map<String, byte[]> before = new HashMap<>();
    try (var files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (p.toString().contains(".parquet")) {
          Files.copy(p, target);
        } else {
          before.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    // only the Parquet tables: no manifest, no report, no summaries
    try (var files = Files.list(copy)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".parquet"));
    }
    assertThat(OodSeg.execute("report", copy.toString())).isZero();
    assertThat(copy.resolve("report.html")).exists();
    assertThat(Files.readString(copy.resolve("report.html")))
        .isEqualTo(new String(before.get("report.html"), StandardCharsets.UTF_8));
    for (String name : SummaryFiles.NAMES) {
      assertThat(Files.readAllBytes(copy.resolve(name))).as(name).isEqualTo(before.get(name));
    }
  }

  @Test
  void folderWithoutARunIsRefusedNamingIt(@TempDir Path tmp) {
    LocalSpark.session();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = OodSeg.execute("report", tmp.toString());
    } finally {
      System.setErr(err);
    }
    assertThat(code).isEqualTo(2);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("no run at")
        .contains(tmp.getFileName().toString())
        .contains("metrics.parquet is missing");
  }
}
