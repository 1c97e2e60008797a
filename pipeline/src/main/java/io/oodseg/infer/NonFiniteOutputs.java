package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Finds NaN or infinite values in one image's model outputs (logits and feature maps), so that
 * image becomes an error row instead of poisoning the pooled metrics. Two reductions per output on
 * the device; only the counts leave it.
 */
final class NonFiniteOutputs {
  private NonFiniteOutputs() {}

  /** Why image {@code index} of the batch cannot be used, or null when its outputs are finite. */
  static String find(NDList outputs, int index, ModelDescriptor d) {
    StringBuilder reason = new StringBuilder();
    for (int o = 0; o < outputs.size(); o++) {
      NDArray a = outputs.get(o).get(index);
      long nan = a.isNaN().countNonzero().getLong();
      long inf = a.isInfinite().countNonzero().getLong();
      if (nan + inf > 0) {
        String name = o < d.outputs().size() ? d.outputs().get(o).name() : "output " + o;
        reason
            .append(reason.length() == 0 ? "" : "; ")
            .append("model output '")
            .append(name)
            .append("' holds ")
            .append(nan)
            .append(" NaN and ")
            .append(inf)
            .append(" infinite values of ")
            .append(a.size());
      }
    }
    return reason.length() == 0 ? null : reason.toString();
  }
}
