package io.oodseg.config;

import java.io.Serializable;
import java.util.List;

/**
 * Metric settings.
 *
 * @param protocols protocols to report
 * @param ranges score ranges of the distributed exact merge
 * @param positive label value of OoD pixels
 * @param voidValue label value of ignored pixels
 */
public record MetricsParams(List<String> protocols, int ranges, int positive, int voidValue)
    implements Serializable {
  public MetricsParams {
    protocols = List.copyOf(protocols);
  }
}
