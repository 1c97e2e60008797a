package io.oodseg.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.oodseg.config.UpsamplingParams;
import io.oodseg.infer.Resampler;

/**
 * Joint bilateral upsampling (Kopf et al. 2007) of a feature map {@code [D,h,w]} to {@code
 * [D,H,W]}, guided by an image, with NDArray operations on the map's own device. Output pixel
 * {@code p}, at continuous low-resolution position {@code c_p = (p + 0.5)·h/H − 0.5}, is the
 * weighted mean of the cells {@code q} within {@code radius} of its nearest cell: weight {@code
 * exp(−|q − c_p|² / 2σ_s²) · exp(−|G(p) − g(q)|² / 2σ_r²)}, where {@code G} is the guide resized
 * bilinearly to {@code H×W} and {@code g} the guide area-averaged to {@code h×w}; cells outside the
 * map have weight 0. The reference is {@code
 * pipeline/src/test/python/make_upsampling_reference.py}.
 */
public final class JointBilateral {
  private final UpsamplingParams params;

  public JointBilateral(UpsamplingParams params) {
    this.params = params;
  }

  /**
   * Upsamples {@code level} {@code [D,h,w]} to {@code [D,height,width]} guided by {@code guide}
   * {@code [3,Hg,Wg]} (RGB scaled to [0, 1], any size).
   */
  public NDArray upsample(NDArray level, NDArray guide, int height, int width) {
    long[] shape = level.getShape().getShape();
    int h = (int) shape[1];
    int w = (int) shape[2];
    NDManager manager = level.getManager();
    NDArray fine = Resampler.bilinear(guide, height, width);
    NDArray coarse =
        JniUtils.adaptiveAvgPool((PtNDArray) guide.expandDims(0), new Shape(h, w)).squeeze(0);
    Axis rows = new Axis(manager, height, h);
    Axis cols = new Axis(manager, width, w);
    int r = params.radius();
    double spatial = 2 * params.sigmaSpatial() * params.sigmaSpatial();
    double range = 2 * params.sigmaRange() * params.sigmaRange();
    NDArray numerator = manager.zeros(new Shape(shape[0], height, width));
    NDArray denominator = manager.zeros(new Shape(height, width));
    for (int dy = -r; dy <= r; dy++) {
      // one window row's temporaries ([D,H,W] arrays) are freed when it is summed
      try (NDScope scope = new NDScope()) {
        NDArray rowIndex = rows.neighbour(dy);
        // [D,h,w] -> [h,D,w] -> rows picked [H,D,w]
        NDArray levelRows = level.transpose(1, 0, 2).get(rowIndex);
        NDArray guideRows = coarse.transpose(1, 0, 2).get(rowIndex);
        NDArray wy = rows.offset(dy).square().div(-spatial).exp().mul(rows.valid(dy));
        for (int dx = -r; dx <= r; dx++) {
          NDArray colIndex = cols.neighbour(dx);
          NDArray features = pickColumns(levelRows, colIndex);
          NDArray neighbourGuide = pickColumns(guideRows, colIndex);
          NDArray wx = cols.offset(dx).square().div(-spatial).exp().mul(cols.valid(dx));
          NDArray weight =
              wy.expandDims(1)
                  .mul(wx.expandDims(0))
                  .mul(fine.sub(neighbourGuide).square().sum(new int[] {0}).div(-range).exp());
          numerator.addi(features.mul(weight.expandDims(0)));
          denominator.addi(weight);
        }
      }
    }
    return numerator.divi(denominator.maximum(Float.MIN_NORMAL).expandDims(0));
  }

  /** {@code [H,C,w]} with columns picked by {@code index [W]} → {@code [C,H,W]}. */
  private static NDArray pickColumns(NDArray rowsPicked, NDArray index) {
    return rowsPicked.transpose(2, 1, 0).get(index).transpose(1, 2, 0);
  }

  /** One axis of the output: its pixels' nearest cells and their positions on the coarse axis. */
  private static final class Axis {
    private final NDArray nearest;
    private final NDArray centre;
    private final int cells;

    Axis(NDManager manager, int pixels, int cells) {
      this.cells = cells;
      float[] centres = new float[pixels];
      float[] nearestCells = new float[pixels];
      for (int p = 0; p < pixels; p++) {
        centres[p] = (float) ((p + 0.5) * cells / pixels - 0.5);
        nearestCells[p] = (float) Math.min(cells - 1, Math.floor((p + 0.5) * cells / pixels));
      }
      this.centre = manager.create(centres);
      this.nearest = manager.create(nearestCells);
    }

    /** Index {@code [pixels]} (int64) of the neighbour {@code d} cells away, clamped to the map. */
    NDArray neighbour(int d) {
      return nearest.add(d).clip(0, cells - 1).toType(DataType.INT64, false);
    }

    /** 1 where the neighbour {@code d} cells away lies inside the map, else 0. */
    NDArray valid(int d) {
      NDArray q = nearest.add(d);
      return q.gte(0).logicalAnd(q.lte(cells - 1)).toType(DataType.FLOAT32, false);
    }

    /** Distance from each pixel's centre to the neighbour {@code d} cells away, in cells. */
    NDArray offset(int d) {
      return nearest.add(d).sub(centre);
    }
  }
}
