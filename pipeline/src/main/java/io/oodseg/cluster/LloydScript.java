package io.oodseg.cluster;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.oodseg.engine.Libtorch;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lloyd's iterations of {@link DeviceKMeans} as one call into libtorch: the TorchScript module
 * {@code lloyd.pt} beside this class (written by {@code notebooks/export_lloyd.py}, which states
 * the iteration) runs the ATen operations that a loop of DJL calls would run, on the same shapes,
 * views and dtypes and in the same order, so its results are those of that loop bit for bit,
 * without a JNI crossing and a Java temporary per operation. The graph executor's optimizer is off
 * for the call (a fuser could change the rounding on a GPU), and back on after it unless {@code
 * ai.djl.pytorch.graph_optimizer=false} is set. One module per JVM and device, loaded on first use.
 */
final class LloydScript {
  private static final String RESOURCE = "lloyd.pt";
  private static final String OPTIMIZER_PROPERTY = "ai.djl.pytorch.graph_optimizer";
  private static final Map<Device, Model> MODULES = new ConcurrentHashMap<>();

  private LloydScript() {}

  /**
   * What the iterations gave.
   *
   * @param assignments the nearest centre of every row
   * @param iterations Lloyd iterations run
   * @param centers the centres {@code [k, D]} of the last assignment, row-major
   */
  record Outcome(int[] assignments, int iterations, float[] centers) {}

  /**
   * Lloyd's iterations on rows {@code [N, D]} (float32) from {@code centers} {@code [k, D]}: at
   * most {@code maxIter}, stopping once no centre moves more than {@code threshold} (squared).
   */
  static Outcome run(NDArray rows, NDArray centers, double threshold, int maxIter) {
    PtSymbolBlock module = module(rows.getDevice());
    NDManager manager = rows.getManager();
    JniUtils.setGraphExecutorOptimize(false);
    try (NDScope scope = new NDScope()) {
      NDList out =
          IValueUtils.forward(
              module,
              new NDList(rows, centers, manager.create(threshold), manager.create((long) maxIter)),
              false);
      long[] labels = out.get(0).toLongArray();
      int[] assignments = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        assignments[i] = (int) labels[i];
      }
      return new Outcome(assignments, (int) out.get(1).getLong(), out.get(2).toFloatArray());
    } finally {
      String optimizer = System.getProperty(OPTIMIZER_PROPERTY);
      JniUtils.setGraphExecutorOptimize(optimizer == null || Boolean.parseBoolean(optimizer));
    }
  }

  private static PtSymbolBlock module(Device device) {
    return (PtSymbolBlock) MODULES.computeIfAbsent(device, LloydScript::load).getBlock();
  }

  private static Model load(Device device) {
    Libtorch.prepare();
    Model model = Model.newInstance("oodseg-lloyd", device, Libtorch.ENGINE);
    try (InputStream in = LloydScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing beside LloydScript");
      }
      model.load(in, Map.of("mapLocation", "true"));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalStateException(
          "cannot load the K-Means module " + RESOURCE + " on " + device + ": " + e.getMessage(),
          e);
    }
  }
}
