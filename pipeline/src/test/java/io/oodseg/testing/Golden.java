package io.oodseg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oodseg.udfs.metrics.BinaryMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;

/**
 * Golden results of the demo (docs/numerics.md): the pooled AP, FPR95 and AUROC of every method and
 * the per-image AP of every image and method, as a run with correct numerics gives them (the
 * README's table). Kept in {@code src/test/resources/golden/demo.json}; checked to 1e-6.
 *
 * <p>To rewrite the file after an intended change of results, run the test with {@code
 * -Doodseg.golden.write=true} from the {@code pipeline} folder (it then writes {@code
 * src/test/resources/golden/demo.json} and fails, so that a rewrite is never silent), and review
 * the diff: the pooled figures must stay the README's.
 */
public final class Golden {
  /** Largest difference a golden value may show. */
  public static final double TOLERANCE = 1e-6;

  private static final String RESOURCE = "golden/demo.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Golden() {}

  /** Checks the pooled metrics and the per-image AP of {@code images} against the golden file. */
  public static void assertDemo(
      Map<String, BinaryMetrics> pooled, List<Row> images, List<String> methods)
      throws IOException {
    if (Boolean.getBoolean("oodseg.golden.write")) {
      write(pooled, images, methods);
      throw new AssertionError(
          "golden values rewritten to src/test/resources/"
              + RESOURCE
              + "; review the diff and "
              + "run again without -Doodseg.golden.write");
    }
    JsonNode golden;
    try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as("golden file " + RESOURCE).isNotNull();
      golden = JSON.readTree(in);
    }
    SoftAssertions soft = new SoftAssertions();
    Offset<Double> tol = Offset.offset(TOLERANCE);
    assertThat(pooled.keySet())
        .containsExactlyInAnyOrderElementsOf(iterable(golden.get("pooled").fieldNames()));
    pooled.forEach(
        (method, m) -> {
          JsonNode g = golden.get("pooled").get(method);
          soft.assertThat(m.ap())
              .as("pooled AP of " + method)
              .isCloseTo(g.get("ap").asDouble(), tol);
          soft.assertThat(m.fpr95())
              .as("pooled FPR95 of " + method)
              .isCloseTo(g.get("fpr95").asDouble(), tol);
          soft.assertThat(m.auroc())
              .as("pooled AUROC of " + method)
              .isCloseTo(g.get("auroc").asDouble(), tol);
        });
    JsonNode perImage = golden.get("images");
    assertThat(images).hasSize(perImage.size());
    for (Row r : images) {
      String id = r.getAs("image_id");
      JsonNode g = perImage.get(id);
      assertThat(g).as("golden values of image " + id).isNotNull();
      for (String m : methods) {
        soft.assertThat(r.<Double>getAs("ap_" + m))
            .as("AP of " + m + " on " + id)
            .isCloseTo(g.get(m).asDouble(), tol);
      }
    }
    soft.assertAll();
  }

  private static void write(
      Map<String, BinaryMetrics> pooled, List<Row> images, List<String> methods)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "about",
        "Demo golden results (40 scenes, seed 7, defaults); written by io.oodseg.testing.Golden with "
            + "-Doodseg.golden.write=true; see docs/numerics.md");
    ObjectNode p = root.putObject("pooled");
    pooled.forEach(
        (method, m) ->
            p.putObject(method).put("ap", m.ap()).put("fpr95", m.fpr95()).put("auroc", m.auroc()));
    ObjectNode im = root.putObject("images");
    images.stream()
        .sorted(java.util.Comparator.comparing(r -> r.<String>getAs("image_id")))
        .forEach(
            r -> {
              ObjectNode o = im.putObject(r.<String>getAs("image_id"));
              methods.forEach(m -> o.put(m, r.<Double>getAs("ap_" + m)));
            });
    Path file = Path.of("src/test/resources").resolve(RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(root) + "\n");
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
