package io.oodseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.testing.StandardError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sweep} command refuses bad sweep configs before starting Spark, exit code 2. */
class SweepCommandTest {
  @TempDir Path dir;

  @Test
  void badSweepConfigExitsWithCodeTwoNamingTheProblem() throws Exception {
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "sweep { grid { kmeans.kk = [4, 8] } }");
    String err =
        StandardError.capture(
            () -> assertThat(OodSeg.execute("sweep", "--config", bad.toString())).isEqualTo(2));
    assertThat(err).contains("error: sweep.grid: \"kmeans.kk\" is not a method parameter");
    Path missing = dir.resolve("missing.conf");
    err =
        StandardError.capture(
            () -> assertThat(OodSeg.execute("sweep", "--config", missing.toString())).isEqualTo(2));
    assertThat(err).contains("sweep config " + missing + " does not exist");
    Path badBase = dir.resolve("base.conf");
    Files.writeString(badBase, "oodseg { kmeans.k = 1 }\nsweep {}");
    err =
        StandardError.capture(
            () -> assertThat(OodSeg.execute("sweep", "--config", badBase.toString())).isEqualTo(2));
    assertThat(err).contains("oodseg.kmeans.k must be at least 2, got 1");
    Path badSelect = dir.resolve("select.conf");
    Files.writeString(badSelect, "sweep { select-on { fraction = 0.5, folds = 3 } }");
    err =
        StandardError.capture(
            () ->
                assertThat(OodSeg.execute("sweep", "--config", badSelect.toString())).isEqualTo(2));
    assertThat(err).contains("sweep.select-on: set one of benchmark, fraction and folds");
  }
}
