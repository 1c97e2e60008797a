package io.oodseg.wiring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.config.UpsamplingParams;
import io.oodseg.infer.InputPipeline;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.OutputSpec;
import io.oodseg.infer.Resampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** Which model outputs the method reads, and how they are brought to its grid and size. */
public final class ModelOutputs {
  private final ModelDescriptor descriptor;
  private final int[] featureOutputs;
  private final int logitsOutput;
  private final MethodParams method;
  private final int stride;

  public ModelOutputs(ModelDescriptor d, MethodParams method) {
    this.descriptor = d;
    this.method = method;
    List<String> levels = method.levels();
    if (levels.equals(List.of(MethodParams.ALL_LEVELS))) {
      featureOutputs =
          IntStream.range(0, d.outputs().size())
              .filter(i -> d.outputs().get(i).isFeatures())
              .toArray();
    } else {
      featureOutputs =
          levels.isEmpty()
              ? new int[] {d.deepestFeatures()}
              : levels.stream().mapToInt(d::outputIndex).toArray();
    }
    logitsOutput = d.logitsIndex();
    OutputSpec first = d.outputs().get(featureOutputs[0]);
    stride = method.gridStride() != 0 ? method.gridStride() : first.stride();
  }

  /**
   * How the chosen levels reach the clustering grid, for tables: {@code "stride 4, bilinear"},
   * {@code "label, joint-bilateral"}.
   */
  public String gridLabel() {
    String grid = stride == MethodParams.LABEL_GRID ? "label" : "stride " + stride;
    return grid
        + ", "
        + method.upsampling().mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The clustering grid of an image whose label is {@code labelHeight × labelWidth}: the label's
   * own size for {@code features.grid = label}, else the image's model input ({@code batch}'s, see
   * {@link InputPipeline}) divided by the grid stride, rounded up (a last partial cell covers the
   * rest of a scaled image).
   */
  public FeatureGrid grid(ModelBatch batch, int labelHeight, int labelWidth) {
    UpsamplingParams upsampling = method.upsampling();
    return stride == MethodParams.LABEL_GRID
        ? new FeatureGrid(labelHeight, labelWidth, method.norm(), upsampling)
        : new FeatureGrid(
            InputPipeline.cells(batch.inputHeight(), stride),
            InputPipeline.cells(batch.inputWidth(), stride),
            method.norm(),
            upsampling);
  }

  /** The chosen feature maps {@code [D_i, h_i, w_i]} of image {@code index}. */
  public NDList features(ModelBatch batch, int index) {
    NDList levels = new NDList();
    for (int o : featureOutputs) {
      levels.add(batch.outputs().get(o).get(index));
    }
    return levels;
  }

  /**
   * The guide of edge-aware upsampling: image {@code index} as the model saw it, its normalisation
   * undone ({@code [3,H,W]}, channels in the model's order, values in [0, 1] for {@code scale =
   * 255}); null when upsampling is not guided.
   */
  public NDArray guide(ModelBatch batch, int index) {
    if (!method.upsampling().guided()) {
      return null;
    }
    NDArray input = batch.inputs().get(index);
    NDArray std = input.getManager().create(descriptor.std()).reshape(3, 1, 1);
    NDArray mean = input.getManager().create(descriptor.mean()).reshape(3, 1, 1);
    return input.mul(std).add(mean);
  }

  /** The rows {@code [cells, D]} of image {@code index} on {@code grid}. */
  public NDArray rows(FeatureGrid grid, ModelBatch batch, int index) {
    return grid.rows(features(batch, index), guide(batch, index));
  }

  /** The channel-major grid {@code [D, cells]} of image {@code index} (a sweep stores it). */
  public NDArray stacked(FeatureGrid grid, ModelBatch batch, int index) {
    return grid.stacked(features(batch, index), guide(batch, index));
  }

  /** The confidence maps {@code [H*W]} of image {@code index}, logits resized bilinearly first. */
  public List<NDArray> confidences(ModelBatch batch, int index, int height, int width) {
    List<NDArray> flat = new ArrayList<>();
    for (NDArray map : Confidence.computeAll(logits(batch, index, height, width))) {
      flat.add(map.reshape(-1));
    }
    return flat;
  }

  /** The map {@code [H*W]} of {@code c} alone, as {@link #confidences} gives it. */
  public NDArray confidence(ModelBatch batch, int index, int height, int width, Confidence c) {
    return Confidence.computeOne(logits(batch, index, height, width), c).reshape(-1);
  }

  /** The logits {@code [C, height, width]} of image {@code index}, resized bilinearly. */
  private NDArray logits(ModelBatch batch, int index, int height, int width) {
    return Resampler.bilinear(batch.outputs().get(logitsOutput).get(index), height, width);
  }
}
