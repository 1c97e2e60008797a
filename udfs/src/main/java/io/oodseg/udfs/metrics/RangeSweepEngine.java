package io.oodseg.udfs.metrics;

import java.io.Serializable;
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
 * The distributed exact sweep behind {@link PooledExactMetrics} and {@link PooledMetrics}, in the
 * style of MLlib's {@code BinaryClassificationMetrics}: per-score counts, split into descending
 * score ranges, merged per range, and swept per range from cumulative offsets. The driver only
 * handles per-key samples and per-range summaries, never per-pixel data.
 *
 * <p>Passes over the rows: (a) a bounded, deterministic sample of each key's distinct scores picks
 * up to {@code numRanges - 1} descending boundaries; (b) the rows' counts summed per (key, range)
 * give each range its starting TP/FP offsets and the counts at the next range's highest score; (c)
 * every row is sliced by range, the slices are shuffled in the compact {@link PackedCounts} form so
 * that each (key, range) lands in its own partition, where they are merged ({@link CountsMerger})
 * and swept at once by a {@link Sweeper} (nothing is persisted); (d) the driver gets the partials
 * of each key in range order. Which sweep runs is the caller's: the result does not depend on how
 * the rows are partitioned.
 */
final class RangeSweepEngine {
  /** Sample size per range when picking boundaries. */
  private static final int SAMPLES_PER_RANGE = 64;

  /** Minimum sample size per key when there is more than one range. */
  private static final int MIN_SAMPLES = 256;

  private RangeSweepEngine() {}

  /** A sweep of one range, fed its merged entries in descending score order. */
  interface Sweeper<P> extends PixelTabulator.Sink {
    /** Positives swept so far, those above the range included. */
    long truePositives();

    /** Negatives swept so far, those above the range included. */
    long falsePositives();

    /** The partial result of the range (call once, after the last entry). */
    P finish();
  }

  /** Starts the sweep of a range; serializable, as it runs in tasks. */
  interface Factory<P> extends Serializable {
    Sweeper<P> start(RangeInfo range);
  }

  /** Partials of one key in sweep (descending score) order, with the key's totals. */
  static final class KeyPartials<P> {
    final List<P> partials;
    final long positives;
    final long negatives;

    KeyPartials(List<P> partials, long positives, long negatives) {
      this.partials = partials;
      this.positives = positives;
      this.negatives = negatives;
    }
  }

  /**
   * Sweeps every key of {@code rows}; see the class comment.
   *
   * @param rows read three times (cache it if it is costly to compute; it must give the same rows
   *     each time); K must be serializable with value-based {@code equals}/{@code hashCode}
   * @param numRanges number of score ranges per key, &ge; 1
   * @throws IllegalStateException if {@code rows} gave different rows to different passes
   */
  static <K, P extends Serializable> Map<K, KeyPartials<P>> run(
      JavaPairRDD<K, ScoreCounts> rows, int numRanges, Factory<P> factory) {
    return run(rows, RowEntries.TABLES, numRanges, factory);
  }

  /**
   * Sweeps every key of {@code rows}, read by {@code entries}; see {@link #run(JavaPairRDD, int,
   * Factory)}.
   */
  static <K, R, P extends Serializable> Map<K, KeyPartials<P>> run(
      JavaPairRDD<K, R> rows, RowEntries<R> entries, int numRanges, Factory<P> factory) {
    if (numRanges < 1) {
      throw new IllegalArgumentException("numRanges must be >= 1, was " + numRanges);
    }
    Map<K, double[]> bounds = chooseBoundaries(rows, entries, numRanges);
    if (bounds.isEmpty()) {
      return new LinkedHashMap<>();
    }
    Map<K, Integer> keyIndex = new HashMap<>();
    for (K key : bounds.keySet()) {
      keyIndex.put(key, keyIndex.size());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<Map<K, double[]>> boundsBc = jsc.broadcast(bounds);
    Broadcast<Map<Tuple2<K, Integer>, RangeInfo>> startsBc = null;
    try {
      Map<Tuple2<K, Integer>, RangeInfo.Totals> rangeTotals =
          new HashMap<>(
              rows.flatMapToPair(row -> rangeTotals(row, entries, boundsBc.value()))
                  .reduceByKey(RangeInfo.Totals::plus)
                  .collectAsMap());
      Map<K, long[]> keyTotals = keyTotals(rangeTotals);
      Broadcast<Map<Tuple2<K, Integer>, RangeInfo>> starts =
          jsc.broadcast(startOffsets(bounds, rangeTotals, keyTotals));
      startsBc = starts;
      Map<Tuple2<K, Integer>, P> partials =
          new HashMap<>(
              rows.flatMapToPair(row -> splitByRange(row, entries, boundsBc.value()))
                  .partitionBy(new RangeKeyPartitioner(keyIndex, numRanges))
                  .mapPartitionsToPair(slices -> mergeAndSweep(slices, starts.value(), factory))
                  .collectAsMap());
      return inRangeOrder(bounds, partials, keyTotals);
    } finally {
      boundsBc.destroy();
      if (startsBc != null) {
        startsBc.destroy();
      }
    }
  }

  /** Step (a): per-key boundaries from a bounded bottom-k sample of distinct scores. */
  private static <K, R> Map<K, double[]> chooseBoundaries(
      JavaPairRDD<K, R> rows, RowEntries<R> entries, int numRanges) {
    int capacity = numRanges == 1 ? 0 : Math.max(MIN_SAMPLES, SAMPLES_PER_RANGE * numRanges);
    Map<K, ScoreSketch> sketches =
        rows.aggregateByKey(
                new ScoreSketch(capacity),
                (sketch, row) -> sketch.addRow(row, entries),
                ScoreSketch::mergeWith)
            .collectAsMap();
    Map<K, double[]> bounds = new LinkedHashMap<>();
    for (Map.Entry<K, ScoreSketch> e : sketches.entrySet()) {
      bounds.put(e.getKey(), e.getValue().boundaries(numRanges));
    }
    return bounds;
  }

  /** Step (b): the totals of each non-empty range of one row. */
  private static <K, R> Iterator<Tuple2<Tuple2<K, Integer>, RangeInfo.Totals>> rangeTotals(
      Tuple2<K, R> row, RowEntries<R> entries, Map<K, double[]> allBounds) {
    return keyed(row._1(), RangeSlicer.totals(row._2(), entries, allBounds.get(row._1())));
  }

  /** Step (c): the non-empty slices of one row, packed, keyed by (key, range index). */
  static <K, R> Iterator<Tuple2<Tuple2<K, Integer>, PackedCounts>> splitByRange(
      Tuple2<K, R> row, RowEntries<R> entries, Map<K, double[]> allBounds) {
    return keyed(row._1(), RangeSlicer.slices(row._2(), entries, allBounds.get(row._1())));
  }

  /** Per-range values of one row, keyed by (key, range index). */
  private static <K, V> Iterator<Tuple2<Tuple2<K, Integer>, V>> keyed(
      K key, List<Tuple2<Integer, V>> byRange) {
    List<Tuple2<Tuple2<K, Integer>, V>> out = new ArrayList<>(byRange.size());
    for (Tuple2<Integer, V> t : byRange) {
      out.add(new Tuple2<>(new Tuple2<>(key, t._1()), t._2()));
    }
    return out.iterator();
  }

  /**
   * Step (c), after the shuffle: merges the slices of each (key, range) of a partition (one, with
   * {@link RangeKeyPartitioner}) and sweeps the merge as it comes out, never building it.
   */
  private static <K, P> Iterator<Tuple2<Tuple2<K, Integer>, P>> mergeAndSweep(
      Iterator<Tuple2<Tuple2<K, Integer>, PackedCounts>> slices,
      Map<Tuple2<K, Integer>, RangeInfo> starts,
      Factory<P> factory) {
    Map<Tuple2<K, Integer>, CountsMerger> mergers = new HashMap<>();
    while (slices.hasNext()) {
      Tuple2<Tuple2<K, Integer>, PackedCounts> slice = slices.next();
      mergers.computeIfAbsent(slice._1(), k -> newMerger(starts.get(k))).add(slice._2());
    }
    List<Tuple2<Tuple2<K, Integer>, P>> out = new ArrayList<>();
    for (Map.Entry<Tuple2<K, Integer>, CountsMerger> e : mergers.entrySet()) {
      RangeInfo range = starts.get(e.getKey());
      Sweeper<P> sweep = factory.start(range);
      e.getValue().drainTo(sweep);
      if (sweep.truePositives() != range.tpBefore + range.rangeP
          || sweep.falsePositives() != range.fpBefore + range.rangeN) {
        throw changedRows(e.getKey());
      }
      out.add(new Tuple2<>(e.getKey(), sweep.finish()));
    }
    return out.iterator();
  }

  /** A merger sized for the single pixels a range can hold: no more than its entries or pixels. */
  private static CountsMerger newMerger(RangeInfo range) {
    if (range == null) {
      throw changedRows("a range");
    }
    return new CountsMerger(
        CountsMerger.capacity(range.rangeP, range.entries),
        CountsMerger.capacity(range.rangeN, range.entries));
  }

  private static IllegalStateException changedRows(Object rangeKey) {
    return new IllegalStateException(
        "the rows of " + rangeKey + " changed between passes; is the input deterministic?");
  }

  /** Per key {P, N}, summed over its ranges. */
  private static <K> Map<K, long[]> keyTotals(Map<Tuple2<K, Integer>, RangeInfo.Totals> ranges) {
    Map<K, long[]> totals = new HashMap<>();
    for (Map.Entry<Tuple2<K, Integer>, RangeInfo.Totals> e : ranges.entrySet()) {
      long[] t = totals.computeIfAbsent(e.getKey()._1(), k -> new long[2]);
      t[0] = Math.addExact(t[0], e.getValue().positives);
      t[1] = Math.addExact(t[1], e.getValue().negatives);
    }
    return totals;
  }

  /** The {@link RangeInfo} of every non-empty (key, range), cumulated in descending order. */
  private static <K> Map<Tuple2<K, Integer>, RangeInfo> startOffsets(
      Map<K, double[]> bounds,
      Map<Tuple2<K, Integer>, RangeInfo.Totals> rangeTotals,
      Map<K, long[]> keyTotals) {
    Map<Tuple2<K, Integer>, RangeInfo> starts = new HashMap<>();
    for (Map.Entry<K, double[]> e : bounds.entrySet()) {
      long[] total = keyTotals.getOrDefault(e.getKey(), new long[2]);
      List<Integer> present = new ArrayList<>();
      for (int r = 0; r <= e.getValue().length; r++) {
        if (rangeTotals.containsKey(new Tuple2<>(e.getKey(), r))) {
          present.add(r);
        }
      }
      long tp = 0;
      long fp = 0;
      for (int i = 0; i < present.size(); i++) {
        Tuple2<K, Integer> rangeKey = new Tuple2<>(e.getKey(), present.get(i));
        RangeInfo.Totals t = rangeTotals.get(rangeKey);
        RangeInfo.Totals next =
            i + 1 < present.size()
                ? rangeTotals.get(new Tuple2<>(e.getKey(), present.get(i + 1)))
                : null;
        starts.put(rangeKey, new RangeInfo(tp, fp, total[0], total[1], t, next));
        tp += t.positives;
        fp += t.negatives;
      }
    }
    return starts;
  }

  /** Step (d): partials of each key in range order. */
  private static <K, P> Map<K, KeyPartials<P>> inRangeOrder(
      Map<K, double[]> bounds, Map<Tuple2<K, Integer>, P> partials, Map<K, long[]> keyTotals) {
    Map<K, KeyPartials<P>> out = new LinkedHashMap<>();
    for (Map.Entry<K, double[]> e : bounds.entrySet()) {
      List<P> inOrder = new ArrayList<>();
      for (int r = 0; r <= e.getValue().length; r++) {
        P p = partials.get(new Tuple2<>(e.getKey(), r));
        if (p != null) {
          inOrder.add(p);
        }
      }
      long[] total = keyTotals.getOrDefault(e.getKey(), new long[2]);
      out.put(e.getKey(), new KeyPartials<>(inOrder, total[0], total[1]));
    }
    return out;
  }
}
