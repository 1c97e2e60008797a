package io.oodseg.udfs.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw cases of {@code reference/exact_cases.json} (written by {@code make_exact_reference.py}):
 * per case, the pixels of each image and the reference values of every protocol.
 */
public final class ReferenceCases {
  private ReferenceCases() {}

  /**
   * One case: {@code scores.get(i)} and {@code labels.get(i)} are image i's pixels, {@code exact}
   * the scikit-learn reference of protocol exact, {@code protocols} the others' by SQL name.
   */
  public record Case(
      String name,
      List<double[]> scores,
      List<int[]> labels,
      JsonNode exact,
      JsonNode protocols,
      int positiveValue,
      int voidValue) {

    /** {AP, FPR95, AUROC} of the reference of {@code protocol}. */
    public double[] expected(Protocol protocol) {
      JsonNode p = protocol == Protocol.EXACT ? exact : protocols.get(protocol.sqlName());
      return new double[] {
        p.get("ap").asDouble(), p.get("fpr95").asDouble(), p.get("auroc").asDouble()
      };
    }

    /** Positive pixels pooled. */
    public long positives() {
      return exact.get("positives").asLong();
    }
  }

  /** Loads every case. */
  public static List<Case> load() {
    try (InputStream in = ReferenceCases.class.getResourceAsStream("/reference/exact_cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        List<double[]> scores = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (JsonNode img : c.get("images")) {
          double[] s = new double[img.get("scores").size()];
          int[] l = new int[s.length];
          for (int i = 0; i < s.length; i++) {
            s[i] = img.get("scores").get(i).asDouble();
            l[i] = img.get("labels").get(i).asInt();
          }
          scores.add(s);
          labels.add(l);
        }
        cases.add(
            new Case(
                c.get("name").asText(),
                scores,
                labels,
                c.get("expected"),
                c.get("protocols"),
                root.get("positive_value").asInt(),
                root.get("void_value").asInt()));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
