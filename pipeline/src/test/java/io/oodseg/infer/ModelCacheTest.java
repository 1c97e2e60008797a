package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.oodseg.config.UsageException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
  @TempDir Path dir;

  /** Copies the embedded demo model next to a descriptor edited by {@code edit}. */
  private String descriptor(java.util.function.UnaryOperator<String> edit) throws Exception {
    try (InputStream model =
            getClass().getClassLoader().getResourceAsStream("demo-model/demo-segnet.pt");
        InputStream conf =
            getClass().getClassLoader().getResourceAsStream("demo-model/demo-segnet.conf")) {
      Files.copy(model, dir.resolve("demo-segnet.pt"));
      String text = edit.apply(new String(conf.readAllBytes(), StandardCharsets.UTF_8));
      Files.writeString(dir.resolve("model.conf"), text);
    }
    return dir.resolve("model.conf").toUri().toString();
  }

  @Test
  void descriptorThatDoesNotMatchTheModelFailsAtLoadNamingExpectedAndActualShapes()
      throws Exception {
    String location =
        descriptor(t -> t.replace("channels = 96, stride = 8", "channels = 99, stride = 8"));
    ModelDescriptor d = ModelDescriptor.load(location, new Configuration());
    assertThatThrownBy(() -> ModelCache.get(d, Device.cpu(), 0, new Configuration()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("does not match its descriptor")
        .hasMessageContaining("features_s8")
        .hasMessageContaining("expected shape (1, 99, 32, 64), got (1, 96, 32, 64)");
  }

  @Test
  void wrongNumberOfOutputsIsNamed() throws Exception {
    String location =
        descriptor(
            t ->
                t.replace(
                    "{ name = \"features_s4\", kind = \"features\", channels = 48, stride = 4 }",
                    ""));
    ModelDescriptor d = ModelDescriptor.load(location, new Configuration());
    assertThatThrownBy(() -> ModelCache.get(d, Device.cpu(), 0, new Configuration()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("expected 2 outputs, got 3");
  }

  @Test
  void modelFileWithAnotherDigestIsRefusedNamingTheFile() throws Exception {
    String location =
        descriptor(
            t -> t.replaceAll("sha256 = \"[0-9a-f]+\"", "sha256 = \"" + "0".repeat(64) + "\""));
    ModelDescriptor d = ModelDescriptor.load(location, new Configuration());
    int loads = ModelCache.loads();
    assertThatThrownBy(() -> ModelCache.get(d, Device.cpu(), 0, new Configuration()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("model file ")
        .hasMessageContaining(dir.resolve("demo-segnet.pt").toUri().getPath())
        .hasMessageContaining("but its descriptor says " + "0".repeat(64));
    assertThat(ModelCache.loads()).as("nothing loaded").isEqualTo(loads);
  }

  @Test
  void embeddedDescriptorPointsAtTheDeepestFeaturesAndTheLogits() {
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, new Configuration());
    assertThat(d.outputs().get(d.deepestFeatures()).name()).isEqualTo("features_s8");
    assertThat(d.logitsSpec().channels()).isEqualTo(d.classes().size()).isGreaterThanOrEqualTo(5);
    assertThatThrownBy(() -> d.outputIndex("nope"))
        .hasMessageContaining("has no output \"nope\"")
        .hasMessageContaining("features_s4");
  }
}
