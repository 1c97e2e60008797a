package io.oodseg.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop properties from the {@code hadoop} section (e.g. {@code fs.s3a.endpoint}, {@code
 * fs.s3a.secret.key}), set on the session's Hadoop configuration before a run reads or writes
 * anything. {@link #toString} masks secret values, so logging a configuration never shows them.
 */
public final class HadoopSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  private final TreeMap<String, String> values;

  public HadoopSettings(Map<String, String> values) {
    this.values = new TreeMap<>(values);
  }

  /** Sets every property on {@code conf}. */
  public void applyTo(Configuration conf) {
    values.forEach(conf::set);
  }

  /** Number of properties. */
  public int size() {
    return values.size();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, Secrets.isSecret(k) ? Secrets.MASK : v));
    return shown.toString();
  }
}
