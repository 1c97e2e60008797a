package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The distributed binned counts of every key and their {@link Bootstrap} replicates: (1) the key's
 * score range, unless given; (2) each image binned ({@link BinnedCounts}, {@code bins} longs twice)
 * and grouped by (key, fingerprint); (3) the driver gets the groups' fingerprints and
 * multiplicities (O(images) numbers, no pixel data) and broadcasts each group's replicate weights;
 * (4) each partition adds its groups' counts times their weights into per-key sums, which are added
 * across partitions. The driver receives, per key, {@code replicates + 1} binned sums ({@code
 * (replicates + 1) * bins * 16} bytes, e.g. 3.3 MB for 200 replicates of 1024 bins).
 */
final class PooledBinned {
  private PooledBinned() {}

  /** Binned sums of each key: replicates first, the full sample last. */
  static <K> Map<K, BinnedCounts[]> compute(
      JavaPairRDD<K, ScoreCounts> rows, MetricsOptions options) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<Map<K, double[]>> rangesBc = jsc.broadcast(ranges(rows, options));
    int bins = options.bins();
    int replicates = options.replicates();
    JavaPairRDD<Tuple2<K, Long>, Bootstrap.Group> groups =
        rows.mapToPair(row -> group(row, rangesBc.value().get(row._1()), bins))
            .reduceByKey(Bootstrap.Group::plus)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Broadcast<Map<Tuple2<K, Long>, int[]>> weightsBc = null;
    try {
      Map<Tuple2<K, Long>, int[]> weights =
          weights(groups.mapValues(g -> g.multiplicity).collectAsMap(), replicates, options.seed());
      Broadcast<Map<Tuple2<K, Long>, int[]>> w = jsc.broadcast(weights);
      weightsBc = w;
      return new HashMap<>(
          groups
              .mapPartitionsToPair(it -> sums(it, w.value(), rangesBc.value(), replicates))
              .reduceByKey(PooledBinned::add)
              .collectAsMap());
    } finally {
      groups.unpersist(false);
      rangesBc.destroy();
      if (weightsBc != null) {
        weightsBc.destroy();
      }
    }
  }

  /** Step (1): {lo, hi} per key, from the data (finite scores) or the options. */
  private static <K> Map<K, double[]> ranges(
      JavaPairRDD<K, ScoreCounts> rows, MetricsOptions options) {
    double lo = options.binsLo();
    double hi = options.binsHi();
    Map<K, double[]> ranges =
        new HashMap<>(
            rows.aggregateByKey(
                    new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                    (acc, row) -> widen(acc, BinnedCounts.finiteRange(row)),
                    PooledBinned::widen)
                .collectAsMap());
    ranges.replaceAll(
        (k, r) ->
            !options.dataRange() ? new double[] {lo, hi} : r[0] > r[1] ? new double[] {0, 0} : r);
    return ranges;
  }

  private static double[] widen(double[] acc, double[] range) {
    if (range != null) {
      acc[0] = Math.min(acc[0], range[0]);
      acc[1] = Math.max(acc[1], range[1]);
    }
    return acc;
  }

  /** Step (2): one image as a group of one. */
  private static <K> Tuple2<Tuple2<K, Long>, Bootstrap.Group> group(
      Tuple2<K, ScoreCounts> row, double[] range, int bins) {
    long fp = Bootstrap.fingerprint(row._2());
    return new Tuple2<>(
        new Tuple2<>(row._1(), fp),
        new Bootstrap.Group(fp, 1, new BinnedCounts(range[0], range[1], bins).add(row._2())));
  }

  /** Step (3): the weights of every group, drawn per key in fingerprint order. */
  private static <K> Map<Tuple2<K, Long>, int[]> weights(
      Map<Tuple2<K, Long>, Long> multiplicities, int replicates, long seed) {
    Map<K, Map<Long, Long>> byKey = new HashMap<>();
    multiplicities.forEach(
        (g, m) -> byKey.computeIfAbsent(g._1(), k -> new HashMap<>()).put(g._2(), m));
    Map<Tuple2<K, Long>, int[]> out = new HashMap<>();
    byKey.forEach(
        (key, groups) -> {
          List<Map.Entry<Long, Long>> ordered = Bootstrap.ordered(groups);
          long[] m = new long[ordered.size()];
          for (int g = 0; g < m.length; g++) {
            m[g] = ordered.get(g).getValue();
          }
          int[][] w = Bootstrap.weights(m, replicates, seed);
          for (int g = 0; g < m.length; g++) {
            out.put(new Tuple2<>(key, ordered.get(g).getKey()), w[g]);
          }
        });
    return out;
  }

  /** Step (4): the weighted sums of a partition's groups, per key. */
  private static <K> Iterator<Tuple2<K, BinnedCounts[]>> sums(
      Iterator<Tuple2<Tuple2<K, Long>, Bootstrap.Group>> groups,
      Map<Tuple2<K, Long>, int[]> weights,
      Map<K, double[]> ranges,
      int replicates) {
    Map<K, BinnedCounts[]> sums = new HashMap<>();
    while (groups.hasNext()) {
      Tuple2<Tuple2<K, Long>, Bootstrap.Group> g = groups.next();
      BinnedCounts counts = g._2().counts;
      BinnedCounts[] s =
          sums.computeIfAbsent(
              g._1()._1(),
              k -> Bootstrap.emptySums(replicates, counts.lo(), counts.hi(), counts.bins()));
      Bootstrap.accumulate(s, counts, weights.get(g._1()));
    }
    List<Tuple2<K, BinnedCounts[]>> out = new ArrayList<>();
    sums.forEach((k, s) -> out.add(new Tuple2<>(k, s)));
    return out.iterator();
  }

  private static BinnedCounts[] add(BinnedCounts[] a, BinnedCounts[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i].merge(b[i]);
    }
    return a;
  }
}
