package io.oodseg.udfs.metrics;

import java.util.Arrays;

/**
 * The per-image percentile binning of SegmentMeIfYouCan's {@code PixBinaryClass} metric ({@link
 * Protocol#SMIYC}), reproducing road-anomaly-benchmark at 1c7804e0749686452eb02bbcfb81234e38795f8a
 * as it runs with the numpy it pins (1.23, value-based casting): the scores are first cast to
 * float16 ({@code evaluation.py} line 65, {@code Evaluation.save_output}), then {@code
 * metrics/pixel_classification.py} lines 16-111 ({@code binary_confusion_matrix}, {@code
 * num_bins=768, bin_strategy='percentiles'}, lines 139-143) run on the float16 values:
 *
 * <pre>
 * vmin, vmax = np.min(prob), np.max(prob)          # float16
 * vrange = vmax - vmin                             # float16 subtraction: rounded to float16
 * eps = np.maximum(vrange*1e-2, 1e-2)              # float64
 * bins = [[vmin - eps, vmax + eps]]                # float64
 * bins += [np.quantile(prob_at_true,  np.linspace(0, 1, min(num_bins//2, prob_at_true.size)))]
 * bins += [np.quantile(prob_at_false, np.linspace(0, 1, min(num_bins//2, prob_at_false.size)))]
 * bins = np.unique(np.concatenate(bins))
 * tp_rel, _ = np.histogram(prob_at_true, bins=bins); fp_rel, bin_edges = np.histogram(...)
 * # reversed to descending; each bin's threshold is its lower edge (bin_edges[::-1][1:])
 * </pre>
 *
 * <p>{@code np.quantile} (numpy 1.24 {@code _quantile}/{@code _lerp}, method 'linear'): virtual
 * index {@code v = (n - 1) * q}, {@code i = floor(v)}, {@code g = v - i}, {@code d = b - a}
 * computed in float16 (rounded), value {@code a + d * g} if {@code g < 0.5} else {@code b - d * (1
 * - g)} in float64, with {@code a, b} the i-th and (i+1)-th smallest scores (the largest when
 * {@code v >= n - 1}); {@code np.linspace(0, 1, m)} is {@code i * (1.0 / (m - 1))} with the last
 * value exactly 1. {@code np.histogram} bins are {@code [e_j, e_j+1)}, the last one closed. An
 * image without valid pixel contributes nothing (upstream fails on it). Scores beyond float16's
 * range become infinite in the cast, and upstream's edges then hold infinities and NaN: {@link
 * #bin} refuses them ({@link ScoreCasts#overflowsFloat16}).
 */
final class SmiycBinning {
  /** {@code num_bins} of {@code PixBinaryClass}. */
  static final int NUM_BINS = 768;

  private SmiycBinning() {}

  /**
   * The binned table of one image's float16-cast scores: per non-empty bin, its lower edge as the
   * score, with the positives and negatives in it. Merging such tables over images sums equal
   * thresholds, as the pooled SMIYC curve does.
   */
  static ScoreCounts bin(ScoreCounts scores) {
    if (scores.size() == 0) {
      return scores;
    }
    if (ScoreCasts.overflowsFloat16(scores)) {
      throw new IllegalArgumentException(
          "smiyc: score range ["
              + scores.score(scores.size() - 1)
              + ", "
              + scores.score(0)
              + "] leaves float16's (max "
              + ScoreCasts.FLOAT16_MAX
              + "), to which SegmentMeIfYouCan casts scores");
    }
    ScoreCounts image = ScoreCasts.cast(scores, ScoreCasts::float16);
    double vmin = image.score(image.size() - 1);
    double vmax = image.score(0);
    double eps = Math.max(ScoreCasts.float16(vmax - vmin) * 1e-2, 1e-2);
    double[] pos = quantiles(image, true, image.totalPositives());
    double[] neg = quantiles(image, false, image.totalNegatives());
    double[] edges = new double[2 + pos.length + neg.length];
    edges[0] = vmin - eps;
    edges[1] = vmax + eps;
    System.arraycopy(pos, 0, edges, 2, pos.length);
    System.arraycopy(neg, 0, edges, 2 + pos.length, neg.length);
    return histogram(image, unique(edges));
  }

  /**
   * {@code np.quantile} of the positive (or negative) float16 scores at {@code np.linspace(0, 1,
   * m)}.
   */
  private static double[] quantiles(ScoreCounts image, boolean positives, long count) {
    if (count == 0) {
      return new double[0];
    }
    int m = (int) Math.min(NUM_BINS / 2, count);
    double step = m > 1 ? 1.0 / (m - 1) : 0.0;
    SortedColumn column = new SortedColumn(image, positives);
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      double q = i == m - 1 && m > 1 ? 1.0 : i * step;
      double v = (count - 1) * q;
      if (v >= count - 1) {
        out[i] = column.value(count - 1);
        continue;
      }
      long lo = (long) Math.floor(v);
      double g = v - lo;
      double a = column.value(lo);
      double b = column.value(lo + 1);
      double d = ScoreCasts.float16(b - a); // numpy subtracts the float16 values in float16
      out[i] = a == b ? a : g >= 0.5 ? b - d * (1 - g) : a + d * g;
    }
    return out;
  }

  /** Sorted, duplicates removed ({@code ==}, so {@code -0.0} is {@code 0.0}). */
  private static double[] unique(double[] values) {
    double[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] += 0.0;
    }
    Arrays.sort(v);
    int k = 0;
    for (int i = 0; i < v.length; i++) {
      if (k == 0 || v[i] != v[k - 1]) {
        v[k++] = v[i];
      }
    }
    return Arrays.copyOf(v, k);
  }

  /** Counts per bin {@code [e_j, e_j+1)} (the last closed), as a descending table. */
  private static ScoreCounts histogram(ScoreCounts image, double[] edges) {
    int bins = edges.length - 1;
    double[] s = new double[bins];
    long[] p = new long[bins];
    long[] q = new long[bins];
    int k = -1;
    int j = bins - 1;
    for (int i = 0; i < image.size(); i++) { // scores descending, bins from the top
      double score = image.score(i);
      while (j > 0 && score < edges[j]) {
        j--;
      }
      if (score < edges[0] || score > edges[bins]) {
        throw new IllegalStateException("score " + score + " outside the bin edges");
      }
      if (k < 0 || s[k] != edges[j]) {
        s[++k] = edges[j];
      }
      p[k] += image.positives(i);
      q[k] += image.negatives(i);
    }
    return ScoreCounts.trusted(
        Arrays.copyOf(s, k + 1), Arrays.copyOf(p, k + 1), Arrays.copyOf(q, k + 1));
  }

  /** The positive (or negative) scores of a table in ascending order, by rank. */
  private static final class SortedColumn {
    private final double[] scores;

    /** {@code ends[i]}: pixels up to and including {@code scores[i]}. */
    private final long[] ends;

    SortedColumn(ScoreCounts image, boolean positives) {
      double[] s = new double[image.size()];
      long[] e = new long[image.size()];
      int n = 0;
      long total = 0;
      for (int i = image.size() - 1; i >= 0; i--) {
        long c = positives ? image.positives(i) : image.negatives(i);
        if (c > 0) {
          total += c;
          s[n] = image.score(i);
          e[n++] = total;
        }
      }
      scores = Arrays.copyOf(s, n);
      ends = Arrays.copyOf(e, n);
    }

    /** The {@code rank}-th smallest score (0-based). */
    double value(long rank) {
      int i = Arrays.binarySearch(ends, rank + 1);
      return scores[i >= 0 ? i : -i - 1];
    }
  }
}
