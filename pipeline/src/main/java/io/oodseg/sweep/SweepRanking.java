package io.oodseg.sweep;

import static io.oodseg.report.SweepColumns.AP;
import static io.oodseg.report.SweepColumns.BENCHMARK;
import static io.oodseg.report.SweepColumns.CONFIG_KEY;
import static io.oodseg.report.SweepColumns.EXACT;
import static io.oodseg.report.SweepColumns.MODEL;
import static io.oodseg.report.SweepColumns.PROTOCOL;
import static io.oodseg.report.SweepColumns.SPLIT;
import static org.apache.spark.sql.functions.col;

import io.oodseg.report.SweepColumns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the sweep ranks its rows: which configurations get exact metrics (the best by binned AP) and
 * the order of the final table (by benchmark, model, protocol, rows on all images first, then by
 * split, exact rows first, then AP descending, then configuration key), and which configuration a
 * validation split selects (the best by binned AP on it).
 */
final class SweepRanking {
  private SweepRanking() {}

  /**
   * Keys of the best {@code n} of {@code keys} by binned AP under {@code protocol} on the images of
   * {@code split} (ties by key).
   *
   * @param rows the committed rows
   */
  static List<String> topBinned(
      Dataset<Row> rows, String protocol, Collection<String> keys, int n, String split) {
    List<String> top = new ArrayList<>();
    for (Row r : binned(rows, protocol, keys, split).limit(n).collectAsList()) {
      top.add(r.getAs(CONFIG_KEY));
    }
    return top;
  }

  /**
   * The binned rows of {@code keys} under {@code protocol} on {@code split}, best AP first (ties by
   * key).
   */
  static Dataset<Row> binned(
      Dataset<Row> rows, String protocol, Collection<String> keys, String split) {
    return rows.withColumn(SPLIT, SweepTables.split())
        .where(
            col(EXACT)
                .equalTo(false)
                .and(col(PROTOCOL).equalTo(protocol))
                .and(col(CONFIG_KEY).isin(keys.toArray()))
                .and(col(SPLIT).equalTo(split)))
        .orderBy(col(AP).desc_nulls_last(), col(CONFIG_KEY));
  }

  /**
   * The final table's rows: of {@code keys}' committed rows on {@code splits} one per
   * configuration, protocol, kind and split (the first read), in the table's order. Rows of other
   * splits (an earlier run of the sweep with another {@code select-on}) stay in their parts.
   */
  static List<Row> table(Dataset<Row> rows, Collection<String> keys, Collection<String> splits) {
    Map<String, Row> unique = new LinkedHashMap<>();
    for (Row r :
        rows.withColumn(SPLIT, SweepTables.split())
            .where(col(CONFIG_KEY).isin(keys.toArray()).and(col(SPLIT).isin(splits.toArray())))
            .collectAsList()) {
      unique.putIfAbsent(
          r.getAs(CONFIG_KEY)
              + "/"
              + r.getAs(PROTOCOL)
              + "/"
              + r.getAs(EXACT)
              + "/"
              + r.getAs(SPLIT),
          r);
    }
    List<Row> out = new ArrayList<>(unique.values());
    out.sort(
        Comparator.comparing((Row r) -> r.<String>getAs(BENCHMARK))
            .thenComparing(r -> r.<String>getAs(MODEL))
            .thenComparing(r -> r.<String>getAs(PROTOCOL))
            .thenComparing(r -> !SweepColumns.ALL.equals(r.getAs(SPLIT)))
            .thenComparing(r -> r.<String>getAs(SPLIT))
            .thenComparing(r -> !r.<Boolean>getAs(EXACT))
            .thenComparing(
                r -> r.<Double>getAs(AP), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(r -> r.<String>getAs(CONFIG_KEY)));
    return out;
  }
}
