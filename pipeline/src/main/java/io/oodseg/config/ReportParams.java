package io.oodseg.config;

import com.typesafe.config.ConfigFactory;
import java.io.Serializable;

/**
 * Settings of the run's report ({@code report.*}); they change what the report shows, never a
 * metric, so they stay out of the configuration hash. Read from the run's effective
 * configuration, checked when the configuration is loaded.
 *
 * @param overlays images shown at each end (worst and best by the method's per-image AP)
 * @param curvePoints points kept per method of each pooled curve (at least 3)
 */
public record ReportParams(int overlays, int curvePoints) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The report settings of a loaded configuration. */
  public static ReportParams of(RunConfig config) {
    return parse(new Settings(ConfigFactory.parseString(config.effectiveJson()), ConfigLoader.ROOT));
  }

  static ReportParams parse(Settings s) {
    return new ReportParams(s.intAtLeast("report.overlays", 0), s.intAtLeast("report.curve-points", 3));
  }
}
