package io.oodseg.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Binned counts of every configuration of a clustering group over some images (one partition, then
 * merged), kept per image split ({@link ImageSplit}; one split without {@code sweep.select-on}):
 * positives and negatives per bin, {@code 2 * bins} per configuration and split, and the images'
 * cluster assignments.
 */
final class GroupPartial implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The clustering of one image: cluster per grid cell (row-major), the clusters used, the grid's
   * shape.
   */
  record Assigned(String imageId, int[] assignments, int clusters, int gridHeight, int gridWidth)
      implements Serializable {}

  private final int configs;

  /** Per slot {@code split * configs + config}, positives per bin. */
  final long[][] pos;

  /** Per slot {@code split * configs + config}, negatives per bin. */
  final long[][] neg;

  /** Images per split. */
  final long[] images;

  final List<Assigned> assigned = new ArrayList<>();

  GroupPartial(int configs, int bins, int splits) {
    this.configs = configs;
    pos = new long[splits * configs][2 * bins];
    neg = new long[splits * configs][2 * bins];
    images = new long[splits];
  }

  /** The slot of configuration {@code config}'s counts in split {@code split}. */
  int slot(int split, int config) {
    return split * configs + config;
  }

  /** Adds {@code other}'s counts (not its assignments) into this; returns this. */
  GroupPartial merge(GroupPartial other) {
    for (int c = 0; c < pos.length; c++) {
      for (int b = 0; b < pos[c].length; b++) {
        pos[c][b] += other.pos[c][b];
        neg[c][b] += other.neg[c][b];
      }
    }
    for (int s = 0; s < images.length; s++) {
      images[s] += other.images[s];
    }
    return this;
  }

  /** The same counts without the assignments (what travels to the driver). */
  GroupPartial countsOnly() {
    int bins = pos.length == 0 ? 1 : pos[0].length / 2;
    return new GroupPartial(configs, bins, images.length).merge(this);
  }

  /**
   * Configuration {@code config}'s {positives, negatives} per bin, summed over the splits taken.
   */
  long[][] counts(int config, IntPredicate splits) {
    int width = pos.length == 0 ? 0 : pos[0].length;
    long[][] out = new long[2][width];
    for (int s = 0; s < images.length; s++) {
      if (splits.test(s)) {
        for (int b = 0; b < width; b++) {
          out[0][b] += pos[slot(s, config)][b];
          out[1][b] += neg[slot(s, config)][b];
        }
      }
    }
    return out;
  }

  /** Images in the splits taken. */
  long images(IntPredicate splits) {
    long n = 0;
    for (int s = 0; s < images.length; s++) {
      n += splits.test(s) ? images[s] : 0;
    }
    return n;
  }
}
