package io.oodseg.wiring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.Resampler;
import java.util.ArrayList;
import java.util.List;

/** Which model outputs the method reads, and how they are brought to its grid and size. */
public final class ModelOutputs {
  private final int[] featureOutputs;
  private final int logitsOutput;
  private final FeatureGrid grid;

  public ModelOutputs(ModelDescriptor d, MethodParams method) {
    List<String> levels = method.levels();
    featureOutputs =
        levels.isEmpty()
            ? new int[] {d.deepestFeatures()}
            : levels.stream().mapToInt(d::outputIndex).toArray();
    logitsOutput = d.logitsIndex();
    int stride =
        method.gridStride() > 0 ? method.gridStride() : d.outputs().get(featureOutputs[0]).stride();
    grid = new FeatureGrid(d.height() / stride, d.width() / stride, method.norm());
  }

  public FeatureGrid grid() {
    return grid;
  }

  /** The chosen feature maps {@code [D_i, h_i, w_i]} of image {@code index}. */
  public NDList features(NDList batch, int index) {
    NDList levels = new NDList();
    for (int o : featureOutputs) {
      levels.add(batch.get(o).get(index));
    }
    return levels;
  }

  /** The confidence maps {@code [H*W]} of image {@code index}, logits resized bilinearly first. */
  public List<NDArray> confidences(NDList batch, int index, int height, int width) {
    NDArray logits = Resampler.bilinear(batch.get(logitsOutput).get(index), height, width);
    List<NDArray> flat = new ArrayList<>();
    for (NDArray map : Confidence.computeAll(logits)) {
      flat.add(map.reshape(-1));
    }
    return flat;
  }
}
