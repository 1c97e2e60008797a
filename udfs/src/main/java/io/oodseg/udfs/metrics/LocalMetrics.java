package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The local path: every {@link Protocol}, curve points, binned comparison and bootstrap interval of
 * a list of images' counts, computed in this JVM. Gives the same values as {@link PooledMetrics}
 * (up to floating-point summation order; the bootstrap identically), which is the path for data
 * that do not fit one machine.
 */
public final class LocalMetrics {
  private LocalMetrics() {}

  /**
   * The metrics of one image (or of any one table) under {@code protocols}; warnings are in the
   * value, not logged (per-image tables often have no OoD pixel).
   */
  public static ProtocolMetrics compute(ScoreCounts image, Set<Protocol> protocols) {
    return compute(List.of(image), MetricsOptions.defaults().withProtocols(protocols), null);
  }

  /**
   * The pooled metrics of {@code images}, one table per image (the {@link Protocol#SMIYC} binning
   * and the bootstrap are per image).
   */
  public static ProtocolMetrics compute(List<ScoreCounts> images, MetricsOptions options) {
    return compute(images, options, "local");
  }

  /** As {@link #compute(List, MetricsOptions)}, logging warnings as {@code what} (null: none). */
  static ProtocolMetrics compute(List<ScoreCounts> images, MetricsOptions options, String what) {
    ScoreCounts merged = images.isEmpty() ? ScoreCounts.empty() : ScoreCounts.mergeAll(images);
    ProtocolSweep.Curve exact = ProtocolSweep.sweepAll(merged, options.curvePoints());
    ProtocolSweep.Curve float32 = exact;
    if (options.needsFloat32() && !ScoreCasts.allFloat32(merged)) {
      float32 = ProtocolSweep.sweepAll(ScoreCasts.cast(merged, ScoreCasts::float32), 0);
    }
    ProtocolSweep.Curve smiyc = null;
    if (options.protocols().contains(Protocol.SMIYC) && !ScoreCasts.overflowsFloat16(merged)) {
      List<ScoreCounts> binned = new ArrayList<>();
      for (ScoreCounts image : images) {
        binned.add(SmiycBinning.bin(image));
      }
      smiyc =
          ProtocolSweep.sweepAll(
              binned.isEmpty() ? ScoreCounts.empty() : ScoreCounts.mergeAll(binned), 0);
    }
    BinnedComparison comparison = null;
    BootstrapInterval interval = null;
    if (options.needsBins()) {
      double[] range =
          options.dataRange()
              ? BinnedCounts.finiteRange(merged)
              : new double[] {options.binsLo(), options.binsHi()};
      range = range == null ? new double[2] : range;
      BinnedCounts[] sums =
          Bootstrap.local(
              images, range[0], range[1], options.bins(), options.replicates(), options.seed());
      BinnedCounts full = sums[sums.length - 1];
      comparison = options.binned() ? BinnedCounts.compare(full, exact.step) : null;
      interval = options.replicates() > 0 ? Bootstrap.interval(sums, options.seed()) : null;
    }
    return ProtocolMetrics.assemble(
        what, options.protocols(), exact, float32, smiyc, comparison, interval);
  }
}
