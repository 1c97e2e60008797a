package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared test fixtures: pixel builders, the scikit-learn reference, and a metrics comparison. */
final class TestData {
  static final int POSITIVE = 1;
  static final int VOID = 255;

  private TestData() {}

  /** Counts of pixels given as scores and int labels (1 = positive, 255 = void). */
  static ScoreCounts counts(double[] scores, int... labels) {
    return ScoreCounts.fromPixels(scores, bytes(labels), POSITIVE, VOID);
  }

  static byte[] bytes(int... labels) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = (byte) labels[i];
    }
    return out;
  }

  /** A random image with scores on {@code levels} distinct values (0 = continuous). */
  static ScoreCounts randomImage(Random rnd, int n, int levels, double posRate) {
    return randomImage(rnd, n, levels, posRate, false);
  }

  /** As {@link #randomImage}, with float-valued scores, as a float32 model gives. */
  static ScoreCounts randomFloatImage(Random rnd, int n, int levels, double posRate) {
    return randomImage(rnd, n, levels, posRate, true);
  }

  private static ScoreCounts randomImage(
      Random rnd, int n, int levels, double posRate, boolean floats) {
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextDouble() < 0.05 ? VOID : rnd.nextDouble() < posRate ? POSITIVE : 0;
      double s = rnd.nextGaussian() + (labels[i] == POSITIVE ? 1.0 : 0.0);
      scores[i] = levels == 0 ? s : Math.floor(s * levels / 4.0);
      scores[i] = floats ? (float) scores[i] : scores[i];
    }
    return counts(scores, labels);
  }

  /** One case of {@code reference/exact_cases.json}. */
  record Case(String name, List<ScoreCounts> images, BinaryMetrics expected) {}

  /** Loads the scikit-learn reference written by {@code make_exact_reference.py}. */
  static List<Case> referenceCases() {
    try (InputStream in = TestData.class.getResourceAsStream("/reference/exact_cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      int positive = root.get("positive_value").asInt();
      int voidValue = root.get("void_value").asInt();
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        List<ScoreCounts> images = new ArrayList<>();
        for (JsonNode img : c.get("images")) {
          double[] scores = new double[img.get("scores").size()];
          byte[] labels = new byte[scores.length];
          for (int i = 0; i < scores.length; i++) {
            scores[i] = img.get("scores").get(i).asDouble();
            labels[i] = (byte) img.get("labels").get(i).asInt();
          }
          images.add(ScoreCounts.fromPixels(scores, labels, positive, voidValue));
        }
        JsonNode e = c.get("expected");
        BinaryMetrics expected =
            new BinaryMetrics(
                e.get("ap").asDouble(),
                e.get("fpr95").asDouble(),
                e.get("auroc").asDouble(),
                e.get("positives").asLong(),
                e.get("negatives").asLong(),
                e.get("thresholds").asLong());
        cases.add(new Case(c.get("name").asText(), images, expected));
      }
      assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts equal counts and metrics equal within {@code relTol} relative (nulls must match). */
  static void assertClose(
      String context, BinaryMetrics actual, BinaryMetrics expected, double relTol) {
    assertThat(actual.positives()).as(context + " positives").isEqualTo(expected.positives());
    assertThat(actual.negatives()).as(context + " negatives").isEqualTo(expected.negatives());
    assertThat(actual.thresholds()).as(context + " thresholds").isEqualTo(expected.thresholds());
    assertClose(context + " ap", actual.ap(), expected.ap(), relTol);
    assertClose(context + " fpr95", actual.fpr95(), expected.fpr95(), relTol);
    assertClose(context + " auroc", actual.auroc(), expected.auroc(), relTol);
  }

  private static void assertClose(String what, Double actual, Double expected, double relTol) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
      return;
    }
    assertThat(actual).as(what).isNotNull();
    double tol = relTol * Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertThat(Math.abs(actual - expected)).as(what + " " + actual + " vs " + expected)
        .isLessThanOrEqualTo(tol);
  }
}
