package io.oodseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.oodseg.testing.Ndarrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceTest {
  @Test
  void sharedComputationMatchesEachDefinitionAndHandValues() {
    // One pixel, logits (2, 0, 0): softmax = (e^2, 1, 1) / (e^2 + 2)
    double z = Math.exp(2) + 2;
    double p0 = Math.exp(2) / z;
    double p1 = 1 / z;
    double entropy = -(p0 * Math.log(p0) + 2 * p1 * Math.log(p1));
    try (NDManager m = Ndarrays.cpu()) {
      NDArray logits = m.create(new float[] {2, 1, 0, 3, 0, -1}, new Shape(3, 1, 2));
      List<NDArray> all = Confidence.computeAll(logits);
      for (Confidence c : Confidence.values()) {
        assertThat(all.get(c.ordinal()).toFloatArray())
            .as(c.key())
            .containsExactly(c.compute(logits).toFloatArray(), within(1e-5f));
      }
      assertThat(all.get(Confidence.MAX_LOGIT.ordinal()).getFloat(0, 0)).isEqualTo(2f);
      assertThat((double) all.get(Confidence.MAX_SOFTMAX.ordinal()).getFloat(0, 0))
          .isCloseTo(p0, within(1e-6));
      assertThat((double) all.get(Confidence.ENTROPY.ordinal()).getFloat(0, 0))
          .isCloseTo(-entropy, within(1e-6));
      assertThat((double) all.get(Confidence.ENERGY.ordinal()).getFloat(0, 0))
          .isCloseTo(Math.log(z), within(1e-6));
    }
  }
}
