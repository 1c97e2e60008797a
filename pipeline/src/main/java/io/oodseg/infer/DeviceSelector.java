package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the device of the running task: the first GPU address Spark assigned to it
 * ({@code TaskContext.resources().get("gpu")}), else the CPU. A GPU address on a JVM whose
 * libtorch has no CUDA falls back to the CPU with one warning per JVM.
 */
public final class DeviceSelector {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);
  private static volatile boolean warned;

  private DeviceSelector() {}

  /** Device of the current Spark task (CPU outside a task). */
  public static Device forCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return Device.cpu();
    }
    scala.Option<ResourceInformation> gpu = task.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return Device.cpu();
    }
    return forAddress(gpu.get().addresses()[0]);
  }

  /** Device for a GPU address as Spark reports it. */
  static Device forAddress(String address) {
    if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
      if (!warned) {
        warned = true;
        LOG.warn("Spark assigned GPU {} but this executor's libtorch sees no CUDA device; running on CPU", address);
      }
      return Device.cpu();
    }
    return Device.gpu(Integer.parseInt(address.trim()));
  }
}
