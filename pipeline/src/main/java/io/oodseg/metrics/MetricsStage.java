package io.oodseg.metrics;

import io.oodseg.config.Protocols;
import io.oodseg.image.ImageOutcome;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.CurvePoint;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.PooledMetrics;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Pools the per-image counts of every method across the benchmark with the udfs module's
 * distributed merge, in every configured protocol; the driver receives a few numbers per method and
 * protocol.
 */
public final class MetricsStage {
  private MetricsStage() {}

  /**
   * Pooled metrics per protocol and method, both in the given order.
   *
   * @param outcomes per-image outcomes (failed ones are skipped)
   * @param methods method names, in report order
   * @param protocols the protocols
   * @param ranges score ranges of the merge per method
   */
  public static Map<String, Map<String, BinaryMetrics>> pooled(
      JavaRDD<ImageOutcome> outcomes, List<String> methods, Protocols protocols, int ranges) {
    return pooledWithCurves(outcomes, methods, protocols, ranges, 0).byProtocol();
  }

  /**
   * Pooled metrics and curves from one pass of the distributed merge.
   *
   * @param byProtocol pooled metrics per protocol and method, as {@link #pooled} gives them
   * @param curves at most {@code curvePoints} points of each method's pooled exact curve, by
   *     descending threshold (empty lists when none were asked for)
   * @param warnings per method that has any, why a metric is null (e.g. smiyc on scores beyond
   *     float16), in method order
   */
  public record Pooled(
      Map<String, Map<String, BinaryMetrics>> byProtocol,
      Map<String, List<CurvePoint>> curves,
      Map<String, List<String>> warnings) {}

  /**
   * As {@link #pooled}, with up to {@code curvePoints} (0, or at least 3) points of each exact
   * curve.
   */
  public static Pooled pooledWithCurves(
      JavaRDD<ImageOutcome> outcomes,
      List<String> methods,
      Protocols protocols,
      int ranges,
      int curvePoints) {
    Set<Protocol> wanted = protocols.set();
    Map<String, ProtocolMetrics> byMethod =
        PooledMetrics.computeCompact(
            outcomes
                .filter(o -> !o.failed())
                .flatMapToPair(
                    o ->
                        o.compactCounts().entrySet().stream()
                            .map(e -> new Tuple2<String, CompactCounts>(e.getKey(), e.getValue()))
                            .iterator()),
            MetricsOptions.defaults()
                .withProtocols(wanted)
                .withRanges(ranges)
                .withCurvePoints(curvePoints));
    Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
    Map<String, List<String>> warnings = new LinkedHashMap<>();
    for (String method : methods) {
      ProtocolMetrics m = byMethod.get(method);
      curves.put(method, m == null ? List.of() : m.curve());
      if (m != null && !m.warnings().isEmpty()) {
        warnings.put(method, m.warnings());
      }
    }
    Map<String, Map<String, BinaryMetrics>> out = new LinkedHashMap<>();
    for (Protocol protocol : wanted) {
      Map<String, BinaryMetrics> ordered = new LinkedHashMap<>();
      for (String method : methods) {
        ProtocolMetrics m = byMethod.get(method);
        ordered.put(
            method, m == null ? new BinaryMetrics(null, null, null, 0, 0, 0) : m.get(protocol));
      }
      out.put(protocol.sqlName(), ordered);
    }
    return new Pooled(out, curves, warnings);
  }
}
