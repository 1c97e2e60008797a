package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.BenchmarkSpec;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layout → reader choice and the benchmark settings, through the real config loader. */
class BenchmarkReadersTest {
  private static RunConfig load(String... overrides) {
    return ConfigLoader.load(null, List.of(overrides));
  }

  private static BenchmarkReader reader(String... overrides) {
    return BenchmarkReaders.forSpec(load(overrides).benchmark());
  }

  @Test
  void eachLayoutHasItsReaderAndMap() {
    assertThat(reader())
        .isInstanceOf(SmiycReader.class)
        .extracting(BenchmarkReader::labelMap)
        .isEqualTo(LabelMap.COMMON);
    assertThat(reader("benchmark.layout=road-anomaly", "benchmark.root=/r"))
        .isInstanceOf(RoadAnomalyReader.class)
        .satisfies(
            r -> {
              assertThat(r.labelMap()).isEqualTo(LabelMap.ROAD_ANOMALY);
              assertThat(r.expectedCount()).isEqualTo(60);
            });
    assertThat(
            reader(
                    "benchmark.layout=road-anomaly",
                    "benchmark.root=/r",
                    "benchmark.expected-count=59")
                .expectedCount())
        .isEqualTo(59);
    assertThat(reader("benchmark.layout=ade-ood", "benchmark.root=/r"))
        .isInstanceOf(AdeOodReader.class);
    assertThat(reader("benchmark.layout=fishyscapes-laf", "benchmark.root=/r"))
        .isInstanceOf(FishyscapesLafReader.class);
    assertThat(reader("benchmark.layout=lost-and-found", "benchmark.root=/r").labelMap())
        .isEqualTo(LabelMap.LOST_AND_FOUND);
    assertThat(BenchmarkReaders.forSpec(new BenchmarkSpec("s", "smiyc", "/r", 1, 1, 64, 32)))
        .isInstanceOf(SmiycReader.class);
  }

  @Test
  void configuredValuesReplaceTheLayoutsMapAndAcceptRanges() {
    BenchmarkReader r =
        reader(
            "benchmark.layout=road-anomaly",
            "benchmark.root=/r",
            "benchmark.name=RA-fixed",
            "benchmark.labels.ood=[2, \"3..5\"]",
            "benchmark.labels.id=[0]",
            "benchmark.labels.void=[255]");
    assertThat(r.labelMap()).hasToString("RA-fixed (OoD 2..5, ID 0, void 255)");
  }

  @Test
  void theExpectedCountOnlyWarnsAndStaysOutOfTheHash() {
    assertThat(load("benchmark.expected-count=7").hash()).isEqualTo(load().hash());
    assertThat(
            load("benchmark.split=validation", "benchmark.layout=smiyc", "benchmark.root=/r")
                .hash())
        .isNotEqualTo(load("benchmark.layout=smiyc", "benchmark.root=/r").hash());
  }

  @Test
  void badBenchmarkSettingsNameTheirKey() {
    assertThatThrownBy(() -> load("benchmark.layout=kitti", "benchmark.root=/r"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "oodseg.benchmark.layout = \"kitti\" is not one of [synthetic, smiyc, road-anomaly");
    assertThatThrownBy(() -> load("benchmark.expected-count=-1"))
        .hasMessageContaining("oodseg.benchmark.expected-count must be at least 0");
    assertThatThrownBy(
            () -> load("benchmark.layout=ade-ood", "benchmark.root=/r", "benchmark.split=val"))
        .hasMessageContaining("oodseg.benchmark.split = \"val\" is not used by layout ade-ood");
    assertThatThrownBy(() -> load("benchmark.labels.ood=[\"2..300\"]", "benchmark.labels.id=[0]"))
        .hasMessageContaining(
            "oodseg.benchmark.labels.ood: \"2..300\" is neither a value in 0..255 nor a range");
    assertThatThrownBy(() -> load("benchmark.labels.ood=[1]"))
        .hasMessageContaining(
            "oodseg.benchmark.labels.ood and oodseg.benchmark.labels.id must both list values");
    assertThatThrownBy(() -> load("benchmark.labels.ood=[1]", "benchmark.labels.id=[0, 1]"))
        .hasMessageContaining("oodseg.benchmark.labels: value 1 is listed as ID and as OoD");
  }

  @Test
  void theGenericLayoutNeedsItsKeys() {
    List<String> base =
        new ArrayList<>(
            List.of(
                "benchmark.layout=generic",
                "benchmark.root=/r",
                "benchmark.generic.images=\"img/*.png\"",
                "benchmark.generic.label-regex=\"img/(.+)\\\\.png\"",
                "benchmark.generic.label-replacement=\"gt/$1.png\""));
    assertThatThrownBy(() -> load(base.toArray(String[]::new)))
        .hasMessageContaining(
            "oodseg.benchmark.labels.ood and oodseg.benchmark.labels.id must list the raw label values");
    base.add("benchmark.labels.ood=[1]");
    base.add("benchmark.labels.id=[0]");
    assertThat(reader(base.toArray(String[]::new))).isInstanceOf(GenericReader.class);
    assertThatThrownBy(() -> load(with(base, "benchmark.generic.images=\"\"")))
        .hasMessageContaining("oodseg.benchmark.generic.images must be set for layout generic");
    assertThatThrownBy(() -> load(with(base, "benchmark.generic.label-regex=\"img/(.+\"")))
        .hasMessageContaining(
            "oodseg.benchmark.generic.label-regex = \"img/(.+\" is not a valid regular expression");
    assertThatThrownBy(() -> load(with(base, "benchmark.generic.label-replacement=\"gt/$2.png\"")))
        .hasMessageContaining(
            "oodseg.benchmark.generic.label-replacement = \"gt/$2.png\" refers to $2")
        .hasMessageContaining("has 1 group(s)");
  }

  private static String[] with(List<String> base, String override) {
    List<String> all = new ArrayList<>(base);
    all.add(override);
    return all.toArray(String[]::new);
  }

  @Test
  void everyBundledBenchmarkConfigLoadsWithTheLayoutItNames() throws Exception {
    Path folder = Path.of("..", "conf", "benchmarks");
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "ade-ood.conf",
            "fishyscapes-laf.conf",
            "generic-example.conf",
            "lost-and-found.conf",
            "road-anomaly.conf",
            "smiyc-ra21.conf",
            "smiyc-ro21.conf");
    for (Path file : files) {
      File conf = file.toFile();
      BenchmarkSpec spec = ConfigLoader.load(conf, List.of()).benchmark();
      BenchmarkReader reader = BenchmarkReaders.forSpec(spec);
      String name =
          conf.getName().replace(".conf", "").replace("-example", "").replaceAll("-r[ao]21", "");
      assertThat(reader.layout()).as(conf.getName()).isEqualTo(name);
      assertThat(spec.root()).as(conf.getName()).startsWith("/data/");
    }
  }
}
