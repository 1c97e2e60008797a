package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.oodseg.testing.ProbeModels;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forward passes of varied seeded inputs are finite and repeat bit for bit; a faulty model is caught. */
class DeterminismSoakTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void demoModelGivesFiniteBitIdenticalOutputsOverTwoHundredForwardPasses() {
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, conf);
    LoadedModel model = ModelCache.loadFresh(d, Placement.of(Device.cpu()), 2, conf);
    try {
      DeterminismSoak.Result r = DeterminismSoak.run(model.zooModel().getBlock(), model.zooModel().getNDManager(), d,
          Device.cpu(), 100, 2);
      assertThat(r.passes()).isEqualTo(200);
      assertThat(r.problems()).isEmpty();
      assertThat(r.clean()).isTrue();
    } finally {
      model.close();
    }
  }

  @Test
  void aModelThatGoesWrongOnOneCallIsCaught() throws Exception {
    ModelDescriptor d = ModelDescriptor.load(
        ProbeModels.copy(dir, "probe-fault-models", "nan-on-call-3").toUri().toString(), conf);
    LoadedModel model = ModelCache.loadFresh(d, Placement.of(Device.cpu()), 1, conf);
    try {
      DeterminismSoak.Result r = DeterminismSoak.run(model.zooModel().getBlock(), model.zooModel().getNDManager(), d,
          Device.cpu(), 3, 1);
      assertThat(r.faultyInputs()).isEqualTo(1);
      assertThat(r.problems()).singleElement().asString().contains("input 0 again").contains("non-finite value NaN");
    } finally {
      model.close();
    }
  }
}
