package io.oodseg.infer;

import com.typesafe.config.Config;
import io.oodseg.config.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The numerics probe of a model descriptor ({@code probe { ... }}, written by {@code
 * notebooks/numerics_probe.py}): seeded input recipes and, per recipe and output, the statistics a
 * Python reference forward pass gave. See {@link NumericsProbe} for the check.
 *
 * @param reference what computed the expected values (for messages)
 * @param repeats forward passes of the probe batch; all must agree bit for bit
 * @param cpuTolerance relative tolerance on a CPU
 * @param gpuTolerance relative tolerance on a GPU
 * @param recipes the inputs, each with its expected statistics per output
 * @param fingerprint digest of the block's content (part of the model cache key: a model checked
 *     against other expected values is another cache entry)
 */
public record ProbeSpec(
    String reference,
    int repeats,
    double cpuTolerance,
    double gpuTolerance,
    List<Recipe> recipes,
    String fingerprint)
    implements Serializable {

  /**
   * One seeded input and what the reference gave for it.
   *
   * @param kind {@code noise} or {@code blocks} ({@link ProbeInputs})
   * @param seed the recipe's seed
   * @param expected per model output, in the descriptor's order
   */
  public record Recipe(String kind, long seed, List<Expected> expected) implements Serializable {
    /** "noise seed 1". */
    public String label() {
      return kind + " seed " + seed;
    }
  }

  /**
   * Statistics of one output of one probe image.
   *
   * @param sum sum of the values
   * @param sumAbs sum of the absolute values
   * @param sumSq sum of the squares
   * @param min smallest value
   * @param max largest value
   * @param sampleIndex flat positions sampled ({@link ProbeInputs#sampleIndices})
   * @param sampleValue the values there
   */
  public record Expected(
      double sum,
      double sumAbs,
      double sumSq,
      double min,
      double max,
      int[] sampleIndex,
      double[] sampleValue)
      implements Serializable {}

  /**
   * Parses a descriptor's probe block (its expected values are matched to the outputs at the
   * probe).
   */
  static ProbeSpec parse(Config c, String model) {
    List<Recipe> recipes = new ArrayList<>();
    for (Config r : c.getConfigList("recipes")) {
      String kind = r.getString("kind");
      ProbeInputs.image(kind, 0, 1, 1);
      List<Expected> expected = new ArrayList<>();
      for (Config e : r.getConfigList("expected")) {
        List<? extends List<?>> samples =
            e.getList("samples").stream().map(v -> (List<?>) v.unwrapped()).toList();
        int[] idx = new int[samples.size()];
        double[] val = new double[samples.size()];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = ((Number) samples.get(i).get(0)).intValue();
          val[i] = ((Number) samples.get(i).get(1)).doubleValue();
        }
        expected.add(
            new Expected(
                e.getDouble("sum"),
                e.getDouble("sum-abs"),
                e.getDouble("sum-sq"),
                e.getDouble("min"),
                e.getDouble("max"),
                idx,
                val));
      }
      recipes.add(new Recipe(kind, r.getLong("seed"), List.copyOf(expected)));
    }
    if (recipes.isEmpty()) {
      throw new UsageException("model descriptor of " + model + ": probe.recipes is empty");
    }
    int repeats = c.getInt("repeats");
    if (repeats < 2) {
      throw new UsageException(
          "model descriptor of "
              + model
              + ": probe.repeats = "
              + repeats
              + ", at least 2 (repeats must agree)");
    }
    String text = c.root().render(com.typesafe.config.ConfigRenderOptions.concise());
    return new ProbeSpec(
        c.getString("reference"),
        repeats,
        c.getDouble("tolerance.cpu"),
        c.getDouble("tolerance.gpu"),
        List.copyOf(recipes),
        Integer.toHexString(text.hashCode()));
  }

  /** The relative tolerance on a device type ({@code cpu} or {@code gpu}). */
  public double tolerance(String deviceType) {
    return "cpu".equals(deviceType) ? cpuTolerance : gpuTolerance;
  }
}
