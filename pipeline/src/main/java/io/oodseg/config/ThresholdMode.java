package io.oodseg.config;

/**
 * How the flag threshold τ is read. {@link #ABSOLUTE} is the paper's rule read literally (clusters
 * whose max-logit confidence is low are flagged OoD); {@link #ZSCORE} (the default) and {@link
 * #QUANTILE} are this product's per-image rules.
 */
public enum ThresholdMode {
  /**
   * The paper's rule read literally: a cluster is flagged when its statistic of the raw confidence
   * (with {@code confidence = max_logit}, its pixels' mean max-logit by default) is below τ, in
   * logit units, with no per-image normalisation.
   */
  ABSOLUTE,
  /**
   * This product's rule: flagged when its statistic is below the τ-quantile (0..1) of the image's
   * confidence.
   */
  QUANTILE,
  /**
   * This product's rule (the default): flagged when (statistic − image mean) / image std is below
   * τ, a per-image rule that needs no logit scale.
   */
  ZSCORE
}
