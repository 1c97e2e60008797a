package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One forward pass on the device, or one image's share of it ({@link BatchLayout}): the normalised
 * input {@code [N,3,H,W]} and the model's outputs in descriptor order.
 *
 * @param inputs the batch the model was fed (for one image's share: its input, padding cut off)
 * @param outputs the model's outputs
 */
public record ModelBatch(NDArray inputs, NDList outputs) {
  /** Height of the input each output belongs to. */
  public int inputHeight() {
    return (int) inputs.getShape().get(2);
  }

  /** Width of the input each output belongs to. */
  public int inputWidth() {
    return (int) inputs.getShape().get(3);
  }
}
