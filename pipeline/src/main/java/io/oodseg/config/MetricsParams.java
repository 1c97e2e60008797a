package io.oodseg.config;

import java.io.Serializable;
import java.util.List;

/**
 * Metric settings.
 *
 * @param protocols protocols to report
 * @param ranges score ranges of the distributed exact merge
 * @param positive label value of OoD pixels in the common labels (1; every benchmark's label
 *     map produces the common 0 / 1 / 255)
 * @param voidValue label value of ignored pixels in the common labels (255)
 */
public record MetricsParams(List<String> protocols, int ranges, int positive, int voidValue)
    implements Serializable {
  public MetricsParams {
    protocols = List.copyOf(protocols);
  }
}
