package io.oodseg.wiring;

import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.infer.InferencePartition;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.io.SerializableHadoopConf;

/**
 * Clustering engine {@code device} (docs/design.md §2, left branch): {@link ImageAnalyzer}
 * clusters, scores and counts each image inside the inference partition, on the model's device.
 */
public final class DeviceEngine {
  private DeviceEngine() {}

  /** The device engine: clustering, scoring and counting inside the partition. */
  public static InferencePartition<ImageOutcome> partition(
      RunConfig config, ModelDescriptor descriptor, SerializableHadoopConf hadoopConf) {
    return new InferencePartition<>(
        config,
        descriptor,
        hadoopConf,
        (d, c) -> new ImageAnalyzer(d, c.method(), c.metrics(), c.faults()));
  }
}
