package io.oodseg.infer;

import java.io.Serializable;

/**
 * One model output as the descriptor declares it.
 *
 * @param name output name used in configs
 * @param kind {@code features} or {@code logits}
 * @param channels channel count (D for features, C for logits)
 * @param stride input size divided by the output's size
 */
public record OutputSpec(String name, String kind, int channels, int stride)
    implements Serializable {
  /** Whether this output is a backbone feature map. */
  public boolean isFeatures() {
    return "features".equals(kind);
  }
}
