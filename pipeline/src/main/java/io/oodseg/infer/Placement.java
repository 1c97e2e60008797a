package io.oodseg.infer;

import ai.djl.Device;

/**
 * Where a task runs its model: the GPU address Spark assigned to the task (null when it got none)
 * and the DJL device actually used. The two differ when an executor's libtorch has no CUDA: the
 * task still owns its GPU slot, the model runs on the CPU.
 *
 * @param gpuAddress Spark's resource address of the task's GPU, or null
 * @param device the device the model is loaded on
 */
public record Placement(String gpuAddress, Device device) {
  /** A placement without a Spark GPU resource. */
  public static Placement of(Device device) {
    return new Placement(null, device);
  }

  /**
   * Model cache key part: the device, prefixed by the assigned address when there is one, so tasks
   * holding different GPU slots never share a model even when both fall back to the CPU.
   */
  public String key() {
    return gpuAddress == null ? device.toString() : "gpu:" + gpuAddress + "->" + device;
  }

  @Override
  public String toString() {
    return gpuAddress == null ? device.toString() : "GPU " + gpuAddress + " (" + device + ")";
  }
}
