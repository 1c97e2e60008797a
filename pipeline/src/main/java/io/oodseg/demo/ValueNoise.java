package io.oodseg.demo;

import java.util.random.RandomGenerator;

/** Smooth random field: a coarse random grid, bilinearly interpolated, values in [0, 1]. */
final class ValueNoise {
  private final float[] grid;
  private final int cols;
  private final int cell;

  ValueNoise(int width, int height, int cell, RandomGenerator rnd) {
    this.cell = cell;
    this.cols = width / cell + 2;
    int rows = height / cell + 2;
    grid = new float[cols * rows];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = rnd.nextFloat();
    }
  }

  float at(int x, int y) {
    float fx = (float) x / cell;
    float fy = (float) y / cell;
    int gx = (int) fx;
    int gy = (int) fy;
    float tx = fx - gx;
    float ty = fy - gy;
    float top = grid[gy * cols + gx] * (1 - tx) + grid[gy * cols + gx + 1] * tx;
    float bottom = grid[(gy + 1) * cols + gx] * (1 - tx) + grid[(gy + 1) * cols + gx + 1] * tx;
    return top * (1 - ty) + bottom * ty;
  }
}
