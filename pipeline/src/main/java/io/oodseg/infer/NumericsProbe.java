package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.oodseg.config.UsageException;
import io.oodseg.engine.HostFacts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks at model load that libtorch computes on this host what the reference computed
 * (docs/numerics.md). The probe recipes of the descriptor run as one batch, {@code repeats} times.
 * The run stops ({@link NumericsFault}) when an output holds a non-finite value, when two repeats
 * differ in any bit, or when a statistic of an output is off by more than the device's relative
 * tolerance {@code t}:
 *
 * <ul>
 *   <li>sum and sum of absolute values: |got − expected| ≤ t · Σ|expected|;
 *   <li>sum of squares: |got − expected| ≤ 2t · expected;
 *   <li>min, max and the sampled values: |got − expected| ≤ t · max(|min|, |max|).
 * </ul>
 */
public final class NumericsProbe {
  private static final int SHOWN = 4;

  private NumericsProbe() {}

  /**
   * The probe's outcome on one device.
   *
   * @param outcome {@code passed}, {@code off} (turned off by {@code inference.probe})
   * @param recipes probe images
   * @param repeats forward passes of them
   * @param worst largest deviation as a share of its tolerance (below 1 passes)
   * @param seconds time the probe took
   */
  public record Result(String outcome, int recipes, int repeats, double worst, double seconds)
      implements Serializable {
    /** The result of a probe turned off. */
    public static Result off() {
      return new Result("off", 0, 0, 0, 0);
    }
  }

  /** Runs the descriptor's probe on {@code block} (loaded on {@code device}); throws on a fault. */
  public static Result run(Block block, NDManager parent, ModelDescriptor d, Device device) {
    ProbeSpec spec = d.probe();
    for (ProbeSpec.Recipe recipe : spec.recipes()) {
      if (recipe.expected().size() != d.outputs().size()) {
        throw new UsageException(
            "model descriptor of "
                + d.name()
                + ": probe recipe "
                + recipe.label()
                + " has expected values for "
                + recipe.expected().size()
                + " outputs, the descriptor names "
                + d.outputs().size()
                + "; write the probe again (notebooks/numerics_probe.py)");
      }
    }
    long start = System.nanoTime();
    int n = spec.recipes().size();
    int size = 3 * d.height() * d.width();
    float[] input = new float[n * size];
    for (int r = 0; r < n; r++) {
      ProbeSpec.Recipe recipe = spec.recipes().get(r);
      System.arraycopy(
          ProbeInputs.image(recipe.kind(), recipe.seed(), d.height(), d.width()),
          0,
          input,
          r * size,
          size);
    }
    Shape shape = new Shape(n, 3, d.height(), d.width());
    List<String> problems = new ArrayList<>();
    float[][] first = null;
    for (int rep = 1; rep <= spec.repeats() && problems.isEmpty(); rep++) {
      float[][] got = forward(block, parent, device, input, shape);
      problems.addAll(nonFinite(got, d, n, "repeat " + rep + ", recipe "));
      if (first == null) {
        first = got;
      } else if (problems.isEmpty()) {
        problems.addAll(differences(first, got, d, "repeat " + rep + " against repeat 1"));
      }
    }
    double tolerance = spec.tolerance(device.getDeviceType());
    double worst = 0;
    if (problems.isEmpty()) {
      for (int r = 0; r < n; r++) {
        ProbeSpec.Recipe recipe = spec.recipes().get(r);
        for (int o = 0; o < first.length; o++) {
          int per = first[o].length / n;
          float[] values = Arrays.copyOfRange(first[o], r * per, (r + 1) * per);
          worst =
              Math.max(
                  worst,
                  compare(
                      values,
                      recipe.expected().get(o),
                      tolerance,
                      "output " + d.outputs().get(o).name() + " (recipe " + recipe.label() + ")",
                      problems));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw fault(d, device, problems);
    }
    return new Result("passed", n, spec.repeats(), worst, (System.nanoTime() - start) / 1e9);
  }

  /** One forward pass of {@code input}; every output copied to the host as floats. */
  static float[][] forward(
      Block block, NDManager parent, Device device, float[] input, Shape shape) {
    try (NDManager m = parent.newSubManager(device)) {
      NDArray x = m.create(input, shape);
      NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
      float[][] values = new float[out.size()][];
      for (int i = 0; i < out.size(); i++) {
        values[i] = out.get(i).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      }
      return values;
    }
  }

  /** Problems naming the first non-finite value of each output, per image of the batch. */
  static List<String> nonFinite(float[][] outputs, ModelDescriptor d, int images, String where) {
    List<String> problems = new ArrayList<>();
    for (int o = 0; o < outputs.length; o++) {
      int per = outputs[o].length / images;
      for (int i = 0; i < outputs[o].length; i++) {
        if (!Float.isFinite(outputs[o][i])) {
          problems.add(
              "output "
                  + d.outputs().get(o).name()
                  + " ("
                  + where
                  + (i / per + 1)
                  + "): non-finite value "
                  + outputs[o][i]
                  + " at index "
                  + (i % per)
                  + ", expected a finite value");
          break;
        }
      }
    }
    return problems;
  }

  /** Problems naming the first differing value of each output between two passes. */
  static List<String> differences(float[][] a, float[][] b, ModelDescriptor d, String what) {
    List<String> problems = new ArrayList<>();
    for (int o = 0; o < a.length; o++) {
      for (int i = 0; i < a[o].length; i++) {
        if (Float.floatToRawIntBits(a[o][i]) != Float.floatToRawIntBits(b[o][i])) {
          problems.add(
              "output "
                  + d.outputs().get(o).name()
                  + " ("
                  + what
                  + "): value at flat index "
                  + i
                  + " expected "
                  + a[o][i]
                  + " (as before), got "
                  + b[o][i]);
          break;
        }
      }
    }
    return problems;
  }

  private static double compare(
      float[] values, ProbeSpec.Expected e, double t, String what, List<String> problems) {
    double sum = 0;
    double sumAbs = 0;
    double sumSq = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float f : values) {
      double v = f;
      sum += v;
      sumAbs += Math.abs(v);
      sumSq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = Math.max(Math.abs(e.min()), Math.abs(e.max()));
    double worst = 0;
    worst = Math.max(worst, check(what, "sum", e.sum(), sum, t * e.sumAbs(), problems));
    worst =
        Math.max(
            worst, check(what, "sum of |values|", e.sumAbs(), sumAbs, t * e.sumAbs(), problems));
    worst =
        Math.max(
            worst, check(what, "sum of squares", e.sumSq(), sumSq, 2 * t * e.sumSq(), problems));
    worst = Math.max(worst, check(what, "min", e.min(), min, t * range, problems));
    worst = Math.max(worst, check(what, "max", e.max(), max, t * range, problems));
    for (int j = 0; j < e.sampleIndex().length; j++) {
      int i = e.sampleIndex()[j];
      double got = i < values.length ? values[i] : Double.NaN;
      worst =
          Math.max(
              worst,
              check(what, "value at index " + i, e.sampleValue()[j], got, t * range, problems));
    }
    return worst;
  }

  private static double check(
      String what,
      String stat,
      double expected,
      double got,
      double allowed,
      List<String> problems) {
    double dev = Math.abs(got - expected);
    double share = allowed > 0 ? dev / allowed : (dev == 0 ? 0 : Double.POSITIVE_INFINITY);
    if (!(share <= 1)) {
      problems.add(
          what
              + ": "
              + stat
              + " expected "
              + expected
              + ", got "
              + got
              + " (allowed ±"
              + (float) allowed
              + ")");
    }
    return Double.isNaN(share) ? Double.POSITIVE_INFINITY : share;
  }

  private static NumericsFault fault(ModelDescriptor d, Device device, List<String> problems) {
    String shown =
        String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
            + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : "");
    return new NumericsFault(
        "numerics probe of model "
            + d.name()
            + " failed on "
            + device
            + ": "
            + shown
            + ". Reference: "
            + d.probe().reference()
            + ". This host: "
            + HostFacts.here().describe()
            + ". Remedy: keep oneDNN off AVX-512 (ONEDNN_MAX_CPU_ISA=AVX2 in the environment of the driver and "
            + "executors, which oodseg sets unless another value is given); check the host with `oodseg doctor`; "
            + "see docs/numerics.md. (inference.probe = false skips this check: not advised.)");
  }
}
