package io.oodseg.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep.select-on}: parsing and refused settings, the seeded image split against the rule
 * the docs give (recomputed here from SHA-256 directly), and the validation benchmark's place in
 * the expansion (no Spark needed).
 */
class SelectOnTest {
  @TempDir Path dir;

  private SweepSpec load(String text) throws IOException {
    Path file = dir.resolve("select.conf");
    Files.writeString(file, text);
    return SweepConfigLoader.load(file.toFile(), List.of(), null);
  }

  @Test
  void withoutSelectOnTheSweepSaysItsFiguresAreOptimistic() throws IOException {
    SelectOn none = load("sweep { grid { kmeans.k = [4, 8] } }").selectOn();
    assertThat(none.mode()).isEqualTo(SelectOn.Mode.NONE);
    assertThat(none.honest()).isFalse();
    assertThat(none.describe()).contains("optimistic");
    SelectOn split = load("sweep { select-on { fraction = 0.25, seed = 3 } }").selectOn();
    assertThat(split.mode()).isEqualTo(SelectOn.Mode.SPLIT);
    assertThat(split.validationLabel(0)).isEqualTo("validation (fraction=0.25, seed=3)");
    assertThat(split.heldOutLabel(0, null)).isEqualTo("held-out (fraction=0.25, seed=3)");
    SelectOn folds = load("sweep { select-on { folds = 4 } }").selectOn();
    assertThat(folds.rounds()).isEqualTo(4);
    assertThat(folds.binnedLabels())
        .containsExactly(
            "validation fold 1/4 (seed=0)",
            "validation fold 2/4 (seed=0)",
            "validation fold 3/4 (seed=0)",
            "validation fold 4/4 (seed=0)");
    assertThat(folds.validates(2, 2)).isFalse();
    assertThat(folds.validates(2, 0)).isTrue();
  }

  @Test
  void badSelectOnIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> load("sweep { select-on { fraction = 1.5 } }"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("sweep.select-on.fraction must lie strictly between 0 and 1")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> load("sweep { select-on { folds = 1 } }"))
        .hasMessageContaining("sweep.select-on.folds must be at least 2");
    assertThatThrownBy(() -> load("sweep { select-on { folds = 3, fraction = 0.5 } }"))
        .hasMessageContaining("set one of benchmark, fraction and folds")
        .hasMessageContaining("fraction = 0.5")
        .hasMessageContaining("folds = 3");
    assertThatThrownBy(() -> load("sweep { select-on { benchmark = \"nowhere.conf\" } }"))
        .hasMessageContaining("sweep.select-on.benchmark: benchmark config nowhere.conf");
    assertThatThrownBy(() -> load("sweep { select-on { fold = 3 } }"))
        .hasMessageContaining("unknown sweep key sweep.select-on.fold")
        .hasMessageContaining("folds");
    assertThatThrownBy(() -> load("sweep { select-on { replicates = 0 } }"))
        .hasMessageContaining("sweep.select-on.replicates must be at least 1, got 0");
  }

  @Test
  void seededSplitFollowsTheDocumentedRule() throws Exception {
    List<String> ids = IntStream.range(0, 10).mapToObj(i -> "scene-" + i).toList();
    SelectOn split = new SelectOn(SelectOn.Mode.SPLIT, null, 0.3, 0, 11, 10);
    List<String> reversed = new ArrayList<>(ids);
    java.util.Collections.reverse(reversed);
    ImageSplit a = ImageSplit.of(ids, split, "b");
    ImageSplit b = ImageSplit.of(reversed, split, "b");
    // the rule, recomputed: rank by SHA-256("11\n<id>"), the first round(0.3 * 10) = 3 validate
    List<String> ranked = new ArrayList<>(ids);
    ranked.sort(Comparator.comparing(id -> sha256("11\n" + id)));
    for (int r = 0; r < ids.size(); r++) {
      assertThat(a.of(ranked.get(r))).as(ranked.get(r)).isEqualTo(r < 3 ? 0 : 1);
      assertThat(b.of(ranked.get(r))).isEqualTo(a.of(ranked.get(r)));
    }
    assertThat(a.count(0)).isEqualTo(3);
    // another seed is another split
    ImageSplit other =
        ImageSplit.of(ids, new SelectOn(SelectOn.Mode.SPLIT, null, 0.3, 0, 12, 10), "b");
    assertThat(ids.stream().filter(id -> other.of(id) != a.of(id))).isNotEmpty();
    SelectOn folds = new SelectOn(SelectOn.Mode.FOLDS, null, 0, 3, 11, 10);
    ImageSplit f = ImageSplit.of(ids, folds, "b");
    for (int r = 0; r < ids.size(); r++) {
      assertThat(f.of(ranked.get(r))).isEqualTo(r % 3);
    }
    assertThatThrownBy(() -> ImageSplit.of(List.of("x", "y"), folds, "tiny"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("sweep.select-on.folds = 3: benchmark tiny has 2 image(s)");
    assertThatThrownBy(() -> f.of("unknown")).hasMessageContaining("image unknown");
  }

  @Test
  void validationBenchmarkComesFirstAndMustNotBeReportedOn() throws IOException {
    Path other = dir.resolve("other.conf");
    Files.writeString(other, "oodseg.benchmark { name = other, synthetic.seed = 8 }");
    SweepSpec spec =
        load(
            "sweep { grid { kmeans.k = [4, 8] }, select-on { benchmark = \""
                + other.toString().replace("\\", "/")
                + "\" } }");
    List<RunConfig> configs = SweepGrid.expand(spec);
    assertThat(configs)
        .extracting(c -> c.benchmark().name())
        .containsExactly("other", "other", "synthetic", "synthetic");
    assertThat(configs.stream().filter(c -> SweepGrid.onValidationBenchmark(spec, c, configs)))
        .hasSize(2)
        .allMatch(c -> c.benchmark().name().equals("other"));
    SweepSpec same =
        load(
            "sweep { benchmarks = [\""
                + other
                + "\"], select-on { benchmark = \""
                + other
                + "\" } }");
    assertThatThrownBy(() -> SweepGrid.expand(same))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is also a benchmark the sweep reports on");
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%064x", new BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
