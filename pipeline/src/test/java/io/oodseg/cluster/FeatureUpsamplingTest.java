package io.oodseg.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.config.FeatureNorm;
import io.oodseg.config.FeatureUpsampling;
import io.oodseg.config.UpsamplingParams;
import io.oodseg.testing.Ndarrays;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feature upsampling against the Python reference {@code
 * pipeline/src/test/python/make_upsampling_reference.py}: bilinear as torch's {@code F.interpolate}
 * and joint bilateral as a per-pixel loop written from the definition.
 */
class FeatureUpsamplingTest {
  private static final double TOLERANCE = 1e-5;

  private static JsonNode reference() throws IOException {
    try (InputStream in =
        FeatureUpsamplingTest.class.getResourceAsStream("/upsampling/reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static List<JsonNode> cases() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    reference().get("cases").forEach(out::add);
    return out;
  }

  private static NDArray tensor(NDManager m, JsonNode node) {
    JsonNode shape = node.get("shape");
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong();
    }
    return m.create(floats(node.get("values")), new Shape(dims));
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }

  private static UpsamplingParams jbu(JsonNode c) {
    return new UpsamplingParams(
        FeatureUpsampling.JOINT_BILATERAL,
        c.get("radius").asInt(),
        c.get("sigma-spatial").asDouble(),
        c.get("sigma-range").asDouble());
  }

  private static double maxDifference(float[] got, float[] expected) {
    assertThat(got).hasSameSizeAs(expected);
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      max = Math.max(max, Math.abs(got[i] - expected[i]));
    }
    return max;
  }

  @Test
  void bilinearMatchesTorchInterpolate() throws IOException {
    for (JsonNode c : cases()) {
      try (NDManager m = Ndarrays.cpu()) {
        FeatureGrid grid =
            new FeatureGrid(c.get("height").asInt(), c.get("width").asInt(), FeatureNorm.NONE);
        NDArray stacked = grid.stacked(new NDList(tensor(m, c.get("level"))), null);
        assertThat(maxDifference(stacked.toFloatArray(), floats(c.get("bilinear"))))
            .as(c.get("name").asText())
            .isLessThan(TOLERANCE);
      }
    }
  }

  /** Coarser grids than a level: libtorch's bilinear as DJL calls it antialiases. */
  @Test
  void bilinearDownsamplingIsAntialiasedAsTorchWithAntialias() throws IOException {
    JsonNode c = reference().get("downsampling");
    try (NDManager m = Ndarrays.cpu()) {
      FeatureGrid grid =
          new FeatureGrid(c.get("height").asInt(), c.get("width").asInt(), FeatureNorm.NONE);
      NDArray stacked = grid.stacked(new NDList(tensor(m, c.get("level"))), null);
      assertThat(maxDifference(stacked.toFloatArray(), floats(c.get("antialiased"))))
          .isLessThan(TOLERANCE);
    }
  }

  @Test
  void jointBilateralMatchesThePerPixelReference() throws IOException {
    for (JsonNode c : cases()) {
      try (NDManager m = Ndarrays.cpu()) {
        FeatureGrid grid =
            new FeatureGrid(
                c.get("height").asInt(), c.get("width").asInt(), FeatureNorm.NONE, jbu(c));
        NDArray stacked =
            grid.stacked(new NDList(tensor(m, c.get("level"))), tensor(m, c.get("guide")));
        assertThat(maxDifference(stacked.toFloatArray(), floats(c.get("joint-bilateral"))))
            .as(c.get("name").asText())
            .isLessThan(TOLERANCE);
      }
    }
  }

  /**
   * On a guide with a step edge, the edge-aware result changes more sharply across the edge than
   * the bilinear one: its largest jump between neighbouring columns is larger.
   */
  @Test
  void jointBilateralIsSharperAcrossTheGuidesEdge() throws IOException {
    JsonNode c = cases().get(2);
    int height = c.get("height").asInt();
    int width = c.get("width").asInt();
    float[] bilinear = floats(c.get("bilinear"));
    float[] edgeAware = floats(c.get("joint-bilateral"));
    assertThat(largestColumnJump(edgeAware, height, width))
        .isGreaterThan(1.5 * largestColumnJump(bilinear, height, width));
  }

  private static double largestColumnJump(float[] map, int height, int width) {
    double max = 0;
    for (int i = 0; i + width <= map.length; i += width) {
      for (int x = 1; x < width; x++) {
        max = Math.max(max, Math.abs(map[i + x] - map[i + x - 1]));
      }
    }
    return max;
  }

  @Test
  void levelsAtOrAboveTheGridAreResampledBilinearlyEvenWhenGuided() throws IOException {
    JsonNode c = cases().get(0);
    try (NDManager m = Ndarrays.cpu()) {
      NDArray level = tensor(m, c.get("level"));
      FeatureGrid same = new FeatureGrid(4, 6, FeatureNorm.NONE, jbu(c));
      NDArray kept = same.stacked(new NDList(level), tensor(m, c.get("guide")));
      assertThat(kept.toFloatArray()).containsExactly(level.toFloatArray());
    }
  }

  @Test
  void levelsAreConcatenatedAlongChannelsAndMadeRows() throws IOException {
    JsonNode a = cases().get(0);
    JsonNode b = cases().get(1);
    try (NDManager m = Ndarrays.cpu()) {
      FeatureGrid grid = new FeatureGrid(17, 23, FeatureNorm.NONE);
      NDArray rows =
          grid.rows(new NDList(tensor(m, a.get("level")), tensor(m, b.get("level"))), null);
      assertThat(rows.getShape()).isEqualTo(new Shape(17 * 23, 3 + 5));
      // the second level is case b's own bilinear reference at 17x23, channel-major
      float[] expected = floats(b.get("bilinear"));
      NDArray second = rows.get(":, 3:").transpose();
      assertThat(maxDifference(second.toFloatArray(), expected)).isLessThan(TOLERANCE);
    }
  }
}
