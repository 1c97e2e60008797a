package io.oodseg.score;

import ai.djl.ndarray.NDArray;

/**
 * Per-pixel confidence from raw logits {@code [C,H,W]}; higher = more in-distribution. The
 * matching baseline OoD score is its negation.
 */
public enum Confidence {
  /** Largest raw logit. */
  MAX_LOGIT {
    @Override
    public NDArray compute(NDArray logits) {
      return logits.max(new int[] {0});
    }
  },
  /** Largest softmax probability. */
  MAX_SOFTMAX {
    @Override
    public NDArray compute(NDArray logits) {
      return logits.softmax(0).max(new int[] {0});
    }
  },
  /** Negative entropy of the softmax distribution. */
  ENTROPY {
    @Override
    public NDArray compute(NDArray logits) {
      NDArray logP = logits.logSoftmax(0);
      return logP.exp().mul(logP).sum(new int[] {0});
    }
  },
  /** Negative free energy: log-sum-exp of the logits. */
  ENERGY {
    @Override
    public NDArray compute(NDArray logits) {
      return logits.logSoftmax(0).neg().add(logits).get(0);
    }
  };

  /** Computes the confidence map {@code [H,W]} of one image's logits {@code [C,H,W]}. */
  public abstract NDArray compute(NDArray logits);

  /** Lower-case name used in configs and result tables. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
