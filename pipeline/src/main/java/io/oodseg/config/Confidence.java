package io.oodseg.config;

import ai.djl.ndarray.NDArray;

/**
 * Per-pixel confidence from raw logits {@code [C,H,W]}; higher = more in-distribution. The matching
 * baseline OoD score is its negation.
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

  /**
   * All four confidence maps {@code [H,W]} of one image's logits {@code [C,H,W]}, sharing one
   * log-softmax, in declaration order.
   */
  public static java.util.List<NDArray> computeAll(NDArray logits) {
    NDArray maxLogit = logits.max(new int[] {0});
    NDArray logP = logits.logSoftmax(0);
    NDArray maxLogP = logP.max(new int[] {0});
    NDArray negEntropy = logP.exp().mul(logP).sum(new int[] {0});
    // log-sum-exp = logit_c - logP_c for any c; at the arg-max: max logit - max logP
    return java.util.List.of(maxLogit, maxLogP.exp(), negEntropy, maxLogit.sub(maxLogP));
  }

  /**
   * The map {@code [H,W]} of {@code c} exactly as {@link #computeAll} computes it (max-logit alone
   * without the shared log-softmax).
   */
  public static NDArray computeOne(NDArray logits, Confidence c) {
    return c == MAX_LOGIT ? logits.max(new int[] {0}) : computeAll(logits).get(c.ordinal());
  }

  /** Computes the confidence map {@code [H,W]} of one image's logits {@code [C,H,W]}. */
  public abstract NDArray compute(NDArray logits);

  /** Lower-case name used in configs and result tables. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
