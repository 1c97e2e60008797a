package io.oodseg.sweep;

import ai.djl.ndarray.NDArray;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.wiring.ModelOutputs;
import java.util.List;

/**
 * The sweep's device step, once per image and (benchmark, model): every stored feature setting's
 * grid and every stored confidence map leave the device for the tensor store, computed by the same
 * code as a single run's ({@link ModelOutputs}, {@link FeatureGrid}).
 */
final class SweepExtractor implements BatchAnalyzer<StoredImage> {
  private final ModelOutputs[] outputs;
  private final List<Confidence> confidences;

  /**
   * @param descriptor the model
   * @param settings one configuration's method parameters per stored feature setting
   * @param confidences the confidence maps to store
   */
  SweepExtractor(
      ModelDescriptor descriptor, List<MethodParams> settings, List<Confidence> confidences) {
    this.outputs = new ModelOutputs[settings.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = new ModelOutputs(descriptor, settings.get(i));
    }
    this.confidences = List.copyOf(confidences);
  }

  @Override
  public StoredImage analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
    int n = outputs.length;
    float[][] grids = new float[n][];
    int[] dims = new int[n];
    int[] heights = new int[n];
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      FeatureGrid grid = outputs[i].grid(batch, image.labelHeight(), image.labelWidth());
      NDArray stacked = outputs[i].stacked(grid, batch, index);
      grids[i] = stacked.toFloatArray();
      dims[i] = (int) stacked.getShape().get(0);
      heights[i] = grid.height();
      widths[i] = grid.width();
    }
    int h = image.labelHeight();
    int w = image.labelWidth();
    List<NDArray> maps = outputs[0].confidences(batch, index, h, w);
    float[][] stored = new float[confidences.size()][];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = maps.get(confidences.get(i).ordinal()).toFloatArray();
    }
    return new StoredImage(
        image.record(), w, h, image.label(), stored, grids, dims, heights, widths, null, null);
  }

  @Override
  public StoredImage failure(ImageRecord record, String stage, String reason) {
    return StoredImage.failure(record, stage, reason);
  }
}
