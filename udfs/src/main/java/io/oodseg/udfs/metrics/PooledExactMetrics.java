package io.oodseg.udfs.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * Exact pooled metrics over many per-image {@link ScoreCounts} rows, computed in Spark in the style
 * of MLlib's {@code BinaryClassificationMetrics} ({@link RangeSweepEngine}): per-score counts,
 * split into descending score ranges, merged per range, and swept per range from cumulative
 * offsets. The driver only handles per-key samples and per-range summaries, never per-pixel data.
 *
 * <p>The result equals {@link ExactMetrics#compute} of all rows of the key merged, up to
 * floating-point summation order, and does not depend on how the rows are partitioned. {@link
 * PooledMetrics} computes the same values (bit for bit, protocol {@link Protocol#EXACT}) along with
 * the other protocols, curves and intervals.
 */
public final class PooledExactMetrics {
  private PooledExactMetrics() {}

  /**
   * Computes exact AP, FPR95 and AUROC per key, pooling all rows (images) of the key.
   *
   * @param perImage one row per (key, image), read twice (cache it if it is costly to compute; it
   *     must give the same rows each time); K must be serializable with value-based {@code
   *     equals}/{@code hashCode} (e.g. a method name)
   * @param numRanges number of score ranges per key (parallelism of the merge and sweep), &ge; 1
   * @return metrics per key present in {@code perImage} (keys whose rows are all empty included)
   * @throws IllegalStateException if {@code perImage} gave different rows to different passes
   */
  public static <K> Map<K, BinaryMetrics> compute(
      JavaPairRDD<K, ScoreCounts> perImage, int numRanges) {
    Map<K, RangeSweepEngine.KeyPartials<CurveSweep.Partial>> swept =
        RangeSweepEngine.run(
            perImage,
            numRanges,
            range ->
                new CurveSweep.Running(range.tpBefore, range.fpBefore, range.totalP, range.totalN));
    Map<K, BinaryMetrics> out = new LinkedHashMap<>();
    swept.forEach(
        (key, k) -> out.put(key, CurveSweep.finish(k.partials, k.positives, k.negatives)));
    return out;
  }
}
