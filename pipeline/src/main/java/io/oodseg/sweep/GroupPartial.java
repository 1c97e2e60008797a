package io.oodseg.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Binned counts of every configuration of a clustering group over some images (one partition, then
 * merged): positives and negatives per bin, {@code 2 * bins} per configuration, and the images'
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

  final long[][] pos;
  final long[][] neg;
  long images;
  final List<Assigned> assigned = new ArrayList<>();

  GroupPartial(int configs, int bins) {
    pos = new long[configs][2 * bins];
    neg = new long[configs][2 * bins];
  }

  /** Adds {@code other}'s counts (not its assignments) into this; returns this. */
  GroupPartial merge(GroupPartial other) {
    for (int c = 0; c < pos.length; c++) {
      for (int b = 0; b < pos[c].length; b++) {
        pos[c][b] += other.pos[c][b];
        neg[c][b] += other.neg[c][b];
      }
    }
    images += other.images;
    return this;
  }

  /** The same counts without the assignments (what travels to the driver). */
  GroupPartial countsOnly() {
    GroupPartial out = new GroupPartial(pos.length, pos.length == 0 ? 1 : pos[0].length / 2);
    return out.merge(this);
  }
}
