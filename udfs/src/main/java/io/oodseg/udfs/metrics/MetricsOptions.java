package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link PooledMetrics} and {@link LocalMetrics} compute besides the exact pooled metrics:
 * immutable, each {@code with...} returns a copy. Defaults: every {@link Protocol}, 8 score ranges
 * per key, no curve points, no binned comparison, no bootstrap; binned work uses 1024 uniform bins
 * over the key's score range (smallest to largest finite score) unless a range is given.
 */
public final class MetricsOptions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final MetricsOptions DEFAULTS =
      new MetricsOptions(
          EnumSet.allOf(Protocol.class), 8, 0, false, 1024, Double.NaN, Double.NaN, 0, 0L);

  private final EnumSet<Protocol> protocols;
  private final int ranges;
  private final int curvePoints;
  private final boolean binned;
  private final int bins;
  private final double lo;
  private final double hi;
  private final int replicates;
  private final long seed;

  private MetricsOptions(
      EnumSet<Protocol> protocols,
      int ranges,
      int curvePoints,
      boolean binned,
      int bins,
      double lo,
      double hi,
      int replicates,
      long seed) {
    this.protocols = protocols;
    this.ranges = ranges;
    this.curvePoints = curvePoints;
    this.binned = binned;
    this.bins = bins;
    this.lo = lo;
    this.hi = hi;
    this.replicates = replicates;
    this.seed = seed;
  }

  /** The defaults (class comment). */
  public static MetricsOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Only these protocols.
   *
   * @throws IllegalArgumentException if empty
   */
  public MetricsOptions withProtocols(Set<Protocol> chosen) {
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no protocol chosen");
    }
    return new MetricsOptions(
        EnumSet.copyOf(chosen), ranges, curvePoints, binned, bins, lo, hi, replicates, seed);
  }

  /** Score ranges per key: the parallelism of the distributed merge and sweep (&ge; 1). */
  public MetricsOptions withRanges(int numRanges) {
    if (numRanges < 1) {
      throw new IllegalArgumentException("ranges must be >= 1, was " + numRanges);
    }
    return new MetricsOptions(
        protocols, numRanges, curvePoints, binned, bins, lo, hi, replicates, seed);
  }

  /**
   * Returns at most {@code maxPoints} (&ge; 3, or 0 for none) points of the pooled exact curve
   * ({@link ProtocolMetrics#curve()}).
   */
  public MetricsOptions withCurvePoints(int maxPoints) {
    if (maxPoints != 0 && maxPoints < 3) {
      throw new IllegalArgumentException("curve points must be 0 or >= 3, was " + maxPoints);
    }
    return new MetricsOptions(protocols, ranges, maxPoints, binned, bins, lo, hi, replicates, seed);
  }

  /** Adds the binned comparison at {@code numBins} bins over the key's score range. */
  public MetricsOptions withBinned(int numBins) {
    return withBinned(numBins, Double.NaN, Double.NaN);
  }

  /**
   * Adds the binned comparison ({@link ProtocolMetrics#binned()}) at {@code numBins} uniform bins
   * over {@code [binsLo, binsHi]} (NaN, NaN: the key's score range); the bootstrap uses the same
   * bins.
   */
  public MetricsOptions withBinned(int numBins, double binsLo, double binsHi) {
    if (numBins < 1 || Double.isNaN(binsLo) != Double.isNaN(binsHi)) {
      throw new IllegalArgumentException("need bins >= 1 and both or neither range bound");
    }
    return new MetricsOptions(
        protocols, ranges, curvePoints, true, numBins, binsLo, binsHi, replicates, seed);
  }

  /**
   * Adds a 95% bootstrap interval over images ({@link ProtocolMetrics#bootstrap()}) from {@code
   * numReplicates} seeded resamples, at the resolution of the binned bins.
   */
  public MetricsOptions withBootstrap(int numReplicates, long rngSeed) {
    if (numReplicates < 1) {
      throw new IllegalArgumentException("replicates must be >= 1, was " + numReplicates);
    }
    return new MetricsOptions(
        protocols, ranges, curvePoints, binned, bins, lo, hi, numReplicates, rngSeed);
  }

  /** The protocols computed. */
  public Set<Protocol> protocols() {
    return EnumSet.copyOf(protocols);
  }

  /** Score ranges per key. */
  public int ranges() {
    return ranges;
  }

  /** Maximum curve points (0: none). */
  public int curvePoints() {
    return curvePoints;
  }

  /** Whether the binned comparison is computed. */
  public boolean binned() {
    return binned;
  }

  /** Uniform bins of the binned comparison and the bootstrap. */
  public int bins() {
    return bins;
  }

  /** Lower end of the bins' range, NaN for the key's smallest finite score. */
  public double binsLo() {
    return lo;
  }

  /** Upper end of the bins' range, NaN for the key's largest finite score. */
  public double binsHi() {
    return hi;
  }

  /** Bootstrap replicates (0: no interval). */
  public int replicates() {
    return replicates;
  }

  /** Bootstrap seed. */
  public long seed() {
    return seed;
  }

  /** Whether a protocol reads the float32-cast scores. */
  boolean needsFloat32() {
    return protocols.contains(Protocol.FISHYSCAPES) || protocols.contains(Protocol.FPR95_INTERP);
  }

  /** Whether binned counts are needed (comparison or bootstrap). */
  boolean needsBins() {
    return binned || replicates > 0;
  }

  /** Whether the binned range comes from the data. */
  boolean dataRange() {
    return Double.isNaN(lo);
  }
}
