package io.oodseg.udfs.metrics;

import java.io.Serializable;

/**
 * How {@link RangeSweepEngine} reads a per-image row: its entries (distinct score, positives,
 * negatives) by descending score. Rows are plain tables or the sorted keys of {@link
 * CompactCounts}, which are read without building a table.
 */
@FunctionalInterface
interface RowEntries<R> extends Serializable {
  /** Plain tables. */
  RowEntries<ScoreCounts> TABLES = ScoreCounts::emitDescending;

  /** Compact counts, counted from their keys as they are read. */
  RowEntries<CompactCounts> COMPACT = CompactCounts::emit;

  /** Feeds {@code sink} every entry of {@code row}, by descending score. */
  void emit(R row, PixelTabulator.Sink sink);
}
