package io.oodseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.testing.Ndarrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LloydScript} gives, bit for bit, what Lloyd's iterations give when run one DJL call at a
 * time (the device engine's loop before the module, kept here as the reference): the same
 * assignments, iteration count and final centres.
 */
class LloydScriptTest {
  /** The reference: each operation of an iteration a DJL call, as the module's script states. */
  private static LloydScript.Outcome stepByStep(
      NDArray rows, NDArray start, double threshold, int maxIter) {
    try (NDScope outer = new NDScope()) {
      NDArray centers = start.duplicate();
      int clusters = (int) centers.getShape().get(0);
      NDArray squaredNorms = rows.square().sum(new int[] {1}, true);
      NDArray clusterIds = rows.getManager().arange(0, clusters, 1, DataType.INT64).expandDims(0);
      NDArray assignments = assign(rows, squaredNorms, centers);
      int iterations = 0;
      while (iterations < maxIter) {
        iterations++;
        NDArray oneHot = assignments.expandDims(1).eq(clusterIds).toType(DataType.FLOAT32, false);
        NDArray counts = oneHot.sum(new int[] {0}).expandDims(1);
        NDArray sums = oneHot.transpose().matMul(rows);
        NDArray empty = counts.eq(0).toType(DataType.FLOAT32, false);
        NDArray moved = sums.div(counts.maximum(1f)).add(centers.mul(empty));
        double shift = moved.sub(centers).square().sum(new int[] {1}).max().getFloat();
        assignments = assign(rows, squaredNorms, moved);
        centers = moved;
        if (shift <= threshold) {
          break;
        }
      }
      long[] labels = assignments.toLongArray();
      int[] out = new int[labels.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) labels[i];
      }
      return new LloydScript.Outcome(out, iterations, centers.toFloatArray());
    }
  }

  private static NDArray assign(NDArray rows, NDArray squaredNorms, NDArray centers) {
    NDArray centerNorms = centers.square().sum(new int[] {1}).expandDims(0);
    return squaredNorms.sub(rows.matMul(centers.transpose()).mul(2)).add(centerNorms).argMin(1);
  }

  /**
   * Overlapping Gaussian clouds (rounding decides many a nearest centre) with {@code distinct}
   * different rows at most (0 = all different), and the first k rows as seeds.
   */
  private static float[] clouds(int n, int dims, int distinct, long seed) {
    Random random = new Random(seed);
    float[] data = new float[n * dims];
    for (int i = 0; i < n; i++) {
      int source = distinct > 0 ? i % distinct : i;
      Random row = distinct > 0 ? new Random(seed * 1000 + source) : random;
      float shift = (source % 3) * 0.7f;
      for (int d = 0; d < dims; d++) {
        data[i * dims + d] = (float) row.nextGaussian() + (d % 5 == 0 ? shift : 0f);
      }
    }
    return data;
  }

  @ParameterizedTest(name = "n={0} dims={1} k={2} maxIter={3} tol={4} distinct={5}")
  @CsvSource({
    "2048, 96, 8, 50, 1e-4, 0",
    "2048, 96, 2, 50, 1e-4, 0",
    "4096, 48, 37, 50, 1e-4, 0",
    "1500, 33, 16, 300, 0, 0",
    "800, 16, 8, 1, 1e-4, 0",
    "800, 16, 8, 0, 1e-4, 0",
    "600, 12, 6, 50, 1e-4, 3"
  })
  void givesTheStepByStepLoopsResultsBitForBit(
      int n, int dims, int k, int maxIter, double tol, int distinct) {
    try (NDManager m = Ndarrays.cpu()) {
      NDArray rows = m.create(clouds(n, dims, distinct, n + k), new Shape(n, dims));
      NDArray seeds = rows.get("0:" + k);
      double threshold = tol * 0.9;
      LloydScript.Outcome expected = stepByStep(rows, seeds, threshold, maxIter);
      LloydScript.Outcome actual = LloydScript.run(rows, seeds, threshold, maxIter);
      assertThat(actual.iterations()).isEqualTo(expected.iterations());
      assertThat(actual.assignments()).isEqualTo(expected.assignments());
      assertThat(actual.centers()).containsExactly(expected.centers());
      if (maxIter > 1 && distinct == 0) {
        assertThat(actual.iterations()).as("iterations run").isGreaterThan(1);
      }
      if (distinct > 0) {
        // seeds repeat the rows' three values: some clusters are emptied and keep their centre
        assertThat(java.util.Arrays.stream(actual.assignments()).distinct().count()).isLessThan(k);
      }
    }
  }
}
