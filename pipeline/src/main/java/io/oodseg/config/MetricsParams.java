package io.oodseg.config;

import java.io.Serializable;

/**
 * Metric settings.
 *
 * @param protocols protocols to report (the first is the primary one)
 * @param ranges score ranges of the distributed exact merge
 * @param positive label value of OoD pixels in the common labels (1; every benchmark's label map
 *     produces the common 0 / 1 / 255)
 * @param voidValue label value of ignored pixels in the common labels (255)
 */
public record MetricsParams(Protocols protocols, int ranges, int positive, int voidValue)
    implements Serializable {}
