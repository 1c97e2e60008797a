package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;

/**
 * A model loaded on one device, checked against its descriptor, shared by every task of the
 * executor JVM that runs on that device. Predictors are cheap; make one per task and close it.
 */
public final class LoadedModel {
  private final ZooModel<NDList, NDList> model;
  private final ModelDescriptor descriptor;
  private final Device device;

  LoadedModel(ZooModel<NDList, NDList> model, ModelDescriptor descriptor, Device device) {
    this.model = model;
    this.descriptor = descriptor;
    this.device = device;
  }

  /** A new predictor with the given translator; the caller closes it. */
  public <I, O> Predictor<I, O> newPredictor(Translator<I, O> translator) {
    return model.newPredictor(translator, device);
  }

  /** A new manager on the model's device; the caller closes it. */
  public ai.djl.ndarray.NDManager newManager() {
    return model.getNDManager().newSubManager(device);
  }

  public ModelDescriptor descriptor() {
    return descriptor;
  }

  public Device device() {
    return device;
  }

  void close() {
    model.close();
  }
}
