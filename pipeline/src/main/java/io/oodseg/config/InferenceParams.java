package io.oodseg.config;

import java.io.Serializable;

/**
 * How inference is run; none of it changes a result.
 *
 * @param batchSize images per forward pass
 * @param partitions partitions of the image list; 0 = Spark's default parallelism
 * @param threads libtorch intra-op threads; 0 = libtorch's default
 */
public record InferenceParams(int batchSize, int partitions, int threads) implements Serializable {}
