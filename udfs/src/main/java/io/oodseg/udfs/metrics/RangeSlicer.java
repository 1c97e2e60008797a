package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one row's entries, read by descending score, at a key's range boundaries (range {@code r}
 * holds the scores in {@code (b[r], b[r-1]]}): the entries of each non-empty range packed for the
 * shuffle, with their totals. One pass over the row, no table built.
 */
final class RangeSlicer {
  private RangeSlicer() {}

  /**
   * One non-empty range of a row.
   *
   * @param range the range's index
   * @param entries the row's entries in the range, packed
   * @param totals their totals
   */
  record Slice(int range, PackedCounts entries, RangeInfo.Totals totals) {}

  /** The non-empty ranges of {@code row}, in range order: entries packed, with their totals. */
  static <R> List<Slice> slices(R row, RowEntries<R> entries, double[] bounds) {
    List<Slice> out = new ArrayList<>();
    PackedCounts.Packer packer = new PackedCounts.Packer(1024);
    Cutter cutter =
        new Cutter(bounds) {
          private long positives;
          private long negatives;
          private long count;
          private double top;
          private long topPositives;
          private long topNegatives;

          @Override
          void start(double score, long p, long q) {
            positives = 0;
            negatives = 0;
            count = 0;
            top = score;
            topPositives = p;
            topNegatives = q;
          }

          @Override
          void add(double score, long p, long q) {
            positives += p;
            negatives += q;
            count++;
            packer.accept(score, p, q);
          }

          @Override
          void end(int range) {
            out.add(
                new Slice(
                    range,
                    packer.cut(),
                    new RangeInfo.Totals(
                        positives, negatives, count, top, topPositives, topNegatives)));
          }
        };
    entries.emit(row, cutter);
    cutter.finish();
    return out;
  }

  /** A sink that tells each entry's range, opening and closing the ranges as they come. */
  private abstract static class Cutter implements PixelTabulator.Sink {
    private final double[] bounds;
    private int range = -1; // the open range; -1 before the first entry

    Cutter(double[] bounds) {
      this.bounds = bounds;
    }

    @Override
    public final void accept(double score, long p, long q) {
      int r = Math.max(range, 0);
      while (r < bounds.length && score <= bounds[r]) {
        r++;
      }
      if (r != range) {
        if (range >= 0) {
          end(range);
        }
        range = r;
        start(score, p, q);
      }
      add(score, p, q);
    }

    /** Closes the last open range (call once, after the last entry). */
    final void finish() {
      if (range >= 0) {
        end(range);
      }
    }

    /** A range opens with this entry (then {@link #add}ed). */
    abstract void start(double score, long p, long q);

    abstract void add(double score, long p, long q);

    /** The open range {@code range} is complete. */
    abstract void end(int range);
  }
}
