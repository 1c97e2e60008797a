package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * Builds {@link ScoreCounts} from per-pixel scores and labels: positives and negatives are sorted
 * separately ({@link Arrays#sort(double[])}, O(n log n) on primitives) and run-length counted
 * from the top.
 */
final class PixelCounter {
  private PixelCounter() {}

  /** See {@link ScoreCounts#fromPixels}. */
  static ScoreCounts count(double[] scores, byte[] labels, int positiveValue, int voidValue) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + labels.length);
    }
    if (positiveValue == voidValue) {
      throw new IllegalArgumentException("positiveValue equals voidValue: " + positiveValue);
    }
    int numPos = 0;
    int numNeg = 0;
    for (int i = 0; i < scores.length; i++) {
      int label = labels[i] & 0xFF;
      if (label == voidValue) {
        continue;
      }
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("NaN score at pixel index " + i);
      }
      if (label == positiveValue) {
        numPos++;
      } else {
        numNeg++;
      }
    }
    double[] pos = new double[numPos];
    double[] neg = new double[numNeg];
    numPos = 0;
    numNeg = 0;
    for (int i = 0; i < scores.length; i++) {
      int label = labels[i] & 0xFF;
      if (label == voidValue) {
        continue;
      }
      double s = scores[i] + 0.0; // folds -0.0 into 0.0
      if (label == positiveValue) {
        pos[numPos++] = s;
      } else {
        neg[numNeg++] = s;
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    return countSortedAscending(pos, neg);
  }

  /** Run-length counts two ascending arrays into one descending distinct-score table. */
  private static ScoreCounts countSortedAscending(double[] pos, double[] neg) {
    int n = pos.length + neg.length;
    double[] s = new double[n];
    long[] p = new long[n];
    long[] q = new long[n];
    int i = pos.length - 1;
    int j = neg.length - 1;
    int k = 0;
    while (i >= 0 || j >= 0) {
      double v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
      int i0 = i;
      int j0 = j;
      while (i >= 0 && pos[i] == v) {
        i--;
      }
      while (j >= 0 && neg[j] == v) {
        j--;
      }
      s[k] = v;
      p[k] = i0 - i;
      q[k] = j0 - j;
      k++;
    }
    return ScoreCounts.trusted(Arrays.copyOf(s, k), Arrays.copyOf(p, k), Arrays.copyOf(q, k));
  }
}
