package io.oodseg.infer;

import ai.djl.Device;
import io.oodseg.engine.Libtorch;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the placement of the running task: the first GPU address Spark assigned to it ({@code
 * TaskContext.resources().get("gpu")}), else the CPU. A GPU address on a JVM whose libtorch has no
 * CUDA falls back to the CPU with one warning per JVM; the placement keeps the address, so the
 * model cache still holds one model per assigned GPU.
 */
public final class DeviceSelector {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);
  private static volatile boolean warned;

  private DeviceSelector() {}

  /** Placement of the current Spark task (CPU outside a task or without a GPU resource). */
  public static Placement forCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return Placement.of(Device.cpu());
    }
    scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return Placement.of(Device.cpu());
    }
    String address = gpu.get().addresses()[0].trim();
    Placement placement = new Placement(address, forAddress(address, gpuCount()));
    LOG.info(
        "task {} (stage {}, partition {}) was assigned GPU {}; model device {}",
        task.taskAttemptId(),
        task.stageId(),
        task.partitionId(),
        address,
        placement.device());
    return placement;
  }

  /** Device for a GPU address as Spark reports it, given how many CUDA devices libtorch sees. */
  static Device forAddress(String address, int cudaDevices) {
    if (cudaDevices == 0) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "Spark assigned GPU {} but this executor's libtorch sees no CUDA device; running on CPU "
                + "(set PYTORCH_LIBRARY_PATH to a CUDA build of libtorch {} to use the GPU)",
            address,
            Libtorch.engine().getVersion());
      }
      return Device.cpu();
    }
    int index;
    try {
      index = Integer.parseInt(address);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "GPU address \""
              + address
              + "\" from Spark's resource discovery is not a "
              + "CUDA device index; the discovery script must report indices such as \"0\"",
          e);
    }
    if (index >= cudaDevices) {
      throw new IllegalStateException(
          "Spark assigned GPU "
              + address
              + " but libtorch sees only "
              + cudaDevices
              + " CUDA device(s); check the discovery script and CUDA_VISIBLE_DEVICES of the executors");
    }
    return Device.gpu(index);
  }

  private static int gpuCount() {
    return Libtorch.engine().getGpuCount();
  }
}
