package io.oodseg.config;

import java.io.Serializable;

/**
 * How inference is run; none of it changes a result.
 *
 * @param batchSize images per forward pass
 * @param partitions partitions of the image list; 0 = Spark's default parallelism
 * @param threads libtorch intra-op threads per executor JVM; 0 = {@code spark.task.cpus} (see
 *     {@link #threadsFor})
 * @param progressSeconds seconds between console progress lines of the inference stage; 0 = none
 */
public record InferenceParams(int batchSize, int partitions, int threads, int progressSeconds)
    implements Serializable {

  /** Without a progress line. */
  public InferenceParams(int batchSize, int partitions, int threads) {
    this(batchSize, partitions, threads, 0);
  }

  /**
   * The intra-op threads to give libtorch: the configured number, or by default as many as one
   * task has cores ({@code spark.task.cpus}). An executor runs as many tasks at once as it has
   * cores per task, each with its own forward passes, so more threads than that per task would
   * oversubscribe the cores (libtorch's own default is every core of the machine, per task).
   *
   * @param taskCpus cores per task ({@code spark.task.cpus}, at least 1)
   */
  public int threadsFor(int taskCpus) {
    return threads > 0 ? threads : Math.max(1, taskCpus);
  }
}
