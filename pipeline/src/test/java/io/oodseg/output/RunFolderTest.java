package io.oodseg.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import io.oodseg.testing.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run finds in its folder: leftovers of an earlier run, or an interrupted run to resume. */
class RunFolderTest {
  @TempDir Path dir;
  final Configuration hadoop = new Configuration();

  private Path leftovers(String status, String hash) throws Exception {
    Path run = dir.resolve("r");
    Files.createDirectories(run.resolve("_parts"));
    Files.createDirectories(run.resolve("images.parquet"));
    Files.writeString(run.resolve("_parts/part-1-00000"), "x");
    Files.writeString(
        run.resolve("manifest.json"),
        "{\"status\": \"" + status + "\", \"config_hash\": \"" + hash + "\"}");
    return run;
  }

  @Test
  void anOrdinaryRunRemovesEverythingAnEarlierRunLeft() throws Exception {
    RunConfig config = TestRuns.config(dir, "r");
    Path run = leftovers("running", config.hash());
    assertThat(RunFolder.prepare(config, hadoop)).isFalse();
    assertThat(run.resolve("_parts")).doesNotExist();
    assertThat(run.resolve("images.parquet")).doesNotExist();
    assertThat(run.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void resumeKeepsTheCommittedPartsOfAnInterruptedRunWithTheSameConfiguration() throws Exception {
    RunConfig config = TestRuns.config(dir, "r", "resume=true");
    Path run = leftovers("failed", config.hash());
    assertThat(RunFolder.prepare(config, hadoop)).isTrue();
    assertThat(run.resolve("_parts/part-1-00000")).exists();
    assertThat(run.resolve("images.parquet")).doesNotExist();
  }

  @Test
  void resumeWithoutAnEarlierRunStartsAfresh() throws Exception {
    assertThat(RunFolder.prepare(TestRuns.config(dir, "fresh", "resume=true"), hadoop)).isFalse();
  }

  @Test
  void resumeRefusesACompleteRunAndAnotherConfiguration() throws Exception {
    RunConfig config = TestRuns.config(dir, "r", "resume=true");
    leftovers("complete", config.hash());
    assertThatThrownBy(() -> RunFolder.prepare(config, hadoop))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("run r under")
        .hasMessageContaining("is complete; nothing to resume");
    leftovers("running", "0123456789abcdef");
    assertThatThrownBy(
            () -> RunFolder.prepare(TestRuns.config(dir, "r", "resume=true", "kmeans.k=5"), hadoop))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("configuration hash 0123456789abcdef");
    assertThat(dir.resolve("r/_parts/part-1-00000")).as("nothing removed").exists();
  }
}
