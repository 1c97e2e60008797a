package io.oodseg.metrics;

import io.oodseg.infer.ImageOutcome;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.PooledExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Pools the per-image counts of every method across the benchmark with the distributed exact
 * merge of the udfs module; the driver receives one metrics value per method.
 */
public final class MetricsStage {
  private MetricsStage() {}

  /**
   * Pooled exact metrics per method, in {@code methods} order.
   *
   * @param outcomes per-image outcomes (failed ones are skipped)
   * @param methods method names, in report order
   * @param ranges score ranges of the merge per method
   */
  public static Map<String, BinaryMetrics> pooled(JavaRDD<ImageOutcome> outcomes, List<String> methods, int ranges) {
    Map<String, BinaryMetrics> byMethod = PooledExactMetrics.compute(
        outcomes.filter(o -> !o.failed())
            .flatMapToPair(o -> o.counts().entrySet().stream()
                .map(e -> new Tuple2<String, ScoreCounts>(e.getKey(), e.getValue())).iterator()),
        ranges);
    Map<String, BinaryMetrics> ordered = new LinkedHashMap<>();
    for (String method : methods) {
      ordered.put(method, byMethod.getOrDefault(method, new BinaryMetrics(null, null, null, 0, 0, 0)));
    }
    return ordered;
  }
}
