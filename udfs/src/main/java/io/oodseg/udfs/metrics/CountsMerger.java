package io.oodseg.udfs.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges many {@link ScoreCounts} (or {@link PackedCounts}) tables into one, fast when almost every
 * entry is a single pixel, as in per-image tables of continuous scores.
 *
 * <p>Entries (1, 0) and (0, 1) are single pixels: only their scores are kept, in a positive and a
 * negative column. {@link #build} sorts both ({@link ScoreKeys}, a radix sort: a few linear passes)
 * and counts them as {@link ScoreCounts#fromPixels} does. The few other entries of each table form
 * a small table; those are merged pairwise, and counted in with the pixels. The result does not
 * depend on the order tables are added in.
 */
final class CountsMerger {
  private final ScoreKeys positives;
  private final ScoreKeys negatives;
  private final List<ScoreCounts> others = new ArrayList<>();

  /** Scratch for the other entries of the table being added, in ascending score order. */
  private final EntryBuffer other = new EntryBuffer(16);

  /** A merger with room for that many single positive and negative pixels before it grows. */
  CountsMerger(int positivesCapacity, int negativesCapacity) {
    positives = new ScoreKeys(positivesCapacity);
    negatives = new ScoreKeys(negativesCapacity);
  }

  /** See {@link ScoreCounts#mergeAll}. */
  static ScoreCounts mergeAll(List<ScoreCounts> tables) {
    long size = 0;
    long positives = 0;
    long negatives = 0;
    for (ScoreCounts table : tables) {
      size += table.size();
      positives += table.totalPositives();
      negatives += table.totalNegatives();
    }
    // single pixels are at most as many as entries, and as pixels of their label
    CountsMerger merger = new CountsMerger(capacity(size, positives), capacity(size, negatives));
    for (ScoreCounts table : tables) {
      merger.add(table);
    }
    return merger.build();
  }

  /** Room for at most {@code a} and at most {@code b} single pixels, as an array length. */
  static int capacity(long a, long b) {
    return (int) Math.min(Math.min(a, b), Integer.MAX_VALUE - 8);
  }

  /** Adds every entry of {@code table}; returns this. */
  CountsMerger add(ScoreCounts table) {
    for (int i = table.size() - 1; i >= 0; i--) {
      long p = table.positives(i);
      long q = table.negatives(i);
      if (p == 0 && q == 1) {
        negatives.add(table.score(i));
      } else if (p == 1 && q == 0) {
        positives.add(table.score(i));
      } else {
        other.add(table.score(i), p, q);
      }
    }
    endTable();
    return this;
  }

  /** Adds every entry of {@code table}; returns this. */
  CountsMerger add(PackedCounts table) {
    int escape = table.escapeCount();
    for (int i = table.size() - 1; i >= 0; i--) {
      switch (table.code(i)) {
        case PackedCounts.NEGATIVE:
          table.addScoreTo(i, negatives);
          break;
        case PackedCounts.POSITIVE:
          table.addScoreTo(i, positives);
          break;
        default:
          escape--;
          other.add(table.score(i), table.escapePositives(escape), table.escapeNegatives(escape));
      }
    }
    endTable();
    return this;
  }

  /** Turns the other entries of the table just added into a descending table. */
  private void endTable() {
    int n = other.size();
    if (n == 0) {
      return;
    }
    double[] s = new double[n];
    long[] p = new long[n];
    long[] q = new long[n];
    for (int i = 0; i < n; i++) {
      int from = n - 1 - i;
      s[i] = other.score(from);
      p[i] = other.positives(from);
      q[i] = other.negatives(from);
    }
    others.add(ScoreCounts.trusted(s, p, q));
    other.clear();
  }

  /** The merge of everything added (call once). */
  ScoreCounts build() {
    int upperBound = positives.size() + negatives.size();
    for (ScoreCounts other : others) {
      upperBound = Math.addExact(upperBound, other.size());
    }
    PixelTabulator.TableBuilder table = new PixelTabulator.TableBuilder(upperBound);
    drainTo(table);
    return table.build();
  }

  /**
   * Feeds {@code sink} the merge of everything added, entry by entry in descending score order,
   * without building the table (call once).
   */
  void drainTo(PixelTabulator.Sink sink) {
    positives.sort();
    negatives.sort();
    PixelTabulator.countSorted(positives, negatives, mergeTree(others), sink);
  }

  /** Merges tables by a balanced pairwise tree (O(total · log tables)). */
  private static ScoreCounts mergeTree(List<ScoreCounts> tables) {
    List<ScoreCounts> level = tables;
    while (level.size() > 1) {
      List<ScoreCounts> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        ScoreCounts left = level.get(i);
        next.add(i + 1 < level.size() ? ScoreCounts.merge(left, level.get(i + 1)) : left);
      }
      level = next;
    }
    return level.isEmpty() ? ScoreCounts.empty() : level.get(0);
  }
}
