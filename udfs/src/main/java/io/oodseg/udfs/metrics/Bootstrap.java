package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Bootstrap resampling of images, shared by the local ({@link LocalMetrics}) and the distributed
 * ({@link PooledBinned}) paths, which therefore give the same intervals.
 *
 * <p>Images are identified by a 64-bit fingerprint of their counts table, so that the order of
 * images, and the draws, do not depend on partitioning; images with equal fingerprints are taken to
 * be identical (equal tables are, and interchangeable) and form one group drawn with its
 * multiplicity. Groups are ordered by fingerprint; replicate {@code b} draws {@code n} (the number
 * of images) ranks uniformly with replacement from a {@link SplittableRandom} seeded by {@code
 * (seed, b)}, and weighs each group by the draws that land on it. Each replicate is pooled as
 * {@link BinnedCounts}: the images' binned counts times their weights, exact integer sums.
 */
final class Bootstrap {
  private Bootstrap() {}

  /** One group of identical images: their fingerprint, how many, and the binned counts of one. */
  static final class Group implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long fingerprint;
    final long multiplicity;
    final BinnedCounts counts;

    Group(long fingerprint, long multiplicity, BinnedCounts counts) {
      this.fingerprint = fingerprint;
      this.multiplicity = multiplicity;
      this.counts = counts;
    }

    /** The group of both (same fingerprint): this one's counts, the multiplicities added. */
    Group plus(Group other) {
      return new Group(fingerprint, multiplicity + other.multiplicity, counts);
    }
  }

  /** 64-bit fingerprint of a table's content (SplitMix64 over scores and counts). */
  static long fingerprint(ScoreCounts table) {
    long h = mix(table.size() + 0x632BE59BD9B4E019L);
    for (int i = 0; i < table.size(); i++) {
      h = mix(h ^ Double.doubleToLongBits(table.score(i) + 0.0));
      h = mix(h ^ table.positives(i));
      h = mix(h ^ ~table.negatives(i));
    }
    return h;
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * {@code weights[g][b]}: the images drawn from group {@code g} (in the given order) in replicate
   * {@code b}; {@code weights[g][replicates]} is the group's multiplicity (the full sample).
   */
  static int[][] weights(long[] multiplicities, int replicates, long seed) {
    long[] ends = new long[multiplicities.length];
    long n = 0;
    for (int g = 0; g < multiplicities.length; g++) {
      n += multiplicities[g];
      ends[g] = n;
    }
    int[][] w = new int[multiplicities.length][replicates + 1];
    for (int g = 0; g < multiplicities.length; g++) {
      w[g][replicates] = Math.toIntExact(multiplicities[g]);
    }
    for (int b = 0; b < replicates; b++) {
      SplittableRandom rnd = new SplittableRandom(mix(seed ^ mix(b + 1L)));
      for (long k = 0; k < n; k++) {
        int g = Arrays.binarySearch(ends, rnd.nextLong(n) + 1);
        w[g >= 0 ? g : -g - 1][b]++;
      }
    }
    return w;
  }

  /** Adds each group's counts times its weights into {@code sums} (one per weight column). */
  static void accumulate(BinnedCounts[] sums, BinnedCounts group, int[] weights) {
    for (int b = 0; b < sums.length; b++) {
      if (weights[b] > 0) {
        sums[b].add(group, weights[b]);
      }
    }
  }

  /** Empty sums, one per replicate and one for the full sample (the last). */
  static BinnedCounts[] emptySums(int replicates, double lo, double hi, int bins) {
    BinnedCounts[] sums = new BinnedCounts[replicates + 1];
    for (int b = 0; b < sums.length; b++) {
      sums[b] = new BinnedCounts(lo, hi, bins);
    }
    return sums;
  }

  /** Binned sums of a local list of images: replicates, then the full sample. */
  static BinnedCounts[] local(
      List<ScoreCounts> images, double lo, double hi, int bins, int replicates, long seed) {
    TreeMap<Long, Group> groups = new TreeMap<>(Long::compareUnsigned);
    for (ScoreCounts image : images) {
      long fp = fingerprint(image);
      groups.merge(fp, new Group(fp, 1, new BinnedCounts(lo, hi, bins).add(image)), Group::plus);
    }
    List<Group> ordered = new ArrayList<>(groups.values());
    long[] m = new long[ordered.size()];
    for (int g = 0; g < m.length; g++) {
      m[g] = ordered.get(g).multiplicity;
    }
    int[][] w = weights(m, replicates, seed);
    BinnedCounts[] sums = emptySums(replicates, lo, hi, bins);
    for (int g = 0; g < m.length; g++) {
      accumulate(sums, ordered.get(g).counts, w[g]);
    }
    return sums;
  }

  /** Orders groups by fingerprint (unsigned), as {@link #local} does. */
  static List<Map.Entry<Long, Long>> ordered(Map<Long, Long> multiplicities) {
    TreeMap<Long, Long> sorted = new TreeMap<>(Long::compareUnsigned);
    sorted.putAll(multiplicities);
    return new ArrayList<>(sorted.entrySet());
  }

  /** The interval of the replicate sums (all but the last, the full sample). */
  static BootstrapInterval interval(BinnedCounts[] sums, long seed) {
    int replicates = sums.length - 1;
    double[] ap = new double[replicates];
    double[] fpr95 = new double[replicates];
    int nAp = 0;
    int nFpr = 0;
    for (int b = 0; b < replicates; b++) {
      BinaryMetrics m = sums[b].metrics();
      if (m.ap() != null) {
        ap[nAp++] = m.ap();
      }
      if (m.fpr95() != null) {
        fpr95[nFpr++] = m.fpr95();
      }
    }
    return new BootstrapInterval(
        replicates, seed, sums[replicates].bins(), bounds(ap, nAp), nAp, bounds(fpr95, nFpr), nFpr);
  }

  /** {2.5th, 97.5th} percentiles of the first {@code n} values; null if {@code n == 0}. */
  private static double[] bounds(double[] values, int n) {
    if (n == 0) {
      return null;
    }
    double[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    return new double[] {percentile(v, 2.5), percentile(v, 97.5)};
  }

  /** numpy's default ('linear') percentile of sorted values. */
  static double percentile(double[] sorted, double pct) {
    double pos = (sorted.length - 1) * (pct / 100.0);
    int i = (int) Math.floor(pos);
    if (i >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double g = pos - i;
    double d = sorted[i + 1] - sorted[i];
    return g >= 0.5 ? sorted[i + 1] - d * (1 - g) : sorted[i] + d * g;
  }
}
