package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import io.oodseg.config.UsageException;
import io.oodseg.engine.HostFacts;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model loaded on one device, checked against its descriptor, shared by every task of the
 * executor JVM that runs on that device. Predictors are cheap; make one per task and close it.
 */
public final class LoadedModel {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
  private final ZooModel<NDList, NDList> model;
  private final ModelDescriptor descriptor;
  private final Placement placement;
  private volatile NumericsReport report;
  private RuntimeException failure;

  LoadedModel(ZooModel<NDList, NDList> model, ModelDescriptor descriptor, Placement placement) {
    this.model = model;
    this.descriptor = descriptor;
    this.placement = placement;
  }

  /** A new predictor with the given translator; the caller closes it. */
  public <I, O> Predictor<I, O> newPredictor(Translator<I, O> translator) {
    return model.newPredictor(translator, device());
  }

  /** A new manager on the model's device; the caller closes it. */
  public ai.djl.ndarray.NDManager newManager() {
    return model.getNDManager().newSubManager(device());
  }

  public ModelDescriptor descriptor() {
    return descriptor;
  }

  public Device device() {
    return placement.device();
  }

  /** The underlying DJL model (for checks that run raw forward passes). */
  public ZooModel<NDList, NDList> zooModel() {
    return model;
  }

  /**
   * This JVM's numerics report of the model: the probe's result with the host facts (a probe result
   * of {@code off} until {@link #probe()} has run).
   */
  public NumericsReport report() {
    NumericsReport r = report;
    return r != null
        ? r
        : new NumericsReport(
            executorId(), placement.toString(), HostFacts.here(), NumericsProbe.Result.off());
  }

  /**
   * Runs the descriptor's numerics probe once: later calls return at once, or throw the first
   * call's fault again (tasks waiting on a model whose probe failed fail alike).
   */
  synchronized void probe() {
    if (report != null) {
      return;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      runProbe();
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private void runProbe() {
    if (descriptor.probe() == null) {
      throw new UsageException(
          "model descriptor of "
              + descriptor.name()
              + " ("
              + descriptor.fileUri()
              + ") has no probe block, so its numbers cannot be checked on this host: write one with "
              + "`/usr/bin/python3 notebooks/numerics_probe.py --descriptor <the .conf>` (the export scripts write it), "
              + "or set inference.probe = false to run unchecked");
    }
    NumericsProbe.Result result =
        NumericsProbe.run(model.getBlock(), model.getNDManager(), descriptor, device());
    report = new NumericsReport(executorId(), placement.toString(), HostFacts.here(), result);
    LOG.info(
        "numerics probe of {} on {} passed: {} recipes x {} repeats, worst deviation {} of its tolerance, "
            + "{} s",
        descriptor.name(),
        placement,
        result.recipes(),
        result.repeats(),
        String.format(java.util.Locale.ROOT, "%.3f", result.worst()),
        String.format(java.util.Locale.ROOT, "%.2f", result.seconds()));
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? "driver" : env.executorId();
  }

  /** Frees the model (models of the cache stay loaded for the life of the JVM). */
  public void close() {
    model.close();
  }
}
