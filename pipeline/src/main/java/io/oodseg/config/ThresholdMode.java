package io.oodseg.config;

/** How the flag threshold τ is read. */
public enum ThresholdMode {
  /** A cluster is flagged when its statistic is below τ (logit units). */
  ABSOLUTE,
  /** Flagged when its statistic is below the τ-quantile (0..1) of the image's confidence. */
  QUANTILE,
  /** Flagged when (statistic − image mean) / image std is below τ. */
  ZSCORE
}
