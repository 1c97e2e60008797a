package io.oodseg.config;

import java.io.Serializable;

/**
 * How inference is run; none of it changes a result.
 *
 * @param batchSize images per forward pass
 * @param partitions partitions of the image list; 0 = Spark's default parallelism
 * @param threads libtorch intra-op threads; 0 = libtorch's default
 * @param progressSeconds seconds between console progress lines of the inference stage; 0 = none
 */
public record InferenceParams(int batchSize, int partitions, int threads, int progressSeconds)
    implements Serializable {
  /** Without a progress line. */
  public InferenceParams(int batchSize, int partitions, int threads) {
    this(batchSize, partitions, threads, 0);
  }
}
