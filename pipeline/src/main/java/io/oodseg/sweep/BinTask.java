package io.oodseg.sweep;

import io.oodseg.config.MethodParams;
import java.io.Serializable;
import java.util.List;

/**
 * What the executors need to bin one clustering group: the clustering, each configuration's method
 * parameters with the index of its confidence map in the store, the bins and each stored map's
 * score range ({@code -confidence}).
 *
 * @param setting the clustering
 * @param featureIndex the grid's index in the store
 * @param methods method parameters of the group's configurations, in row order
 * @param confidenceIndex per configuration, the index of its confidence map in the store
 * @param bins bins per score range
 * @param scoreRanges per stored map, {lowest, highest} of {@code -confidence}
 * @param positive label value of OoD pixels
 * @param voidValue label value of ignored pixels
 * @param split the images' split whose counts are kept apart, or null to keep one total
 * @param splits the split's image sets (1 without a split)
 */
record BinTask(
    SweepPlan.ClusterSetting setting,
    int featureIndex,
    List<MethodParams> methods,
    int[] confidenceIndex,
    int bins,
    double[][] scoreRanges,
    int positive,
    int voidValue,
    ImageSplit split,
    int splits)
    implements Serializable {
  /** The image's split (0 without a split). */
  int splitOf(String imageId) {
    return split == null ? 0 : split.of(imageId);
  }
}
