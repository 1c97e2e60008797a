package io.oodseg.sweep;

import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import io.oodseg.udfs.metrics.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The configuration that {@code sweep.select-on} chooses for one reported source (benchmark and
 * model), per selection round: the best by binned AP of the first protocol on the validation images
 * (the validation split of the source's own images, the other folds, or the same model's rows on
 * the validation benchmark), to be evaluated on the held-out images only.
 */
final class HeldOutSelection {
  /**
   * One round's choice.
   *
   * @param label the held-out rows' split label
   * @param key the chosen configuration's key on the reported source
   * @param split the held-out image split, -1 = every image of the source
   * @param validation protocol name to the chosen configuration's binned validation row
   */
  record Choice(String label, String key, int split, Map<String, Row> validation) {}

  private HeldOutSelection() {}

  /**
   * The choices for {@code source}, one per round of {@code spec.selectOn()}.
   *
   * @param rows the committed rows (the validation rows included)
   * @param all every configuration of the sweep (the validation benchmark's first)
   */
  static List<Choice> choose(
      SweepSpec spec, Dataset<Row> rows, SweepPlan.Source source, List<RunConfig> all) {
    SelectOn select = spec.selectOn();
    RunConfig sample = source.sample();
    String protocol = sample.metrics().protocols().primary().sqlName();
    List<RunConfig> candidates = new ArrayList<>();
    String validationBenchmark = null;
    if (select.mode() == SelectOn.Mode.BENCHMARK) {
      for (RunConfig c : all) {
        if (SweepGrid.onValidationBenchmark(spec, c, all)
            && c.modelDescriptor().equals(sample.modelDescriptor())) {
          candidates.add(c);
          validationBenchmark = c.benchmark().name();
        }
      }
    } else {
      source.groups().forEach(g -> candidates.addAll(g.configs()));
    }
    List<String> keys = candidates.stream().map(RunConfig::hash).toList();
    List<Choice> out = new ArrayList<>();
    for (int r = 0; r < select.rounds(); r++) {
      String validation = select.validationLabel(r);
      List<String> best = SweepRanking.topBinned(rows, protocol, keys, 1, validation);
      if (best.isEmpty()) {
        throw new IllegalStateException(
            "sweep "
                + spec.id()
                + ": no binned row on the validation images ("
                + validation
                + ") to select from");
      }
      String chosen = best.get(0);
      out.add(
          new Choice(
              select.heldOutLabel(r, validationBenchmark),
              reportedKey(source, candidates, chosen),
              select.heldOutSplit(r),
              validationRows(rows, sample, chosen, validation)));
    }
    return out;
  }

  /** The reported source's configuration with the chosen one's method parameters. */
  private static String reportedKey(
      SweepPlan.Source source, List<RunConfig> candidates, String chosen) {
    RunConfig picked =
        candidates.stream().filter(c -> c.hash().equals(chosen)).findFirst().orElseThrow();
    for (SweepPlan.Group g : source.groups()) {
      for (RunConfig c : g.configs()) {
        if (c.method().equals(picked.method())) {
          return c.hash();
        }
      }
    }
    throw new UsageException(
        "the configuration selected on the validation benchmark ("
            + picked.method()
            + ") is not one of the sweep's configurations on "
            + source.sample().benchmark().name());
  }

  private static Map<String, Row> validationRows(
      Dataset<Row> rows, RunConfig sample, String key, String split) {
    Map<String, Row> out = new LinkedHashMap<>();
    for (Protocol p : sample.metrics().protocols().all()) {
      for (Row r : SweepRanking.binned(rows, p.sqlName(), List.of(key), split).collectAsList()) {
        out.put(p.sqlName(), r);
      }
    }
    if (out.size() != sample.metrics().protocols().all().size()) {
      throw new IllegalStateException(
          "configuration " + key + " lacks binned rows on " + split + " for some protocol");
    }
    return out;
  }
}
