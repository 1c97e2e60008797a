package io.oodseg.udfs.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The raw cases of {@code reference/exact_cases.json} (written by {@code make_exact_reference.py}):
 * per case, the pixels of each image, scikit-learn's reference of protocol exact, and the values of
 * every other protocol that its official code gives ({@code reference/official_protocols.json},
 * written by {@code run_official_protocols.py}).
 */
public final class ReferenceCases {
  private ReferenceCases() {}

  /**
   * One case: {@code scores.get(i)} and {@code labels.get(i)} are image i's pixels, {@code exact}
   * the scikit-learn reference of protocol exact, {@code protocols} scikit-learn's ade-ood values
   * (with {@code fpr95_no_drop}), {@code official} every protocol's official value by SQL name.
   */
  public record Case(
      String name,
      List<double[]> scores,
      List<int[]> labels,
      JsonNode exact,
      JsonNode protocols,
      JsonNode official,
      int positiveValue,
      int voidValue) {

    /** {AP, FPR95, AUROC} of the reference of {@code protocol}. */
    public double[] expected(Protocol protocol) {
      JsonNode p = protocol == Protocol.EXACT ? exact : official.get(protocol.sqlName());
      return new double[] {
        p.get("ap").asDouble(), p.get("fpr95").asDouble(), p.get("auroc").asDouble()
      };
    }

    /**
     * Whether the official value of {@code protocol} is comparable: not for smiyc when several
     * images share the highest bin edge (upstream's value then depends on image order, see {@link
     * Protocol#SMIYC}).
     */
    public boolean comparable(Protocol protocol) {
      JsonNode p = official.get(protocol.sqlName());
      return protocol == Protocol.EXACT
          || !(p.has("error") || p.path("top_threshold_tied").asBoolean(false));
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
      Map<String, JsonNode> official = new HashMap<>();
      for (JsonNode c : officialCases().get("cases")) {
        official.put(c.get("name").asText(), c.get("official"));
      }
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
                Objects.requireNonNull(
                    official.get(c.get("name").asText()),
                    "official_protocols.json lacks case " + c.get("name")),
                root.get("positive_value").asInt(),
                root.get("void_value").asInt()));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole of {@code reference/official_protocols.json}. */
  public static JsonNode officialCases() {
    try (InputStream in =
        ReferenceCases.class.getResourceAsStream("/reference/official_protocols.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
