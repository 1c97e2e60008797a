package io.oodseg.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.oodseg.config.FeatureNorm;
import io.oodseg.infer.Resampler;

/**
 * Builds the rows K-Means clusters: the chosen feature levels of one image, each resampled
 * (bilinear) to one grid and concatenated along channels, one row per grid cell, optionally
 * L2-normalised.
 */
public final class FeatureGrid {
  private final int gridHeight;
  private final int gridWidth;
  private final FeatureNorm norm;

  /**
   * @param gridHeight grid rows
   * @param gridWidth grid columns
   * @param norm row normalisation
   */
  public FeatureGrid(int gridHeight, int gridWidth, FeatureNorm norm) {
    this.gridHeight = gridHeight;
    this.gridWidth = gridWidth;
    this.norm = norm;
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

  /** Rows {@code [cells, D]} from feature maps {@code [D_i, h_i, w_i]}. */
  public NDArray rows(NDList levels) {
    return rowsOf(stacked(levels));
  }

  /**
   * The feature maps resampled to the grid and concatenated, channel-major {@code [D, cells]}: the
   * form a sweep stores, before {@link #rowsOf} makes rows of it.
   */
  public NDArray stacked(NDList levels) {
    NDList resampled = new NDList(levels.size());
    for (NDArray level : levels) {
      resampled.add(Resampler.bilinear(level, gridHeight, gridWidth));
    }
    NDArray stacked = resampled.size() == 1 ? resampled.get(0) : NDArrays.concat(resampled, 0);
    return stacked.reshape(stacked.getShape().get(0), cells());
  }

  /**
   * Rows {@code [cells, D]} of a channel-major grid {@code [D, cells]}, normalised as configured.
   */
  public NDArray rowsOf(NDArray stacked) {
    NDArray rows = stacked.transpose();
    return norm == FeatureNorm.L2 ? rows.normalize(2, 1, 1e-12) : rows;
  }
}
