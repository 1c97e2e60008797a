package io.oodseg.cluster;

/** Normalisation of feature rows before clustering. */
public enum FeatureNorm {
  L2,
  NONE
}
