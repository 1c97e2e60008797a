package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Exact pooled metrics over many per-image {@link ScoreCounts} rows, computed in Spark in the
 * style of MLlib's {@code BinaryClassificationMetrics}: per-score counts, split into descending
 * score ranges, merged per range, and swept per range from cumulative offsets. The driver only
 * handles per-key samples and per-range summaries, never per-pixel data.
 *
 * <p>Steps: (a) a bounded, deterministic sample of each key's distinct scores picks up to {@code
 * numRanges - 1} descending boundaries; (b) every row is sliced by range and the slices of each
 * (key, range) are merged with {@link ScoreCounts#mergeAll} (persisted); (c) per-range totals give
 * each range its starting TP/FP offsets; (d) each range sweeps its slice with {@link CurveSweep};
 * (e) the driver adds the partials in range order. The result equals {@link
 * ExactMetrics#compute} of all rows of the key merged, up to floating-point summation order.
 */
public final class PooledExactMetrics {
  /** Sample size per range when picking boundaries. */
  private static final int SAMPLES_PER_RANGE = 64;
  /** Minimum sample size per key when there is more than one range. */
  private static final int MIN_SAMPLES = 256;

  private PooledExactMetrics() {}

  /**
   * Computes exact AP, FPR95 and AUROC per key, pooling all rows (images) of the key.
   *
   * @param perImage one row per (key, image); K must be serializable with value-based
   *     {@code equals}/{@code hashCode} (e.g. a method name)
   * @param numRanges number of score ranges per key (parallelism of the merge and sweep), &ge; 1
   * @return metrics per key present in {@code perImage} (keys whose rows are all empty included)
   */
  public static <K> Map<K, BinaryMetrics> compute(
      JavaPairRDD<K, ScoreCounts> perImage, int numRanges) {
    if (numRanges < 1) {
      throw new IllegalArgumentException("numRanges must be >= 1, was " + numRanges);
    }
    Map<K, double[]> bounds = chooseBoundaries(perImage, numRanges);
    if (bounds.isEmpty()) {
      return new LinkedHashMap<>();
    }
    Map<K, Integer> keyIndex = new HashMap<>();
    for (K key : bounds.keySet()) {
      keyIndex.put(key, keyIndex.size());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(perImage.context());
    Broadcast<Map<K, double[]>> boundsBc = jsc.broadcast(bounds);
    JavaPairRDD<Tuple2<K, Integer>, ScoreCounts> merged =
        perImage
            .flatMapToPair(row -> splitByRange(row._1(), row._2(), boundsBc.value()).iterator())
            .combineByKey(
                PooledExactMetrics::newList,
                PooledExactMetrics::addToList,
                PooledExactMetrics::concatLists,
                new RangeKeyPartitioner(keyIndex, numRanges),
                false,
                null)
            .mapValues(ScoreCounts::mergeAll)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Broadcast<Map<Tuple2<K, Integer>, long[]>> startsBc = null;
    try {
      Map<Tuple2<K, Integer>, long[]> rangeTotals =
          new HashMap<>(
              merged
                  .mapValues(c -> new long[] {c.totalPositives(), c.totalNegatives()})
                  .collectAsMap());
      Map<K, long[]> keyTotals = keyTotals(rangeTotals);
      Broadcast<Map<Tuple2<K, Integer>, long[]>> starts =
          jsc.broadcast(startOffsets(bounds, rangeTotals, keyTotals));
      startsBc = starts;
      Map<Tuple2<K, Integer>, CurveSweep.Partial> partials =
          new HashMap<>(
              merged
                  .mapToPair(e -> new Tuple2<>(e._1(), sweepFrom(e._2(), starts.value().get(e._1()))))
                  .collectAsMap());
      return combine(bounds, partials, keyTotals);
    } finally {
      merged.unpersist(false);
      boundsBc.destroy();
      if (startsBc != null) {
        startsBc.destroy();
      }
    }
  }

  /** Step (a): per-key boundaries from a bounded bottom-k sample of distinct scores. */
  private static <K> Map<K, double[]> chooseBoundaries(
      JavaPairRDD<K, ScoreCounts> perImage, int numRanges) {
    int capacity = numRanges == 1 ? 0 : Math.max(MIN_SAMPLES, SAMPLES_PER_RANGE * numRanges);
    Map<K, ScoreSketch> sketches =
        perImage
            .aggregateByKey(new ScoreSketch(capacity), ScoreSketch::addRow, ScoreSketch::mergeWith)
            .collectAsMap();
    Map<K, double[]> bounds = new LinkedHashMap<>();
    for (Map.Entry<K, ScoreSketch> e : sketches.entrySet()) {
      bounds.put(e.getKey(), e.getValue().boundaries(numRanges));
    }
    return bounds;
  }

  /** Step (b): the non-empty slices of one row, keyed by (key, range index). */
  static <K> List<Tuple2<Tuple2<K, Integer>, ScoreCounts>> splitByRange(
      K key, ScoreCounts row, Map<K, double[]> allBounds) {
    double[] bounds = allBounds.get(key);
    List<Tuple2<Tuple2<K, Integer>, ScoreCounts>> out = new ArrayList<>(bounds.length + 1);
    int start = 0;
    for (int r = 0; r <= bounds.length && start < row.size(); r++) {
      int end = r < bounds.length ? row.indexOfFirstBelowOrEqual(bounds[r]) : row.size();
      if (end > start) {
        out.add(new Tuple2<>(new Tuple2<>(key, r), row.slice(start, end)));
        start = end;
      }
    }
    return out;
  }

  private static List<ScoreCounts> newList(ScoreCounts first) {
    List<ScoreCounts> list = new ArrayList<>();
    list.add(first);
    return list;
  }

  private static List<ScoreCounts> addToList(List<ScoreCounts> list, ScoreCounts next) {
    list.add(next);
    return list;
  }

  private static List<ScoreCounts> concatLists(List<ScoreCounts> a, List<ScoreCounts> b) {
    a.addAll(b);
    return a;
  }

  /** Per key {P, N}, summed over its ranges. */
  private static <K> Map<K, long[]> keyTotals(Map<Tuple2<K, Integer>, long[]> rangeTotals) {
    Map<K, long[]> totals = new HashMap<>();
    for (Map.Entry<Tuple2<K, Integer>, long[]> e : rangeTotals.entrySet()) {
      long[] t = totals.computeIfAbsent(e.getKey()._1(), k -> new long[2]);
      t[0] = Math.addExact(t[0], e.getValue()[0]);
      t[1] = Math.addExact(t[1], e.getValue()[1]);
    }
    return totals;
  }

  /** Step (c): per (key, range) {TP before, FP before, P, N}, cumulated in descending order. */
  private static <K> Map<Tuple2<K, Integer>, long[]> startOffsets(
      Map<K, double[]> bounds,
      Map<Tuple2<K, Integer>, long[]> rangeTotals,
      Map<K, long[]> keyTotals) {
    Map<Tuple2<K, Integer>, long[]> starts = new HashMap<>();
    for (Map.Entry<K, double[]> e : bounds.entrySet()) {
      long[] total = keyTotals.getOrDefault(e.getKey(), new long[2]);
      long tp = 0;
      long fp = 0;
      for (int r = 0; r <= e.getValue().length; r++) {
        Tuple2<K, Integer> rangeKey = new Tuple2<>(e.getKey(), r);
        long[] t = rangeTotals.get(rangeKey);
        if (t != null) {
          starts.put(rangeKey, new long[] {tp, fp, total[0], total[1]});
          tp += t[0];
          fp += t[1];
        }
      }
    }
    return starts;
  }

  /** Step (d): sweeps one merged range from its offsets {TP before, FP before, P, N}. */
  private static CurveSweep.Partial sweepFrom(ScoreCounts slice, long[] start) {
    return CurveSweep.sweep(slice, start[0], start[1], start[2], start[3]);
  }

  /** Step (e): partials of each key added in range order. */
  private static <K> Map<K, BinaryMetrics> combine(
      Map<K, double[]> bounds,
      Map<Tuple2<K, Integer>, CurveSweep.Partial> partials,
      Map<K, long[]> keyTotals) {
    Map<K, BinaryMetrics> out = new LinkedHashMap<>();
    for (Map.Entry<K, double[]> e : bounds.entrySet()) {
      List<CurveSweep.Partial> inOrder = new ArrayList<>();
      for (int r = 0; r <= e.getValue().length; r++) {
        CurveSweep.Partial p = partials.get(new Tuple2<>(e.getKey(), r));
        if (p != null) {
          inOrder.add(p);
        }
      }
      long[] total = keyTotals.getOrDefault(e.getKey(), new long[2]);
      out.put(e.getKey(), CurveSweep.finish(inOrder, total[0], total[1]));
    }
    return out;
  }
}
