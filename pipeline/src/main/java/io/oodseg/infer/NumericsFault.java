package io.oodseg.infer;

import io.oodseg.config.UsageException;

/**
 * The model computed wrong numbers on this host: non-finite values, values outside the probe's
 * tolerance, or repeats that differ. Stops the run before its first image (exit code 2, as a model
 * that does not match its descriptor).
 */
public final class NumericsFault extends UsageException {
  private static final long serialVersionUID = 1L;

  NumericsFault(String message) {
    super(message);
  }
}
