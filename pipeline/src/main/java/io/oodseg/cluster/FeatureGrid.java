package io.oodseg.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import io.oodseg.config.FeatureNorm;
import io.oodseg.config.UpsamplingParams;
import io.oodseg.infer.Resampler;

/**
 * Builds the rows K-Means clusters: the chosen feature levels of one image, each resampled to one
 * grid and concatenated along channels, one row per grid cell, optionally L2-normalised. A level is
 * resampled bilinearly, or, when it is coarser than the grid and a guide image is given, by {@link
 * JointBilateral}. Everything stays on the levels' device.
 */
public final class FeatureGrid {
  private final int gridHeight;
  private final int gridWidth;
  private final FeatureNorm norm;
  private final UpsamplingParams upsampling;

  /** A grid whose levels are resampled bilinearly. */
  public FeatureGrid(int gridHeight, int gridWidth, FeatureNorm norm) {
    this(gridHeight, gridWidth, norm, UpsamplingParams.BILINEAR);
  }

  /**
   * @param gridHeight grid rows
   * @param gridWidth grid columns
   * @param norm row normalisation
   * @param upsampling how coarser levels are brought to the grid
   */
  public FeatureGrid(int gridHeight, int gridWidth, FeatureNorm norm, UpsamplingParams upsampling) {
    if (gridHeight < 1 || gridWidth < 1) {
      throw new IllegalArgumentException(
          "feature grid of " + gridHeight + "x" + gridWidth + " cells: features.grid too coarse");
    }
    this.gridHeight = gridHeight;
    this.gridWidth = gridWidth;
    this.norm = norm;
    this.upsampling = upsampling;
  }

  public int cells() {
    return gridHeight * gridWidth;
  }

  public int height() {
    return gridHeight;
  }

  public int width() {
    return gridWidth;
  }

  /**
   * Rows {@code [cells, D]} from feature maps {@code [D_i, h_i, w_i]}.
   *
   * @param guide the image {@code [3,H,W]}, RGB in [0, 1], when upsampling is guided; else null
   */
  public NDArray rows(NDList levels, NDArray guide) {
    return rowsOf(stacked(levels, guide));
  }

  /**
   * The feature maps resampled to the grid and concatenated, channel-major {@code [D, cells]}: the
   * form a sweep stores, before {@link #rowsOf} makes rows of it.
   *
   * @param guide the image {@code [3,H,W]}, RGB in [0, 1], when upsampling is guided; else null
   */
  public NDArray stacked(NDList levels, NDArray guide) {
    try (NDScope scope = new NDScope()) {
      NDList resampled = new NDList(levels.size());
      for (NDArray level : levels) {
        resampled.add(resampled(level, guide));
      }
      NDArray stacked = resampled.size() == 1 ? resampled.get(0) : NDArrays.concat(resampled, 0);
      NDArray out = stacked.reshape(stacked.getShape().get(0), cells());
      NDScope.unregister(out);
      return out;
    }
  }

  private NDArray resampled(NDArray level, NDArray guide) {
    long[] shape = level.getShape().getShape();
    boolean coarser = shape[1] < gridHeight || shape[2] < gridWidth;
    if (guide != null && upsampling.guided() && coarser) {
      return new JointBilateral(upsampling).upsample(level, guide, gridHeight, gridWidth);
    }
    return Resampler.bilinear(level, gridHeight, gridWidth);
  }

  /**
   * Rows {@code [cells, D]} of a channel-major grid {@code [D, cells]}, normalised as configured.
   */
  public NDArray rowsOf(NDArray stacked) {
    NDArray rows = stacked.transpose();
    return norm == FeatureNorm.L2 ? rows.normalize(2, 1, 1e-12) : rows;
  }
}
