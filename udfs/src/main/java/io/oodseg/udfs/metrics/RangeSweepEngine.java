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
 * up to {@code numRanges - 1} descending boundaries (more when a key has so many entries that a
 * range would hold more than {@link #MAX_RANGE_ENTRIES}: a merge task's memory stays bounded); (b)
 * every row is sliced by range, and the slices are shuffled in the compact {@link PackedCounts}
 * form so that each (key, range) lands in its own partition, together with each row's totals of
 * every range of the key (a few numbers per range); (c) each partition sums the totals it got into
 * its range's {@link RangeInfo} (its starting TP/FP offsets, the key's totals, the counts at the
 * next range's highest score), then merges its slices ({@link CountsMerger}) and sweeps them at
 * once with a {@link Sweeper} (nothing is persisted); (d) the driver gets the partials of each key
 * in range order. Which sweep runs is the caller's: the result does not depend on how the rows are
 * partitioned.
 */
final class RangeSweepEngine {
  /** Sample size per range when picking boundaries. */
  private static final int SAMPLES_PER_RANGE = 64;

  /** Minimum sample size per key when there is more than one range. */
  private static final int MIN_SAMPLES = 256;

  /**
   * Most entries a range is meant to hold: with more, a key gets more ranges than asked for. A
   * merge task holds its range's slices (about 4.25 bytes per entry) and then its sort columns (4
   * bytes, and 4 more while sorting), about 140 MB at this size.
   */
  static final long MAX_RANGE_ENTRIES = 1L << 24;

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
   * @param rows read twice (cache it if it is costly to compute; it must give the same rows each
   *     time); K must be serializable with value-based {@code equals}/{@code hashCode}
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
    Map<K, ScoreSketch> sketches = sample(rows, entries, numRanges);
    int ranges = numRanges;
    for (ScoreSketch sketch : sketches.values()) {
      ranges = Math.max(ranges, rangesFor(numRanges, sketch.entries()));
    }
    Map<K, double[]> bounds = new LinkedHashMap<>();
    for (Map.Entry<K, ScoreSketch> e : sketches.entrySet()) {
      bounds.put(e.getKey(), e.getValue().boundaries(ranges));
    }
    if (bounds.isEmpty()) {
      return new LinkedHashMap<>();
    }
    Map<K, Integer> keyIndex = new HashMap<>();
    for (K key : bounds.keySet()) {
      keyIndex.put(key, keyIndex.size());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    Broadcast<Map<K, double[]>> boundsBc = jsc.broadcast(bounds);
    try {
      Map<Tuple2<K, Integer>, RangePartial<P>> partials =
          new HashMap<>(
              rows.flatMapToPair(row -> splitByRange(row, entries, boundsBc.value()))
                  .partitionBy(new RangeKeyPartitioner(keyIndex, ranges))
                  .mapPartitionsToPair(pieces -> mergeAndSweep(pieces, factory))
                  .collectAsMap());
      Map<K, KeyPartials<P>> out = inRangeOrder(bounds, partials);
      if (numRanges > 1) { // the sample counted the pixels it read: the same rows?
        for (Map.Entry<K, KeyPartials<P>> e : out.entrySet()) {
          ScoreSketch sketch = sketches.get(e.getKey());
          if (sketch.positives() != e.getValue().positives
              || sketch.negatives() != e.getValue().negatives) {
            throw changedRows(e.getKey());
          }
        }
      }
      return out;
    } finally {
      boundsBc.destroy();
    }
  }

  /**
   * Ranges for a key of {@code entries} entries when {@code numRanges} were asked for: at least
   * that many, and enough to keep each under about {@link #MAX_RANGE_ENTRIES} entries, as far as
   * the sample (sized for {@code numRanges}) can tell them apart. One range stays one range (no
   * sample is taken then).
   */
  static int rangesFor(int numRanges, long entries) {
    if (numRanges == 1) {
      return 1;
    }
    long needed = (entries + MAX_RANGE_ENTRIES - 1) / MAX_RANGE_ENTRIES;
    return (int) Math.max(numRanges, Math.min(needed, sampleSize(numRanges) / 8));
  }

  /** Distinct scores sampled per key for {@code numRanges} ranges (none for one range). */
  private static int sampleSize(int numRanges) {
    return numRanges == 1 ? 0 : Math.max(MIN_SAMPLES, SAMPLES_PER_RANGE * numRanges);
  }

  /** Step (a): per key, a bounded bottom-k sample of distinct scores, for the boundaries. */
  private static <K, R> Map<K, ScoreSketch> sample(
      JavaPairRDD<K, R> rows, RowEntries<R> entries, int numRanges) {
    return new LinkedHashMap<>(
        rows.aggregateByKey(
                new ScoreSketch(sampleSize(numRanges)),
                (sketch, row) -> sketch.addRow(row, entries),
                ScoreSketch::mergeWith)
            .collectAsMap());
  }

  /**
   * What a row sends to the partition of one (key, range): its entries in the range, or its totals
   * of every range of the key.
   *
   * @param slice the row's entries in the range, or null
   * @param totals the row's totals of every range by range index (null where the row has no entry),
   *     or null
   */
  record Piece(PackedCounts slice, RangeInfo.Totals[] totals) implements Serializable {}

  /**
   * Step (b): the non-empty slices of one row, packed, keyed by (key, range index), and the row's
   * totals of every range, to each range of the key.
   */
  static <K, R> Iterator<Tuple2<Tuple2<K, Integer>, Piece>> splitByRange(
      Tuple2<K, R> row, RowEntries<R> entries, Map<K, double[]> allBounds) {
    K key = row._1();
    double[] bounds = allBounds.get(key);
    List<RangeSlicer.Slice> slices = RangeSlicer.slices(row._2(), entries, bounds);
    List<Tuple2<Tuple2<K, Integer>, Piece>> out = new ArrayList<>();
    if (slices.isEmpty()) {
      return out.iterator();
    }
    RangeInfo.Totals[] totals = new RangeInfo.Totals[bounds.length + 1];
    for (RangeSlicer.Slice slice : slices) {
      totals[slice.range()] = slice.totals();
      out.add(new Tuple2<>(new Tuple2<>(key, slice.range()), new Piece(slice.entries(), null)));
    }
    Piece rowTotals = new Piece(null, totals);
    for (int r = 0; r < totals.length; r++) {
      out.add(new Tuple2<>(new Tuple2<>(key, r), rowTotals));
    }
    return out.iterator();
  }

  /**
   * The sweep's result of one (key, range), with the key's totals.
   *
   * @param partial the range's partial result
   * @param positives positives of the key
   * @param negatives negatives of the key
   */
  record RangePartial<P>(P partial, long positives, long negatives) implements Serializable {}

  /**
   * Step (c), after the shuffle: sums the rows' totals of each (key, range) of a partition (one,
   * with {@link RangeKeyPartitioner}) into its {@link RangeInfo}, merges its slices and sweeps the
   * merge as it comes out, never building it.
   */
  private static <K, P> Iterator<Tuple2<Tuple2<K, Integer>, RangePartial<P>>> mergeAndSweep(
      Iterator<Tuple2<Tuple2<K, Integer>, Piece>> pieces, Factory<P> factory) {
    Map<Tuple2<K, Integer>, List<PackedCounts>> slices = new HashMap<>();
    Map<Tuple2<K, Integer>, RangeInfo.Totals[]> totals = new HashMap<>();
    while (pieces.hasNext()) {
      Tuple2<Tuple2<K, Integer>, Piece> piece = pieces.next();
      if (piece._2().slice() != null) {
        slices.computeIfAbsent(piece._1(), k -> new ArrayList<>()).add(piece._2().slice());
      } else {
        totals.merge(piece._1(), piece._2().totals(), RangeSweepEngine::plus);
      }
    }
    List<Tuple2<Tuple2<K, Integer>, RangePartial<P>>> out = new ArrayList<>();
    for (Map.Entry<Tuple2<K, Integer>, List<PackedCounts>> e : slices.entrySet()) {
      RangeInfo.Totals[] all = totals.get(e.getKey());
      int r = e.getKey()._2();
      if (all == null || r >= all.length || all[r] == null) {
        throw changedRows(e.getKey());
      }
      RangeInfo range = rangeInfo(all, r);
      CountsMerger merger = newMerger(range);
      List<PackedCounts> mine = e.getValue();
      for (int i = 0; i < mine.size(); i++) {
        merger.add(mine.get(i));
        mine.set(i, null); // held by the merger now
      }
      Sweeper<P> sweep = factory.start(range);
      merger.drainTo(sweep);
      if (sweep.truePositives() != range.tpBefore + range.rangeP
          || sweep.falsePositives() != range.fpBefore + range.rangeN) {
        throw changedRows(e.getKey());
      }
      out.add(
          new Tuple2<>(e.getKey(), new RangePartial<>(sweep.finish(), range.totalP, range.totalN)));
    }
    return out.iterator();
  }

  /** Range by range, the totals of both rows (a range empty in one is the other's). */
  private static RangeInfo.Totals[] plus(RangeInfo.Totals[] a, RangeInfo.Totals[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException(
          "rows cut into " + a.length + " and " + b.length + " ranges of the same key");
    }
    RangeInfo.Totals[] sum = new RangeInfo.Totals[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] == null ? b[i] : b[i] == null ? a[i] : a[i].plus(b[i]);
    }
    return sum;
  }

  /**
   * The {@link RangeInfo} of non-empty range {@code r} of a key whose ranges have these totals
   * (null where empty): offsets cumulated over the ranges above it, in descending order.
   */
  private static RangeInfo rangeInfo(RangeInfo.Totals[] ranges, int r) {
    long totalP = 0;
    long totalN = 0;
    long tp = 0;
    long fp = 0;
    RangeInfo.Totals next = null;
    for (int i = 0; i < ranges.length; i++) {
      RangeInfo.Totals t = ranges[i];
      if (t == null) {
        continue;
      }
      totalP = Math.addExact(totalP, t.positives);
      totalN = Math.addExact(totalN, t.negatives);
      if (i < r) {
        tp += t.positives;
        fp += t.negatives;
      } else if (i > r && next == null) {
        next = t;
      }
    }
    return new RangeInfo(tp, fp, totalP, totalN, ranges[r], next);
  }

  /** A merger sized for the single pixels a range can hold: no more than its entries or pixels. */
  private static CountsMerger newMerger(RangeInfo range) {
    return new CountsMerger(
        CountsMerger.capacity(range.rangeP, range.entries),
        CountsMerger.capacity(range.rangeN, range.entries));
  }

  private static IllegalStateException changedRows(Object rangeKey) {
    return new IllegalStateException(
        "the rows of " + rangeKey + " changed between passes; is the input deterministic?");
  }

  /** Step (d): partials of each key in range order, with the key's totals. */
  private static <K, P> Map<K, KeyPartials<P>> inRangeOrder(
      Map<K, double[]> bounds, Map<Tuple2<K, Integer>, RangePartial<P>> partials) {
    Map<K, KeyPartials<P>> out = new LinkedHashMap<>();
    for (Map.Entry<K, double[]> e : bounds.entrySet()) {
      List<P> inOrder = new ArrayList<>();
      long positives = 0;
      long negatives = 0;
      for (int r = 0; r <= e.getValue().length; r++) {
        RangePartial<P> p = partials.get(new Tuple2<>(e.getKey(), r));
        if (p != null) {
          inOrder.add(p.partial());
          positives = p.positives();
          negatives = p.negatives();
        }
      }
      out.put(e.getKey(), new KeyPartials<>(inOrder, positives, negatives));
    }
    return out;
  }
}
