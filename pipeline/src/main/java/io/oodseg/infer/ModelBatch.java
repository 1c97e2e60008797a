package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One forward pass on the device: the normalised input {@code [N,3,H,W]} and the model's outputs in
 * descriptor order.
 *
 * @param inputs the batch the model was fed
 * @param outputs the model's outputs
 */
public record ModelBatch(NDArray inputs, NDList outputs) {}
