package io.oodseg.config;

/** How the per-pixel OoD score of the method is built from flags and confidence. */
public enum ScoreMode {
  /** Flagged clusters rank above all others; ties broken by −confidence. */
  FUSED,
  /** −statistic of the pixel's cluster. */
  CLUSTER,
  /** 1 for pixels of flagged clusters, 0 otherwise. */
  FLAG,
  /** −confidence alone (the baseline of the configured confidence). */
  PIXEL
}
