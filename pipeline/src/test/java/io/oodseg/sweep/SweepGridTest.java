package io.oodseg.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep configs: grid expansion, configuration keys, and refused settings (no Spark needed). */
class SweepGridTest {
  @TempDir Path dir;

  private SweepSpec load(String text, String... overrides) throws IOException {
    Path file = dir.resolve("grid.conf");
    Files.writeString(file, text);
    return SweepConfigLoader.load(file.toFile(), List.of(overrides), null);
  }

  @Test
  void gridIsTheCartesianProductInParameterOrderThenThePoints() throws IOException {
    SweepSpec spec =
        load(
            "sweep { grid { score.mode = [fused, cluster], kmeans.k = [4, 8, 12] }\n"
                + " points = [ { kmeans.k = 5 } ] }");
    List<Map<String, String>> combos = SweepGrid.combinations(spec);
    assertThat(combos).hasSize(7);
    // kmeans.k comes before score.mode in docs/design.md §4 order whatever the file's order: it
    // varies slowest
    assertThat(combos.get(0))
        .containsExactly(Map.entry("kmeans.k", "4"), Map.entry("score.mode", "\"fused\""));
    assertThat(combos.get(1))
        .containsEntry("kmeans.k", "4")
        .containsEntry("score.mode", "\"cluster\"");
    assertThat(combos.get(5))
        .containsEntry("kmeans.k", "12")
        .containsEntry("score.mode", "\"cluster\"");
    assertThat(combos.get(6)).containsExactly(Map.entry("kmeans.k", "5"));
    List<RunConfig> configs = SweepGrid.expand(spec);
    assertThat(configs).extracting(c -> c.method().k()).containsExactly(4, 4, 8, 8, 12, 12, 5);
    assertThat(configs.get(6).method().scoreMode().name()).isEqualTo("FUSED"); // the base's default
    assertThat(spec.id()).isEqualTo("grid");
  }

  @Test
  void emptyGridIsTheBaseAloneAndDuplicatesAreKeptOnce() throws IOException {
    assertThat(SweepGrid.expand(load("sweep {}"))).hasSize(1);
    // k = 8 is the default, so the point repeats the grid's second configuration
    SweepSpec spec = load("sweep { grid { kmeans.k = [4, 8] }, points = [ { kmeans.k = 8 } ] }");
    assertThat(SweepGrid.expand(spec)).hasSize(2);
  }

  @Test
  void keyIsTheHashOfASingleRunWithTheSameParameters() throws IOException {
    SweepSpec spec =
        load(
            "oodseg { benchmark.synthetic.count = 6 }\n"
                + "sweep { grid { kmeans.k = [12], threshold.value = [-0.5] } }",
            "output=\"elsewhere\"");
    RunConfig point = SweepGrid.expand(spec).get(0);
    RunConfig run =
        ConfigLoader.load(
            null,
            List.of(
                "benchmark.synthetic.count=6",
                "kmeans.k=12",
                "threshold.value=-0.5",
                "run-id=another",
                "output=\"runs\""));
    assertThat(point.hash()).isEqualTo(run.hash());
    assertThat(SweepGrid.expand(spec).get(0).hash())
        .as("stable across expansions")
        .isEqualTo(point.hash());
  }

  @Test
  void changingAnyMethodParameterChangesTheKey() throws IOException {
    // the base (all defaults) and, per parameter, one point that changes only that parameter
    SweepSpec spec =
        load(
            "sweep { points = [ {}\n"
                + " { features.levels = [features_s4, features_s8] }, { features.grid = 16 }, { features.normalize = none }\n"
                + " { features.upsample = joint-bilateral }\n"
                + " { kmeans.k = 9 }, { kmeans.max-iter = 20 }, { kmeans.tol = 1e-3 }, { kmeans.seed = 1 }\n"
                + " { confidence = energy }, { cluster.statistic = median }, { threshold.mode = absolute }\n"
                + " { threshold.value = -0.9 }, { score.mode = flag } ] }");
    List<RunConfig> configs = SweepGrid.expand(spec);
    assertThat(configs).hasSize(1 + SweepConfigLoader.PARAMETERS.size());
    Set<String> keys = new HashSet<>();
    configs.forEach(c -> keys.add(c.hash()));
    assertThat(keys).hasSize(configs.size());
  }

  @Test
  void refusesKeysThatAreNotMethodParametersNamingThem() throws IOException {
    assertThatThrownBy(() -> load("sweep { grid { benchmark.name = [a, b] } }"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("\"benchmark.name\" is not a method parameter");
    assertThatThrownBy(() -> load("sweep { grids { kmeans.k = [4] } }"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("sweep.grids");
    assertThatThrownBy(() -> load("sweep { grid { kmeans.k = [] } }"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("sweep.grid.kmeans.k must be a non-empty list");
    assertThatThrownBy(() -> load("sweep { grid { kmeans.k = [4] } }\nother = 1"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("\"other\"");
    assertThatThrownBy(() -> load("sweep { benchmarks = [missing.conf] }"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("missing.conf does not exist");
  }

  @Test
  void invalidCombinationIsRefusedNamingIt() throws IOException {
    SweepSpec spec =
        load("sweep { grid { threshold.mode = [quantile], threshold.value = [-1.0] } }");
    assertThatThrownBy(() -> SweepGrid.expand(spec))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("threshold.mode=\"quantile\"")
        .hasMessageContaining("oodseg.threshold.value");
  }

  @Test
  void samplesInConfSweepsExpand() {
    for (String name :
        List.of("demo-k-tau", "features-and-confidence", "demo-k-tau-select", "demo-select")) {
      Path file = Path.of("..", "conf", "sweeps", name + ".conf");
      SweepSpec spec = SweepConfigLoader.load(file.toFile(), List.of(), null);
      assertThat(spec.id()).isEqualTo(name);
      assertThat(SweepGrid.expand(spec)).isNotEmpty();
    }
    assertThat(
            SweepGrid.expand(
                SweepConfigLoader.load(
                    Path.of("..", "conf", "sweeps", "demo-k-tau.conf").toFile(), List.of(), null)))
        .hasSize(400);
    SweepSpec select =
        SweepConfigLoader.load(
            Path.of("..", "conf", "sweeps", "demo-k-tau-select.conf").toFile(), List.of(), null);
    assertThat(SweepGrid.expand(select)).hasSize(400);
    assertThat(select.selectOn().mode()).isEqualTo(SelectOn.Mode.SPLIT);
    assertThat(select.selectOn().fraction()).isEqualTo(0.5);
  }

  @Test
  void paperSweepsChooseOnHalfOfEachBenchmarkWithTheLiteralRule() {
    for (String benchmark : List.of("road-anomaly", "ade-ood")) {
      Path file = Path.of("..", "conf", "paper", "select-" + benchmark + ".conf");
      SweepSpec spec = SweepConfigLoader.load(file.toFile(), List.of(), null);
      List<RunConfig> configs = SweepGrid.expand(spec);
      assertThat(configs).hasSize(35);
      RunConfig first = configs.get(0);
      assertThat(first.benchmark().layout()).isEqualTo(benchmark);
      assertThat(first.method().thresholdMode().name()).isEqualTo("ABSOLUTE");
      assertThat(spec.selectOn().mode()).isEqualTo(SelectOn.Mode.SPLIT);
    }
  }
}
