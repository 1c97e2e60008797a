package io.oodseg.config;

/** How feature levels are brought to a finer clustering grid (docs/clustering.md). */
public enum FeatureUpsampling {
  /** Bilinear, {@code align_corners = false}, as {@code F.interpolate}. */
  BILINEAR,
  /** Joint bilateral upsampling guided by the model's input image (Kopf et al. 2007). */
  JOINT_BILATERAL
}
