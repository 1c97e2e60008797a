package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Two hundred forward passes of varied seeded inputs are finite and repeat bit for bit (slow on a
 * shared CPU, hence an integration test; the faulty model's case is {@code DeterminismSoakTest}).
 */
class DeterminismSoakIT {
  private final Configuration conf = new Configuration();

  @Test
  void demoModelGivesFiniteBitIdenticalOutputsOverTwoHundredForwardPasses() {
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, conf);
    LoadedModel model = ModelCache.loadFresh(d, Placement.of(Device.cpu()), 2, conf);
    try {
      DeterminismSoak.Result r =
          DeterminismSoak.run(
              model.zooModel().getBlock(),
              model.zooModel().getNDManager(),
              d,
              Device.cpu(),
              100,
              2);
      assertThat(r.passes()).isEqualTo(200);
      assertThat(r.problems()).isEmpty();
      assertThat(r.clean()).isTrue();
    } finally {
      model.close();
    }
  }
}
