package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.oodseg.testing.ProbeModels;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak catches a model that goes wrong on one call (the 200-pass soak of the demo model is
 * {@code DeterminismSoakIT}).
 */
class DeterminismSoakTest {
  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void aModelThatGoesWrongOnOneCallIsCaught() throws Exception {
    ModelDescriptor d =
        ModelDescriptor.load(
            ProbeModels.copy(dir, "probe-fault-models", "nan-on-call-3").toUri().toString(), conf);
    LoadedModel model = ModelCache.loadFresh(d, Placement.of(Device.cpu()), 1, conf);
    try {
      DeterminismSoak.Result r =
          DeterminismSoak.run(
              model.zooModel().getBlock(), model.zooModel().getNDManager(), d, Device.cpu(), 3, 1);
      assertThat(r.faultyInputs()).isEqualTo(1);
      assertThat(r.problems())
          .singleElement()
          .asString()
          .contains("input 0 again")
          .contains("non-finite value NaN");
    } finally {
      model.close();
    }
  }
}
