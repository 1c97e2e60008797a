package io.oodseg.wiring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.FaultPlan;
import io.oodseg.config.MethodParams;
import io.oodseg.config.MetricsParams;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.score.ImageScorer;
import java.util.List;

/**
 * The device engine's chain for one image after the forward pass: K-Means on the feature grid on
 * the model's device, then {@link ImageScorer} on the confidence maps of the logits brought to the
 * label's size. Only counts and a few numbers leave the device.
 */
public final class ImageAnalyzer implements BatchAnalyzer<ImageOutcome> {
  private final ModelOutputs outputs;
  private final DeviceKMeans kmeans;
  private final ImageScorer scorer;
  private final FaultPlan faults;

  public ImageAnalyzer(
      ModelDescriptor d, MethodParams method, MetricsParams metrics, FaultPlan faults) {
    this.faults = faults;
    this.outputs = new ModelOutputs(d, method);
    this.kmeans = DeviceKMeans.of(method.kmeans());
    this.scorer = new ImageScorer(method, metrics);
  }

  @Override
  public ImageOutcome analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
    faults.maybeFail("clustering");
    long t0 = System.nanoTime();
    FeatureGrid grid = outputs.grid(batch, image.labelHeight(), image.labelWidth());
    DeviceKMeans.Result clusters;
    try (NDScope scope = new NDScope()) {
      clusters = kmeans.fit(outputs.rows(grid, batch, index));
    }
    times.add(StageTimes.CLUSTERING, System.nanoTime() - t0);
    List<NDArray> confidences =
        outputs.confidences(batch, index, image.labelHeight(), image.labelWidth());
    return score(image, clusters, grid, confidences, times);
  }

  /**
   * The last step of {@link #analyze}: the image's clusters on {@code grid} scored with its
   * confidence maps at label size, counted against its label.
   */
  public ImageOutcome score(
      DecodedImage image,
      DeviceKMeans.Result clusters,
      FeatureGrid grid,
      List<NDArray> confidences,
      StageTimes times) {
    return scorer.score(
        image.record(),
        clusters.assignments(),
        clusters.clusters(),
        grid.height(),
        grid.width(),
        confidences,
        image.label(),
        image.labelWidth(),
        image.labelHeight(),
        times);
  }

  @Override
  public ImageOutcome failure(ImageRecord record, String stage, String reason) {
    return ImageOutcome.failure(record, stage, reason);
  }
}
