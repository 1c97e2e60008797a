package io.oodseg.udfs.metrics;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Pooled AP, FPR95 and AUROC per key under every requested {@link Protocol}, computed in Spark from
 * per-image counts, with optional curve points, binned comparison and bootstrap interval.
 *
 * <p>The exact curve of each key is merged and swept distributed by {@link RangeSweepEngine} (the
 * machinery of {@link PooledExactMetrics}, whose values {@link Protocol#EXACT} reproduces bit for
 * bit); one sweep feeds {@code exact}, {@code ade-ood}, the {@code fpr95-*} rules and, when every
 * score is a float32 value, {@code fishyscapes}, and picks the curve points; otherwise the float32
 * cast tables get a sweep of their own. {@code smiyc} casts to float16 and bins every image ({@link
 * SmiycBinning}, at most 768 entries) and runs the same engine on those tables. The binned
 * comparison and the bootstrap share one pass of per-image {@link BinnedCounts} ({@link
 * PooledBinned}). The driver sees per-key samples, per-range partials (with at most {@code
 * curvePoints} points per key), per-image fingerprints when bootstrapping, and per-key binned sums;
 * never per-pixel data. Results do not depend on how rows are partitioned.
 */
public final class PooledMetrics {
  private PooledMetrics() {}

  /**
   * The metrics of each key under {@code protocols}.
   *
   * @param perImage one row per (key, image); read several times (three for the exact curve, one
   *     more for {@code smiyc}, one more when {@code smiyc}, {@code fishyscapes} or {@code
   *     fpr95-interp} asks which keys need a cast, three more for a key whose scores are not all
   *     float32 under {@code fishyscapes} or {@code fpr95-interp}, two more for bins): cache it if
   *     it is costly to compute; it must give the same rows each time. K must be serializable with
   *     value-based equality.
   * @param numRanges score ranges per key (parallelism of the merge and sweep), &ge; 1
   */
  public static <K> Map<K, ProtocolMetrics> compute(
      JavaPairRDD<K, ScoreCounts> perImage, Set<Protocol> protocols, int numRanges) {
    return compute(
        perImage, MetricsOptions.defaults().withProtocols(protocols).withRanges(numRanges));
  }

  /**
   * The metrics of each key as {@code options} ask; see {@link #compute(JavaPairRDD, Set, int)}.
   */
  public static <K> Map<K, ProtocolMetrics> compute(
      JavaPairRDD<K, ScoreCounts> perImage, MetricsOptions options) {
    return compute(perImage, RowEntries.TABLES, perImage, options);
  }

  /**
   * As {@link #compute(JavaPairRDD, MetricsOptions)}, for rows of {@link CompactCounts}: the exact
   * curve's passes read each row's keys without building its table (the same results, bit for bit);
   * the passes of other protocols, bins and intervals count the tables.
   */
  public static <K> Map<K, ProtocolMetrics> computeCompact(
      JavaPairRDD<K, CompactCounts> perImage, MetricsOptions options) {
    return compute(perImage, RowEntries.COMPACT, perImage.mapValues(CompactCounts::table), options);
  }

  /**
   * The exact sweep over {@code rows} read by {@code entries}; every other pass over {@code
   * perImage}, the same rows as tables.
   */
  private static <K, R> Map<K, ProtocolMetrics> compute(
      JavaPairRDD<K, R> rows,
      RowEntries<R> entries,
      JavaPairRDD<K, ScoreCounts> perImage,
      MetricsOptions options) {
    Map<K, RangeSweepEngine.KeyPartials<ProtocolSweep.Partial>> exact =
        RangeSweepEngine.run(
            rows, entries, options.ranges(), ProtocolSweep.factory(options.curvePoints()));
    boolean wantsSmiyc = options.protocols().contains(Protocol.SMIYC);
    Map<K, Integer> casts = options.needsFloat32() || wantsSmiyc ? castFlags(perImage) : Map.of();
    Map<K, RangeSweepEngine.KeyPartials<ProtocolSweep.Partial>> float32 =
        options.needsFloat32() ? float32(perImage, options, keys(casts, NOT_FLOAT32)) : Map.of();
    Map<K, RangeSweepEngine.KeyPartials<ProtocolSweep.Partial>> smiyc =
        wantsSmiyc ? smiyc(perImage, options, keys(casts, FLOAT16_OVERFLOW)) : Map.of();
    Map<K, BinnedCounts[]> bins =
        options.needsBins() ? PooledBinned.compute(perImage, options) : Map.of();
    Map<K, ProtocolMetrics> out = new LinkedHashMap<>();
    exact.forEach(
        (key, parts) -> {
          ProtocolSweep.Curve curve = combine(parts);
          BinnedCounts[] sums = bins.get(key);
          out.put(
              key,
              ProtocolMetrics.assemble(
                  key,
                  options.protocols(),
                  curve,
                  float32.containsKey(key) ? combine(float32.get(key)) : curve,
                  smiyc.containsKey(key) ? combine(smiyc.get(key)) : null,
                  sums != null && options.binned()
                      ? BinnedCounts.compare(sums[sums.length - 1], curve.step)
                      : null,
                  sums != null && options.replicates() > 0
                      ? Bootstrap.interval(sums, options.seed())
                      : null));
        });
    return out;
  }

  /**
   * Per-image metrics under {@code protocols}, computed where the rows are (nothing is collected);
   * warnings are in each value, not logged.
   */
  public static <I> JavaPairRDD<I, ProtocolMetrics> perImage(
      JavaPairRDD<I, ScoreCounts> images, Set<Protocol> protocols) {
    EnumSet<Protocol> chosen = EnumSet.copyOf(protocols);
    return images.mapValues(counts -> LocalMetrics.compute(counts, chosen));
  }

  private static ProtocolSweep.Curve combine(
      RangeSweepEngine.KeyPartials<ProtocolSweep.Partial> parts) {
    return ProtocolSweep.combine(parts.partials, parts.positives, parts.negatives);
  }

  private static final int NOT_FLOAT32 = 1;
  private static final int FLOAT16_OVERFLOW = 2;

  /** Per key with any, the OR of its images' {@link #NOT_FLOAT32} and {@link #FLOAT16_OVERFLOW}. */
  private static <K> Map<K, Integer> castFlags(JavaPairRDD<K, ScoreCounts> perImage) {
    return perImage
        .mapValues(
            t ->
                (ScoreCasts.allFloat32(t) ? 0 : NOT_FLOAT32)
                    | (ScoreCasts.overflowsFloat16(t) ? FLOAT16_OVERFLOW : 0))
        .filter(kv -> kv._2() != 0)
        .reduceByKey((a, b) -> a | b)
        .collectAsMap();
  }

  private static <K> HashSet<K> keys(Map<K, Integer> flags, int flag) {
    HashSet<K> out = new HashSet<>();
    flags.forEach(
        (k, f) -> {
          if ((f & flag) != 0) {
            out.add(k);
          }
        });
    return out;
  }

  /**
   * The float32 curve partials of the keys in {@code notFloat32} (scores cast, then the same
   * distributed sweep); every other key's float32 curve is its exact curve.
   */
  private static <K> Map<K, RangeSweepEngine.KeyPartials<ProtocolSweep.Partial>> float32(
      JavaPairRDD<K, ScoreCounts> perImage, MetricsOptions options, HashSet<K> notFloat32) {
    if (notFloat32.isEmpty()) {
      return Map.of();
    }
    return RangeSweepEngine.run(
        perImage
            .filter(kv -> notFloat32.contains(kv._1()))
            .mapValues(t -> ScoreCasts.cast(t, ScoreCasts::float32)),
        options.ranges(),
        ProtocolSweep.factory(0));
  }

  /**
   * The SMIYC curve partials: every image binned, then the same distributed sweep; keys in {@code
   * overflow} (a score beyond float16) get none.
   */
  private static <K> Map<K, RangeSweepEngine.KeyPartials<ProtocolSweep.Partial>> smiyc(
      JavaPairRDD<K, ScoreCounts> perImage, MetricsOptions options, HashSet<K> overflow) {
    JavaPairRDD<K, ScoreCounts> binned =
        perImage
            .filter(kv -> !overflow.contains(kv._1()))
            .mapValues(SmiycBinning::bin)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return RangeSweepEngine.run(binned, options.ranges(), ProtocolSweep.factory(0));
    } finally {
      binned.unpersist(false);
    }
  }
}
