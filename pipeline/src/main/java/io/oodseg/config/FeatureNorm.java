package io.oodseg.config;

/** Normalisation of feature rows before clustering. */
public enum FeatureNorm {
  L2,
  NONE
}
