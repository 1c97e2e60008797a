package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Resizes {@code [C,h,w]} maps on their device with libtorch's interpolation. */
public final class Resampler {
  private static final int NEAREST = 0;
  private static final int BILINEAR = 2;

  private Resampler() {}

  /** Bilinear resize (align_corners = false) of {@code [C,h,w]} to {@code [C,height,width]}. */
  public static NDArray bilinear(NDArray maps, int height, int width) {
    return resize(maps, height, width, BILINEAR);
  }

  /** Nearest-neighbour resize of {@code [C,h,w]} to {@code [C,height,width]}. */
  public static NDArray nearest(NDArray maps, int height, int width) {
    return resize(maps, height, width, NEAREST);
  }

  private static NDArray resize(NDArray maps, int height, int width, int mode) {
    long[] shape = maps.getShape().getShape();
    if (shape[1] == height && shape[2] == width) {
      return maps;
    }
    NDArray batched = maps.expandDims(0);
    return JniUtils.interpolate((PtNDArray) batched, new long[] {height, width}, mode, false)
        .squeeze(0);
  }
}
