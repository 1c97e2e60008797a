package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.oodseg.config.UsageException;
import io.oodseg.testing.ProbeModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numerics probe passes on the demo model and stops a model load on each kind of fault: a
 * statistic outside the tolerance, a NaN on the n-th forward pass, a repeat that differs, a
 * descriptor without probe; its message names the output, expected against got, the device, the
 * host (CPU, flags, libtorch) and the remedy.
 */
class NumericsProbeTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  private LoadedModel load(Path descriptor, boolean probe) {
    ModelDescriptor d = ModelDescriptor.load(descriptor.toUri().toString(), conf);
    return ModelCache.get(d, Placement.of(Device.cpu()), 1, probe, conf);
  }

  @Test
  void demoModelPassesWellWithinItsTolerance() {
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, conf);
    NumericsReport report = ModelCache.get(d, Placement.of(Device.cpu()), 1, true, conf).report();
    assertThat(report.probe().outcome()).isEqualTo("passed");
    assertThat(report.probe().recipes()).isEqualTo(3);
    assertThat(report.probe().repeats()).isEqualTo(2);
    assertThat(report.probe().worst()).isBetween(0.0, 0.5);
    assertThat(report.host().remedy().inEffect()).isTrue();
  }

  @Test
  void aStatisticOutsideItsToleranceStopsTheLoadNamingOutputValuesDeviceHostAndRemedy()
      throws Exception {
    String sum = ProbeModels.firstDemoSum();
    double perturbed = Double.parseDouble(sum) * 1.01;
    Path descriptor =
        ProbeModels.demoWith(dir, "{ sum = " + sum + ",", "{ sum = " + perturbed + ",");
    assertThatThrownBy(() -> load(descriptor, true))
        .isInstanceOf(NumericsFault.class)
        .hasMessageContaining("numerics probe of model demo-segnet failed on cpu()")
        .hasMessageContaining(
            "output features_s4 (recipe noise seed 1): sum expected " + perturbed + ", got ")
        .hasMessageContaining("CPU ")
        .hasMessageContaining("ISA flags ")
        .hasMessageContaining("libtorch 2.7.1")
        .hasMessageContaining("ONEDNN_MAX_CPU_ISA=AVX2")
        .hasMessageContaining("docs/numerics.md")
        .hasMessageContaining("oodseg doctor");
    // The faulty model does not stay in the cache: a second load fails alike.
    assertThatThrownBy(() -> load(descriptor, true)).isInstanceOf(NumericsFault.class);
  }

  @Test
  void aNanOnTheThirdForwardPassStopsTheLoad() throws Exception {
    Path descriptor = ProbeModels.copy(dir, "probe-fault-models", "nan-on-call-3");
    assertThatThrownBy(() -> load(descriptor, true))
        .isInstanceOf(NumericsFault.class)
        .hasMessageContaining(
            "output logits (repeat 2, recipe 1): non-finite value NaN at index 0");
  }

  @Test
  void aRepeatThatDiffersFromTheFirstStopsTheLoad() throws Exception {
    Path descriptor = ProbeModels.copy(dir, "probe-fault-models", "drift-on-call-3");
    assertThatThrownBy(() -> load(descriptor, true))
        .isInstanceOf(NumericsFault.class)
        .hasMessageContaining("output logits (repeat 2 against repeat 1): value at flat index")
        .hasMessageContaining("(as before), got");
  }

  @Test
  void aDescriptorWithoutProbeIsRefusedUnlessTheProbeIsOff() throws Exception {
    Path descriptor = ProbeModels.copy(dir, "demo-model", "demo-segnet");
    String text = Files.readString(descriptor);
    Files.writeString(descriptor, text.substring(0, text.indexOf("# Numerics probe")));
    assertThatThrownBy(() -> load(descriptor, true))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("has no probe block")
        .hasMessageContaining("notebooks/numerics_probe.py")
        .hasMessageContaining("inference.probe = false");
    assertThat(load(descriptor, false).report().probe().outcome()).isEqualTo("off");
  }

  @Test
  void aProbeWithTooFewExpectedOutputsIsRefusedAtLoad() throws Exception {
    Path descriptor = ProbeModels.copy(dir, "demo-model", "demo-segnet");
    String text = Files.readString(descriptor);
    int cut = text.indexOf("        { sum", text.indexOf("kind = \"noise\", seed = 1"));
    int end = text.indexOf('\n', cut) + 1;
    Files.writeString(descriptor, text.substring(0, cut) + text.substring(end));
    assertThatThrownBy(() -> load(descriptor, true))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "probe recipe noise seed 1 has expected values for 2 outputs, the descriptor names 3");
  }
}
