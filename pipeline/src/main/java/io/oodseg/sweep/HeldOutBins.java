package io.oodseg.sweep;

import io.oodseg.config.MethodParams;
import io.oodseg.score.ClusterFlags;
import io.oodseg.udfs.metrics.BinnedCounts;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.Serializable;
import java.util.EnumSet;

/**
 * The resolution of a held-out row's bootstrap interval: each held-out image's pixels placed in the
 * sweep's own bins ({@link ClusterHistograms}: {@code 2 × bins} per configuration, flagged and
 * unflagged clusters apart for {@code fused}), one table per image with the bin indices as scores,
 * resampled over images by the udfs bootstrap at one bin per index. The sweep ranks configurations
 * at this resolution; uniform bins over the raw score range could not resolve the fused score,
 * whose flagged pixels lie {@code 2^20} above the others.
 *
 * @param bins the sweep's bins per score range
 * @param scoreRanges per stored confidence map, {lowest, highest} of {@code -confidence}
 * @param replicates bootstrap replicates
 * @param seed bootstrap seed
 */
record HeldOutBins(int bins, double[][] scoreRanges, int replicates, long seed)
    implements Serializable {
  /** Suffix of the result key under which an item's binned tables are pooled. */
  static final String SUFFIX = "#bins";

  /** One image's table of a configuration: counts per sweep bin, the bin index as score. */
  ScoreCounts table(
      float[] confidence,
      int[] pixels,
      byte[] label,
      int clusters,
      int confidenceIndex,
      MethodParams method,
      ClusterFlags flags,
      int positive,
      int voidValue) {
    BinnedCounts binning =
        new BinnedCounts(scoreRanges[confidenceIndex][0], scoreRanges[confidenceIndex][1], bins);
    ClusterHistograms h =
        new ClusterHistograms(confidence, pixels, label, clusters, binning, positive, voidValue);
    long[] p = new long[2 * bins];
    long[] n = new long[2 * bins];
    h.addTo(p, n, method.scoreMode(), flags.statistics(), flags.flagged(), binning);
    return BinnedCounts.table(p, n);
  }

  /** Pooling options of the binned tables: one bootstrap bin per sweep bin. */
  MetricsOptions options() {
    return MetricsOptions.defaults()
        .withProtocols(EnumSet.of(Protocol.EXACT))
        .withBinned(2 * bins, 0, 2 * bins)
        .withBootstrap(replicates, seed);
  }
}
