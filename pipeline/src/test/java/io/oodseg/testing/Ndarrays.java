package io.oodseg.testing;

import ai.djl.ndarray.NDManager;

/** NDArray managers on the CPU with the PyTorch engine, for tests of device-side stages. */
public final class Ndarrays {
  private Ndarrays() {}

  /** A new manager; the caller closes it. */
  public static NDManager cpu() {
    return NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
  }
}
