package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every protocol against the values its official evaluation code gives on the same pixels ({@code
 * reference/official_protocols.json}, written by {@code run_official_protocols.py}, which runs the
 * upstream functions themselves): the cases of {@code exact_cases.json} and cases with float32
 * logits of either sign, float16 merging, ties, fused scores beyond float16, a collinear ROC run
 * across TPR 0.95, and data with no positive or no negative pixel.
 */
class OfficialProtocolsTest {
  /** Relative tolerance: numpy sums pairwise, the sweep in order. */
  private static final double REL_TOL = 1e-12;

  private static final JsonNode OFFICIAL = ReferenceCases.officialCases();

  @Test
  void everyProtocolMatchesItsOfficialCodeOnEveryComparableCase() {
    Map<String, List<ScoreCounts>> pixels = new HashMap<>();
    for (ReferenceCases.Case c : ReferenceCases.load()) {
      pixels.put(c.name(), tables(c.scores(), c.labels()));
    }
    int compared = 0;
    int tiedSmiyc = 0;
    for (JsonNode c : OFFICIAL.get("cases")) {
      String name = c.get("name").asText();
      List<ScoreCounts> images = c.has("images") ? tables(c.get("images")) : pixels.get(name);
      assertThat(images).as(name).isNotNull();
      ProtocolMetrics actual =
          LocalMetrics.compute(
              images, MetricsOptions.defaults().withProtocols(EnumSet.allOf(Protocol.class)));
      for (Protocol p : Protocol.values()) {
        if (p == Protocol.EXACT) {
          continue;
        }
        JsonNode o = c.get("official").get(p.sqlName());
        String what = name + " " + p.sqlName();
        BinaryMetrics m = actual.get(p);
        if (actual.positives() == 0) { // upstream: NaN, an error, or a convention (AP 0)
          assertThat(new Object[] {m.ap(), m.fpr95(), m.auroc()}).as(what).containsOnlyNulls();
        } else if (actual.negatives() == 0) { // upstream: NaN or an error
          assertThat(new Object[] {m.fpr95(), m.auroc()}).as(what).containsOnlyNulls();
          if (!o.has("error")) {
            TestData.assertClose(what + " ap", m.ap(), value(o, "ap"), REL_TOL);
            assertThat(new Object[] {value(o, "fpr95"), value(o, "auroc")}).containsOnlyNulls();
          }
        } else if (p == Protocol.SMIYC && name.equals("fused_overflow")) {
          assertThat(new Object[] {m.ap(), m.fpr95(), m.auroc()}).as(what).containsOnlyNulls();
          assertThat(actual.warnings()).contains(ProtocolMetrics.SMIYC_OVERFLOW);
        } else if (o.path("top_threshold_tied").asBoolean(false)) {
          tiedSmiyc++;
        } else {
          assertThat(o.has("error")).as(what + " " + o).isFalse();
          TestData.assertClose(what + " ap", m.ap(), value(o, "ap"), REL_TOL);
          TestData.assertClose(what + " fpr95", m.fpr95(), value(o, "fpr95"), REL_TOL);
          TestData.assertClose(what + " auroc", m.auroc(), value(o, "auroc"), REL_TOL);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(70);
    assertThat(tiedSmiyc).isEqualTo(2);
  }

  @Test
  void theRoadAnomalyRulesDifferWhereTheirDefinitionsDo() {
    JsonNode collinear = officialCase("collinear_near_95").get("official");
    // RbA skips the collinear run's dropped points, ade-ood and PEBAL do not agree either
    assertThat(collinear.get("fpr95-gt").get("fpr95").asDouble())
        .isNotEqualTo(collinear.get("ade-ood").get("fpr95").asDouble());
    JsonNode ties = officialCase("ties_eighths").get("official");
    assertThat(ties.get("fpr95-interp").get("fpr95").asDouble())
        .isStrictlyBetween(
            ties.get("fpr95-nearest").get("fpr95").asDouble(),
            ties.get("fpr95-gt").get("fpr95").asDouble());
  }

  @Test
  void castsMatchNumpy() {
    for (JsonNode row : OFFICIAL.get("numpy_casts")) {
      double v = Double.parseDouble(row.get(0).asText());
      assertThat(ScoreCasts.float16(v)).as("float16 " + v).isEqualTo(parse(row.get(1)));
      assertThat(ScoreCasts.float32(v)).as("float32 " + v).isEqualTo(parse(row.get(2)));
    }
  }

  @Test
  void theReferenceNamesTheUpstreamCommits() {
    Map<String, String> commits =
        Map.of(
            "smiyc", "1c7804e0749686452eb02bbcfb81234e38795f8a",
            "fishyscapes", "03773d621374ed10122866e64943df77ff8fbf50",
            "ade_ood", "c687b3a405d9dbb355802c372284185239eae769",
            "rba", "cf263d54197822f6d353e10d1e197f6767c9db7f",
            "mask2anomaly", "5c84283281eeed95b4cf0c7e1287795309c7fd9e",
            "ood_metrics", "4544abec0a57067c9092f21e99b601e38833ff1d",
            "pebal", "0293bee7b91d4bcaf892c0d987a62e6918df6e23");
    JsonNode up = OFFICIAL.get("upstream");
    assertThat(up.size()).isEqualTo(commits.size());
    commits.forEach((k, c) -> assertThat(up.get(k).get("commit").asText()).as(k).isEqualTo(c));
    // numpy 1.x: the value-based casting road-anomaly-benchmark's pinned numpy 1.23 has
    assertThat(OFFICIAL.get("numpy").asText()).startsWith("1.");
  }

  /** The cases of official_protocols.json whose pixels it holds (those beyond exact_cases.json). */
  static Map<String, List<ScoreCounts>> ownCases() {
    Map<String, List<ScoreCounts>> out = new java.util.LinkedHashMap<>();
    for (JsonNode c : OFFICIAL.get("cases")) {
      if (c.has("images")) {
        out.put(c.get("name").asText(), tables(c.get("images")));
      }
    }
    return out;
  }

  private static JsonNode officialCase(String name) {
    for (JsonNode c : OFFICIAL.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no case " + name);
  }

  private static double parse(JsonNode hex) {
    return Double.parseDouble(hex.asText());
  }

  private static Double value(JsonNode o, String key) {
    return o.get(key).isNull() ? null : o.get(key).asDouble();
  }

  private static List<ScoreCounts> tables(JsonNode images) {
    List<double[]> scores = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    for (JsonNode img : images) {
      double[] s = new double[img.get("scores").size()];
      int[] l = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = img.get("scores").get(i).asDouble();
        l[i] = img.get("labels").get(i).asInt();
      }
      scores.add(s);
      labels.add(l);
    }
    return tables(scores, labels);
  }

  private static List<ScoreCounts> tables(List<double[]> scores, List<int[]> labels) {
    List<ScoreCounts> out = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      byte[] b = new byte[labels.get(i).length];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) labels.get(i)[j];
      }
      out.add(
          ScoreCounts.fromPixels(
              scores.get(i),
              b,
              OFFICIAL.get("positive_value").asInt(),
              OFFICIAL.get("void_value").asInt()));
    }
    return out;
  }
}
