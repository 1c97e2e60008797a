package io.oodseg.udfs.metrics;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The score casts that official evaluators apply before they sort or bin: numpy's {@code
 * astype(np.float16)} ({@link Protocol#SMIYC}) and {@code astype(np.float32)} ({@link
 * Protocol#FISHYSCAPES}, {@link Protocol#FPR95_INTERP}), both IEEE round-to-nearest-even from
 * float64, overflowing to infinity.
 */
final class ScoreCasts {
  /** Largest finite float16 value. */
  static final double FLOAT16_MAX = 65504.0;

  private static final double FLOAT16_OVERFLOW = 65520.0; // halfway to 2^16 rounds to infinity
  private static final int FLOAT16_MIN_EXPONENT = -14;
  private static final int FLOAT16_MANTISSA_BITS = 10;

  private ScoreCasts() {}

  /** {@code float(np.float16(v))}: v rounded to the nearest float16 (ties to even). */
  static double float16(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0.0) {
      return v;
    }
    if (Math.abs(v) >= FLOAT16_OVERFLOW) {
      return Math.copySign(Double.POSITIVE_INFINITY, v);
    }
    int exponent = Math.max(Math.getExponent(v), FLOAT16_MIN_EXPONENT);
    double ulp = Math.scalb(1.0, exponent - FLOAT16_MANTISSA_BITS);
    return Math.rint(v / ulp) * ulp; // both steps exact but the rounding of rint
  }

  /** {@code float(np.float32(v))}. */
  static double float32(double v) {
    return (float) v;
  }

  /** Whether every score of {@code t} is a float32 value (the float32 cast changes nothing). */
  static boolean allFloat32(ScoreCounts t) {
    for (int i = 0; i < t.size(); i++) {
      double s = t.score(i);
      if (s != float32(s) && !Double.isNaN(s)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a score of {@code t} leaves float16's finite range (the cast makes it infinite). */
  static boolean overflowsFloat16(ScoreCounts t) {
    return t.size() > 0
        && (Double.isInfinite(float16(t.score(0)))
            || Double.isInfinite(float16(t.score(t.size() - 1))));
  }

  /**
   * {@code t} with every score mapped by the monotone non-decreasing {@code cast}, scores that
   * become equal merged; {@code t} itself if nothing changes.
   */
  static ScoreCounts cast(ScoreCounts t, DoubleUnaryOperator cast) {
    int n = t.size();
    double[] s = new double[n];
    long[] p = new long[n];
    long[] q = new long[n];
    int k = -1;
    boolean changed = false;
    for (int i = 0; i < n; i++) {
      double c = cast.applyAsDouble(t.score(i)) + 0.0; // -0.0 and 0.0 are one score
      changed |= Double.doubleToLongBits(c) != Double.doubleToLongBits(t.score(i));
      if (k < 0 || s[k] != c) {
        s[++k] = c;
      }
      p[k] += t.positives(i);
      q[k] += t.negatives(i);
    }
    if (!changed) {
      return t;
    }
    return ScoreCounts.trusted(
        Arrays.copyOf(s, k + 1), Arrays.copyOf(p, k + 1), Arrays.copyOf(q, k + 1));
  }
}
