package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Exact pooled metrics over many per-image {@link ScoreCounts} rows, computed in Spark in the
 * style of MLlib's {@code BinaryClassificationMetrics}: per-score counts, split into descending
 * score ranges, merged per range, and swept per range from cumulative offsets. The driver only
 * handles per-key samples and per-range summaries, never per-pixel data.
 *
 * <p>Three passes over the rows: (a) a bounded, deterministic sample of each key's distinct
 * scores picks up to {@code numRanges - 1} descending boundaries; (b) the rows' counts summed per
 * (key, range) give each range its starting TP/FP offsets; (c) every row is sliced by range, the
 * slices are shuffled in the compact {@link PackedCounts} form so that each (key, range) lands in
 * its own partition, where they are merged ({@link CountsMerger}) and swept with {@link CurveSweep}
 * at once (nothing is persisted); (d) the driver adds the partials in range order. The result
 * equals {@link ExactMetrics#compute} of all rows of the key merged, up to floating-point summation
 * order, and does not depend on how the rows are partitioned.
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
   * @param perImage one row per (key, image), read three times (cache it if it is costly to
   *     compute; it must give the same rows each time); K must be serializable with value-based
   *     {@code equals}/{@code hashCode} (e.g. a method name)
   * @param numRanges number of score ranges per key (parallelism of the merge and sweep), &ge; 1
   * @return metrics per key present in {@code perImage} (keys whose rows are all empty included)
   * @throws IllegalStateException if {@code perImage} gave different rows to different passes
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
    Broadcast<Map<Tuple2<K, Integer>, long[]>> startsBc = null;
    try {
      Map<Tuple2<K, Integer>, long[]> rangeTotals =
          new HashMap<>(
              perImage
                  .flatMapToPair(row -> rangeTotals(row, boundsBc.value()))
                  .reduceByKey(PooledExactMetrics::addTotals)
                  .collectAsMap());
      Map<K, long[]> keyTotals = keyTotals(rangeTotals);
      Broadcast<Map<Tuple2<K, Integer>, long[]>> starts =
          jsc.broadcast(startOffsets(bounds, rangeTotals, keyTotals));
      startsBc = starts;
      Map<Tuple2<K, Integer>, CurveSweep.Partial> partials =
          new HashMap<>(
              perImage
                  .flatMapToPair(row -> splitByRange(row, boundsBc.value()))
                  .partitionBy(new RangeKeyPartitioner(keyIndex, numRanges))
                  .mapPartitionsToPair(slices -> mergeAndSweep(slices, starts.value()))
                  .collectAsMap());
      return combine(bounds, partials, keyTotals);
    } finally {
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

  /** Receives the non-empty range {@code range} of a row: its entries {@code [from, to)}. */
  private interface RangeVisitor {
    void visit(int range, int from, int to);
  }

  /** Visits the non-empty ranges of {@code row} in descending score order. */
  private static void forEachRange(ScoreCounts row, double[] bounds, RangeVisitor visitor) {
    int start = 0;
    for (int r = 0; r <= bounds.length && start < row.size(); r++) {
      int end = r < bounds.length ? row.indexOfFirstBelowOrEqual(bounds[r]) : row.size();
      if (end > start) {
        visitor.visit(r, start, end);
        start = end;
      }
    }
  }

  /** Step (b): {positives, negatives, entries} of each non-empty range of one row. */
  private static <K> Iterator<Tuple2<Tuple2<K, Integer>, long[]>> rangeTotals(
      Tuple2<K, ScoreCounts> row, Map<K, double[]> allBounds) {
    List<Tuple2<Tuple2<K, Integer>, long[]>> out = new ArrayList<>();
    ScoreCounts counts = row._2();
    forEachRange(
        counts,
        allBounds.get(row._1()),
        (r, from, to) -> {
          long[] t = counts.totals(from, to);
          out.add(new Tuple2<>(new Tuple2<>(row._1(), r), new long[] {t[0], t[1], to - from}));
        });
    return out.iterator();
  }

  private static long[] addTotals(long[] a, long[] b) {
    return new long[] {
      Math.addExact(a[0], b[0]), Math.addExact(a[1], b[1]), Math.addExact(a[2], b[2])
    };
  }

  /** Step (c): the non-empty slices of one row, packed, keyed by (key, range index). */
  static <K> Iterator<Tuple2<Tuple2<K, Integer>, PackedCounts>> splitByRange(
      Tuple2<K, ScoreCounts> row, Map<K, double[]> allBounds) {
    List<Tuple2<Tuple2<K, Integer>, PackedCounts>> out = new ArrayList<>();
    ScoreCounts counts = row._2();
    forEachRange(
        counts,
        allBounds.get(row._1()),
        (r, from, to) ->
            out.add(new Tuple2<>(new Tuple2<>(row._1(), r), PackedCounts.pack(counts, from, to))));
    return out.iterator();
  }

  /**
   * Step (c), after the shuffle: merges the slices of each (key, range) of a partition (one, with
   * {@link RangeKeyPartitioner}) and sweeps the merge as it comes out, never building it, from the
   * range's {@link #startOffsets}.
   */
  private static <K> Iterator<Tuple2<Tuple2<K, Integer>, CurveSweep.Partial>> mergeAndSweep(
      Iterator<Tuple2<Tuple2<K, Integer>, PackedCounts>> slices,
      Map<Tuple2<K, Integer>, long[]> starts) {
    Map<Tuple2<K, Integer>, CountsMerger> mergers = new HashMap<>();
    while (slices.hasNext()) {
      Tuple2<Tuple2<K, Integer>, PackedCounts> slice = slices.next();
      mergers.computeIfAbsent(slice._1(), k -> newMerger(starts.get(k))).add(slice._2());
    }
    List<Tuple2<Tuple2<K, Integer>, CurveSweep.Partial>> out = new ArrayList<>();
    for (Map.Entry<Tuple2<K, Integer>, CountsMerger> e : mergers.entrySet()) {
      long[] start = starts.get(e.getKey());
      CurveSweep.Running run = new CurveSweep.Running(start[0], start[1], start[2], start[3]);
      e.getValue().drainTo(run);
      if (run.truePositives() != start[0] + start[4]
          || run.falsePositives() != start[1] + start[5]) {
        throw changedRows(e.getKey());
      }
      out.add(new Tuple2<>(e.getKey(), run.partial()));
    }
    return out.iterator();
  }

  /** A merger sized for the single pixels a range can hold: no more than its entries or pixels. */
  private static CountsMerger newMerger(long[] start) {
    if (start == null) {
      throw changedRows("a range");
    }
    return new CountsMerger(
        CountsMerger.capacity(start[4], start[6]), CountsMerger.capacity(start[5], start[6]));
  }

  private static IllegalStateException changedRows(Object rangeKey) {
    return new IllegalStateException(
        "the rows of " + rangeKey + " changed between passes; is the input deterministic?");
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

  /**
   * Per (key, range) {TP before, FP before, P, N, range P, range N, range entries}, cumulated in
   * descending order.
   */
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
          starts.put(rangeKey, new long[] {tp, fp, total[0], total[1], t[0], t[1], t[2]});
          tp += t[0];
          fp += t[1];
        }
      }
    }
    return starts;
  }

  /** Step (d): partials of each key added in range order. */
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
