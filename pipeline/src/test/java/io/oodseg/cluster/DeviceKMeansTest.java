package io.oodseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.oodseg.config.KMeansParams;
import io.oodseg.testing.Ndarrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceKMeansTest {
  /** Four tight Gaussian blobs in 16 dimensions, 200 points each, shuffled; returns the truth. */
  private static int[] blobs(float[] data, int n, int dims, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[4][dims];
    for (int c = 0; c < 4; c++) {
      for (int d = 0; d < dims; d++) {
        centres[c][d] = (float) random.nextGaussian() * 5;
      }
    }
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = random.nextInt(4);
      for (int d = 0; d < dims; d++) {
        data[i * dims + d] = centres[truth[i]][d] + (float) random.nextGaussian() * 0.3f;
      }
    }
    return truth;
  }

  @Test
  void recoversKnownClustersExactly() {
    int n = 800;
    int dims = 16;
    float[] data = new float[n * dims];
    int[] truth = blobs(data, n, dims, 3);
    try (NDManager m = Ndarrays.cpu()) {
      NDArray rows = m.create(data, new Shape(n, dims));
      DeviceKMeans.Result result = DeviceKMeans.of(new KMeansParams(4, 50, 1e-4, 42)).fit(rows);
      assertThat(result.clusters()).isEqualTo(4);
      Map<Integer, Integer> truthToCluster = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Integer previous = truthToCluster.putIfAbsent(truth[i], result.assignments()[i]);
        assertThat(previous == null || previous == result.assignments()[i])
            .as("point %d of blob %d split from its blob", i, truth[i])
            .isTrue();
      }
      Set<Integer> used = new HashSet<>(truthToCluster.values());
      assertThat(used).as("each blob has its own cluster").hasSize(4);
    }
  }

  @Test
  void sameSeedSameAssignments() {
    float[] data = new float[300 * 8];
    blobs(data, 300, 8, 11);
    try (NDManager m = Ndarrays.cpu()) {
      NDArray rows = m.create(data, new Shape(300, 8));
      int[] first = DeviceKMeans.of(new KMeansParams(6, 30, 1e-4, 7)).fit(rows).assignments();
      int[] second = DeviceKMeans.of(new KMeansParams(6, 30, 1e-4, 7)).fit(rows).assignments();
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void fitEachGivesEverySettingTheResultOfItsOwnFit() {
    float[] data = new float[600 * 12];
    blobs(data, 600, 12, 5);
    java.util.List<KMeansParams> settings =
        java.util.List.of(
            new KMeansParams(4, 50, 1e-4, 42),
            new KMeansParams(32, 50, 1e-4, 42),
            new KMeansParams(8, 50, 1e-4, 42),
            new KMeansParams(6, 50, 1e-4, 42),
            new KMeansParams(20, 50, 1e-4, 42),
            new KMeansParams(10, 3, 1e-2, 42),
            new KMeansParams(24, 50, 1e-4, 42),
            new KMeansParams(8, 50, 1e-4, 7));
    try (NDManager m = Ndarrays.cpu()) {
      NDArray rows = m.create(data, new Shape(600, 12));
      java.util.List<DeviceKMeans.Result> each = DeviceKMeans.fitEach(rows, settings);
      assertThat(each).hasSize(settings.size());
      for (int i = 0; i < settings.size(); i++) {
        DeviceKMeans.Result alone = DeviceKMeans.of(settings.get(i)).fit(rows);
        assertThat(each.get(i).assignments())
            .as("%s", settings.get(i))
            .isEqualTo(alone.assignments());
        assertThat(each.get(i).clusters()).isEqualTo(alone.clusters());
        assertThat(each.get(i).iterations()).isEqualTo(alone.iterations());
      }
      // the shared seeding is not the same for every k: settings differ where they should
      assertThat(each.get(1).assignments()).isNotEqualTo(each.get(0).assignments());
      assertThat(each.get(7).assignments()).isNotEqualTo(each.get(2).assignments());
    }
  }

  @Test
  void kIsClampedToTheNumberOfRowsAndMustBeAtLeastTwo() {
    try (NDManager m = Ndarrays.cpu()) {
      NDArray rows = m.create(new float[] {0, 0, 1, 1, 5, 5}, new Shape(3, 2));
      DeviceKMeans.Result result = DeviceKMeans.of(new KMeansParams(8, 10, 1e-4, 1)).fit(rows);
      assertThat(result.clusters()).isEqualTo(3);
      assertThat(new HashSet<>(java.util.Arrays.stream(result.assignments()).boxed().toList()))
          .hasSize(3);
    }
    assertThatThrownBy(() -> DeviceKMeans.of(new KMeansParams(1, 10, 1e-4, 1)))
        .hasMessageContaining("kmeans.k must be at least 2, got 1");
  }
}
