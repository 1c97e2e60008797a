package io.oodseg.config;

import java.io.Serializable;

/**
 * How inference is run; none of it changes a result.
 *
 * @param batchSize images per forward pass
 * @param partitions partitions of the image list; 0 = chosen by {@link #partitionsFor}
 * @param threads libtorch intra-op threads per executor JVM; 0 = {@code spark.task.cpus} (see
 *     {@link #threadsFor})
 * @param progressSeconds seconds between console progress lines of the inference stage; 0 = none
 * @param cacheSerialized whether the run's per-image outcomes are cached serialized (robust on long
 *     runs and small executors) or as objects (faster when they fit in the heap)
 * @param probe whether each model load runs the descriptor's numerics probe (docs/numerics.md)
 */
public record InferenceParams(
    int batchSize,
    int partitions,
    int threads,
    int progressSeconds,
    boolean cacheSerialized,
    boolean probe)
    implements Serializable {
  /** Most images per partition when the partitions are left to the job ({@code partitions = 0}). */
  public static final int IMAGES_PER_PARTITION = 64;

  /** Without a progress line, outcomes cached serialized, the numerics probe on. */
  public InferenceParams(int batchSize, int partitions, int threads) {
    this(batchSize, partitions, threads, 0, true, true);
  }

  /**
   * The partitions of a list of {@code images}: the configured number, or by default Spark's
   * default parallelism, raised so that no partition holds more than {@link #IMAGES_PER_PARTITION}
   * images; never more partitions than images, never fewer than one. Small partitions keep an
   * executor's cached results, the work lost with a failed task and the unit of {@code --resume}
   * small on long benchmarks.
   *
   * @param images images to evaluate
   * @param defaultParallelism Spark's default parallelism (cores of the application)
   */
  public int partitionsFor(int images, int defaultParallelism) {
    int wanted =
        partitions > 0
            ? partitions
            : Math.max(
                defaultParallelism, (images + IMAGES_PER_PARTITION - 1) / IMAGES_PER_PARTITION);
    return Math.max(1, Math.min(wanted, images));
  }

  /**
   * The intra-op threads to give libtorch: the configured number, or by default as many as one task
   * has cores ({@code spark.task.cpus}). An executor runs as many tasks at once as it has cores per
   * task, each with its own forward passes, so more threads than that per task would oversubscribe
   * the cores (libtorch's own default is every core of the machine, per task).
   *
   * @param taskCpus cores per task ({@code spark.task.cpus}, at least 1)
   */
  public int threadsFor(int taskCpus) {
    return threads > 0 ? threads : Math.max(1, taskCpus);
  }
}
