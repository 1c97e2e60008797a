package io.oodseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.udfs.metrics.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsAreTheDesignDefaults() {
    RunConfig c = ConfigLoader.load(null, List.of());
    assertThat(c.method().k()).isEqualTo(8);
    assertThat(c.method().levels()).isEmpty();
    assertThat(c.method().thresholdMode()).isEqualTo(ThresholdMode.ZSCORE);
    assertThat(c.method().thresholdValue()).isEqualTo(-1.0);
    assertThat(c.method().scoreMode()).isEqualTo(ScoreMode.FUSED);
    assertThat(c.benchmark().synthetic()).isTrue();
  }

  @Test
  void fileThenOverridesTakePrecedence() throws Exception {
    Path file = dir.resolve("run.conf");
    Files.writeString(file, "oodseg { kmeans.k = 12, threshold.value = -0.5 }");
    RunConfig c = ConfigLoader.load(file.toFile(), List.of("kmeans.k=16"));
    assertThat(c.method().k()).isEqualTo(16);
    assertThat(c.method().thresholdValue()).isEqualTo(-0.5);
  }

  @Test
  void featureGridTakesAStrideOrLabelAndUpsamplingItsChoices() {
    RunConfig defaults = ConfigLoader.load(null, List.of());
    assertThat(defaults.method().gridStride()).isZero();
    assertThat(defaults.method().upsampling()).isEqualTo(UpsamplingParams.BILINEAR);
    RunConfig label =
        ConfigLoader.load(
            null,
            List.of(
                "features.grid=label",
                "features.levels=[all]",
                "features.upsample=joint-bilateral",
                "features.bilateral.sigma-range=0.2"));
    assertThat(label.method().gridStride()).isEqualTo(MethodParams.LABEL_GRID);
    assertThat(label.method().levels()).containsExactly(MethodParams.ALL_LEVELS);
    assertThat(label.method().upsampling())
        .isEqualTo(new UpsamplingParams(FeatureUpsampling.JOINT_BILATERAL, 2, 1.0, 0.2));
    assertThat(label.hash()).isNotEqualTo(defaults.hash());
    assertThat(ConfigLoader.load(null, List.of("features.grid=4")).method().gridStride())
        .isEqualTo(4);
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("features.grid=pixels")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.features.grid")
        .hasMessageContaining("pixels");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("features.grid=-2")))
        .hasMessageContaining("oodseg.features.grid must be at least 0, got -2");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("features.upsample=bicubic")))
        .hasMessageContaining(
            "oodseg.features.upsample = \"bicubic\" is not one of [bilinear, joint_bilateral]");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("features.bilateral.radius=0")))
        .hasMessageContaining("oodseg.features.bilateral.radius must be at least 1, got 0");
  }

  @Test
  void unknownKeyIsRefusedByName() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("kmeans.kk=3")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.kmeans.kk");
  }

  @Test
  void outOfRangeAndWrongTypeAndBadChoiceNameTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("kmeans.k=1")))
        .hasMessageContaining("oodseg.kmeans.k must be at least 2, got 1");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("kmeans.k=many")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.kmeans.k");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("threshold.mode=median")))
        .hasMessageContaining(
            "oodseg.threshold.mode = \"median\" is not one of [absolute, quantile, zscore]");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(null, List.of("threshold.mode=quantile", "threshold.value=1.5")))
        .hasMessageContaining("oodseg.threshold.value must be in [0.0, 1.0], got 1.5");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("benchmark.layout=smiyc")))
        .hasMessageContaining("oodseg.benchmark.root must be set");
  }

  @Test
  void hashDependsOnResultRelevantSettingsOnly() {
    String base = ConfigLoader.load(null, List.of("run-id=a")).hash();
    assertThat(
            ConfigLoader.load(
                    null, List.of("run-id=b", "inference.batch-size=9", "output=elsewhere"))
                .hash())
        .isEqualTo(base);
    assertThat(ConfigLoader.load(null, List.of("kmeans.k=9")).hash()).isNotEqualTo(base);
    assertThat(ConfigLoader.load(null, List.of("threshold.value=-0.9")).hash()).isNotEqualTo(base);
  }

  @Test
  void choicesAreParsedOnceIntoTypedValues() throws Exception {
    RunConfig c =
        ConfigLoader.load(
            null,
            List.of(
                "metrics.protocols=[SMIYC, exact, ade_ood, smiyc]",
                "report.overlays=2",
                "report.curve-points=7",
                "kmeans.k=5",
                "kmeans.seed=3"));
    assertThat(c.metrics().protocols().all())
        .containsExactly(Protocol.SMIYC, Protocol.EXACT, Protocol.ADE_OOD);
    assertThat(c.metrics().protocols().primary()).isEqualTo(Protocol.SMIYC);
    assertThat(c.metrics().protocols().names()).containsExactly("smiyc", "exact", "ade-ood");
    assertThat(c.report()).isEqualTo(new ReportParams(2, 7));
    assertThat(c.method().kmeans())
        .isEqualTo(new KMeansParams(5, c.method().maxIter(), c.method().tol(), 3));
    assertThat(c.method().kmeans().effectiveK(3)).isEqualTo(3);
    assertThat(c.method().kmeans().effectiveK(400)).isEqualTo(5);
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("metrics.protocols=[exact, roc]")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.metrics.protocols: unknown protocol 'roc'");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("metrics.protocols=[]")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.metrics.protocols must name at least one");
    assertThatThrownBy(() -> ConfigLoader.load(null, List.of("report.curve-points=2")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("oodseg.report.curve-points");
  }

  @Test
  void methodParametersKeepTheirFlatJson() throws Exception {
    String json =
        new ObjectMapper().writeValueAsString(ConfigLoader.load(null, List.of()).method());
    assertThat(json)
        .contains("\"k\":8")
        .contains("\"maxIter\"")
        .contains("\"seed\"")
        .doesNotContain("kmeans");
  }
}
