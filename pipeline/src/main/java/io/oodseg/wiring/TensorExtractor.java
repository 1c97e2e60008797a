package io.oodseg.wiring;

import ai.djl.ndarray.NDArray;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.MethodParams;
import io.oodseg.image.ImageTensors;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelDescriptor;
import java.util.List;

/**
 * The {@code mllib} engine's device step: brings each image's feature grid rows, its k-means++
 * seeds (the same as the device engine's) and its confidence maps into the JVM for clustering by
 * Spark MLlib. This is the one place where feature maps leave the device, as the design allows for
 * this engine.
 */
public final class TensorExtractor implements BatchAnalyzer<ImageTensors> {
  private final ModelOutputs outputs;
  private final int confidence;
  private final DeviceKMeans kmeans;

  public TensorExtractor(ModelDescriptor d, MethodParams method) {
    this.outputs = new ModelOutputs(d, method);
    this.confidence = method.confidence().ordinal();
    this.kmeans = DeviceKMeans.of(method.kmeans());
  }

  @Override
  public ImageTensors analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
    long t0 = System.nanoTime();
    FeatureGrid grid = outputs.grid(batch, image.labelHeight(), image.labelWidth());
    NDArray rows = outputs.rows(grid, batch, index);
    DeviceKMeans.Start start = kmeans.start(rows);
    int h = image.labelHeight();
    int w = image.labelWidth();
    List<NDArray> maps = outputs.confidences(batch, index, h, w);
    float[][] confidences = new float[maps.size()][];
    for (int i = 0; i < confidences.length; i++) {
      confidences[i] = maps.get(i).toFloatArray();
    }
    float[] cells = cellMeans(confidences[confidence], w, h, grid.height(), grid.width());
    times.add(StageTimes.SCORING, System.nanoTime() - t0);
    return new ImageTensors(
        image.record(),
        w,
        h,
        grid.height(),
        grid.width(),
        (int) rows.getShape().get(1),
        rows.toFloatArray(),
        cells,
        start.centers().toFloatArray(),
        start.threshold(),
        confidences,
        image.label(),
        times,
        null,
        null);
  }

  /** Mean of a map {@code [H*W]} over the pixels of each grid cell (nearest-cell assignment). */
  static float[] cellMeans(float[] map, int width, int height, int gridHeight, int gridWidth) {
    double[] sums = new double[gridHeight * gridWidth];
    int[] counts = new int[sums.length];
    for (int y = 0; y < height; y++) {
      int gy = Math.min(gridHeight - 1, y * gridHeight / height);
      for (int x = 0; x < width; x++) {
        int cell = gy * gridWidth + Math.min(gridWidth - 1, x * gridWidth / width);
        sums[cell] += map[y * width + x];
        counts[cell]++;
      }
    }
    float[] out = new float[sums.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts[i] == 0 ? Float.NaN : (float) (sums[i] / counts[i]);
    }
    return out;
  }

  @Override
  public ImageTensors failure(ImageRecord record, String stage, String reason) {
    return ImageTensors.failure(record, stage, reason);
  }
}
