package io.oodseg.config;

import java.io.Serializable;

/**
 * Settings of the run's report ({@code report.*}); they change what the report shows, never a
 * metric, so they stay out of the configuration hash. Parsed with the rest of the configuration
 * ({@link RunConfig#report()}).
 *
 * @param overlays images shown at each end (worst and best by the method's per-image AP)
 * @param curvePoints points kept per method of each pooled curve (at least 3)
 */
public record ReportParams(int overlays, int curvePoints) implements Serializable {
  private static final long serialVersionUID = 1L;

  static ReportParams parse(Settings s) {
    return new ReportParams(
        s.intAtLeast("report.overlays", 0), s.intAtLeast("report.curve-points", 3));
  }
}
