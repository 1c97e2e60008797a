package io.oodseg.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which configuration values are secret, and their redaction. A key is secret when its name looks
 * like one ({@code secret}, {@code password}, {@code token}, {@code access.key}, {@code
 * credential}, or a last segment {@code key}, as in {@code fs.s3a.secret.key}); its value is
 * replaced by {@link #MASK} wherever the configuration is shown: manifest, logs, messages.
 */
public final class Secrets {
  /** What replaces a secret value. */
  public static final String MASK = "*****";

  private static final Pattern SECRET =
      Pattern.compile("(?i)(secret|passw(or)?d|token|access[._-]?key|credential|(^|[.\"])key\"?$)");

  private Secrets() {}

  /** Whether a key (dotted path) names a secret. */
  public static boolean isSecret(String key) {
    return SECRET.matcher(key).find();
  }

  /** The same configuration with every secret leaf value replaced by {@link #MASK}. */
  public static Config redact(Config config) {
    Config redacted = config;
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      if (isSecret(e.getKey())) {
        redacted = redacted.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(MASK));
      }
    }
    return redacted;
  }

  /**
   * {@code key=value} with the value masked when the key is secret (for messages about overrides).
   */
  public static String redactAssignment(String key, String assignment) {
    return isSecret(key) ? key + "=" + MASK : assignment;
  }

  /** A dotted path with HOCON's quoting removed ({@code a."b.c"} becomes {@code a.b.c}). */
  static String plainKey(String path) {
    return String.join(".", ConfigUtil.splitPath(path));
  }
}
