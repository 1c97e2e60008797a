package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward passes of varied seeded inputs ({@link ProbeInputs}, seeds from 1000), each input run
 * twice: every output must be finite and both passes identical bit for bit. Catches the faults a
 * probe of a few inputs can miss (a kernel that fails on a share of calls).
 */
public final class DeterminismSoak {
  private static final int SHOWN = 5;

  private DeterminismSoak() {}

  /**
   * What the soak found.
   *
   * @param inputs batches run (each twice)
   * @param passes forward passes made
   * @param faultyInputs batches with a non-finite output or two passes that differ
   * @param problems the first few problems, described
   * @param seconds time the soak took
   */
  public record Result(
      int inputs, int passes, int faultyInputs, List<String> problems, double seconds) {
    /** Whether every pass was finite and every repeat identical. */
    public boolean clean() {
      return faultyInputs == 0;
    }
  }

  /** Runs {@code inputs} batches of {@code batch} images through {@code block}, each twice. */
  public static Result run(
      Block block, NDManager parent, ModelDescriptor d, Device device, int inputs, int batch) {
    long start = System.nanoTime();
    int size = 3 * d.height() * d.width();
    Shape shape = new Shape(batch, 3, d.height(), d.width());
    List<String> problems = new ArrayList<>();
    int faulty = 0;
    for (int i = 0; i < inputs; i++) {
      float[] input = new float[batch * size];
      for (int b = 0; b < batch; b++) {
        long seed = 1000L + (long) i * batch + b;
        System.arraycopy(
            ProbeInputs.image(seed % 2 == 0 ? "noise" : "blocks", seed, d.height(), d.width()),
            0,
            input,
            b * size,
            size);
      }
      float[][] first = NumericsProbe.forward(block, parent, device, input, shape);
      float[][] second = NumericsProbe.forward(block, parent, device, input, shape);
      List<String> found =
          new ArrayList<>(NumericsProbe.nonFinite(first, d, batch, "input " + i + ", image "));
      found.addAll(NumericsProbe.nonFinite(second, d, batch, "input " + i + " again, image "));
      if (found.isEmpty()) {
        found.addAll(
            NumericsProbe.differences(
                first, second, d, "input " + i + ", second pass against first"));
      }
      if (!found.isEmpty()) {
        faulty++;
        for (String p : found) {
          if (problems.size() < SHOWN) {
            problems.add(p);
          }
        }
      }
    }
    return new Result(
        inputs, 2 * inputs, faulty, List.copyOf(problems), (System.nanoTime() - start) / 1e9);
  }
}
