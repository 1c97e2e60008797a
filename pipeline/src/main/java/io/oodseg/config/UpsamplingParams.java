package io.oodseg.config;

import java.io.Serializable;

/**
 * How feature levels are upsampled to the clustering grid ({@code features.upsample} and {@code
 * features.bilateral.*}).
 *
 * @param mode bilinear or joint bilateral
 * @param radius joint bilateral window radius, in cells of the feature level (window {@code 2r+1}
 *     squared)
 * @param sigmaSpatial spatial Gaussian's sigma, in cells of the feature level
 * @param sigmaRange range Gaussian's sigma on the guide's RGB values scaled to [0, 1]
 */
public record UpsamplingParams(
    FeatureUpsampling mode, int radius, double sigmaSpatial, double sigmaRange)
    implements Serializable {
  /** Bilinear upsampling with the default bilateral settings (unused by bilinear). */
  public static final UpsamplingParams BILINEAR =
      new UpsamplingParams(FeatureUpsampling.BILINEAR, 2, 1.0, 0.1);

  /** Whether the guide image is needed. */
  public boolean guided() {
    return mode == FeatureUpsampling.JOINT_BILATERAL;
  }
}
