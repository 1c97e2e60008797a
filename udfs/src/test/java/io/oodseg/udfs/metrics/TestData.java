package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * One case of {@code reference/exact_cases.json}: {@code expected} is protocol exact, {@code
   * protocols} scikit-learn's ade-ood values, {@code raw} the case with the official values of the
   * other protocols.
   */
  record Case(
      String name,
      List<ScoreCounts> images,
      BinaryMetrics expected,
      JsonNode protocols,
      ReferenceCases.Case raw) {
    /**
     * The reference of {@code protocol}, counts as {@link #expected}; the thresholds are those of
     * exact (upstream code does not report them, so {@link #assertProtocols} does not compare
     * them).
     */
    BinaryMetrics expected(Protocol protocol) {
      if (protocol == Protocol.EXACT) {
        return expected;
      }
      double[] v = raw.expected(protocol);
      return new BinaryMetrics(
          v[0], v[1], v[2], expected.positives(), expected.negatives(), expected.thresholds());
    }
  }

  /** Loads the reference written by {@code make_exact_reference.py}. */
  static List<Case> referenceCases() {
    List<Case> cases = new ArrayList<>();
    for (ReferenceCases.Case c : ReferenceCases.load()) {
      List<ScoreCounts> images = new ArrayList<>();
      for (int i = 0; i < c.scores().size(); i++) {
        int[] labels = c.labels().get(i);
        byte[] bytes = new byte[labels.length];
        for (int j = 0; j < labels.length; j++) {
          bytes[j] = (byte) labels[j];
        }
        images.add(
            ScoreCounts.fromPixels(c.scores().get(i), bytes, c.positiveValue(), c.voidValue()));
      }
      JsonNode e = c.exact();
      BinaryMetrics expected =
          new BinaryMetrics(
              e.get("ap").asDouble(),
              e.get("fpr95").asDouble(),
              e.get("auroc").asDouble(),
              e.get("positives").asLong(),
              e.get("negatives").asLong(),
              e.get("thresholds").asLong());
      cases.add(new Case(c.name(), images, expected, c.protocols(), c));
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
    return cases;
  }

  /** Asserts that {@code actual} matches the case's reference of every protocol within relTol. */
  static void assertProtocols(String context, ProtocolMetrics actual, Case c, double relTol) {
    for (Protocol p : Protocol.values()) {
      String what = context + " " + p.sqlName();
      BinaryMetrics a = actual.get(p);
      BinaryMetrics e = c.expected(p);
      if (p == Protocol.EXACT) {
        assertClose(what, a, e, relTol);
      } else if (c.raw().comparable(p)) {
        assertThat(new long[] {a.positives(), a.negatives()})
            .as(what)
            .containsExactly(e.positives(), e.negatives());
        assertClose(what + " ap", a.ap(), e.ap(), relTol);
        assertClose(what + " fpr95", a.fpr95(), e.fpr95(), relTol);
        assertClose(what + " auroc", a.auroc(), e.auroc(), relTol);
      }
    }
    assertClose(
        context + " ade-ood fpr95 without drop_intermediate",
        actual.adeOodFpr95AllPoints(),
        c.protocols().get("ade-ood").get("fpr95_no_drop").asDouble(),
        relTol);
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

  static void assertClose(String what, Double actual, Double expected, double relTol) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
      return;
    }
    assertThat(actual).as(what).isNotNull();
    double tol = relTol * Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertThat(Math.abs(actual - expected))
        .as(what + " " + actual + " vs " + expected)
        .isLessThanOrEqualTo(tol);
  }
}
