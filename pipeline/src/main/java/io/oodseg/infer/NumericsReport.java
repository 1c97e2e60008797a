package io.oodseg.infer;

import io.oodseg.engine.HostFacts;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one executor JVM found when it loaded a model on a device: the host facts and the numerics
 * probe's result. The run's manifest lists one per executor and device.
 *
 * @param executor Spark executor id ("driver" for the driver's own check)
 * @param device the model's device
 * @param host the host facts
 * @param probe the probe's result
 */
public record NumericsReport(
    String executor, String device, HostFacts host, NumericsProbe.Result probe)
    implements Serializable {
  /** Identity of the report: one per executor and device. */
  public String key() {
    return executor + "@" + device;
  }

  /** The report as an ordered map for the manifest. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("executor", executor);
    m.put("device", device);
    m.put("probe", probe.outcome());
    m.put("probe_recipes", probe.recipes());
    m.put("probe_repeats", probe.repeats());
    m.put("probe_worst_share_of_tolerance", probe.worst());
    m.put("probe_seconds", probe.seconds());
    m.putAll(host.toMap());
    return m;
  }
}
