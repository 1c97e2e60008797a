package io.oodseg.config;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Typed, range-checked accessors over a validated HOCON tree; every error names its key. */
final class Settings {
  private final Config config;
  private final String prefix;

  Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  private String key(String path) {
    return prefix + "." + path;
  }

  String string(String path) {
    return wrap(path, () -> config.getString(path));
  }

  /** The value as written, whatever its type (for keys that take a number or a word). */
  String raw(String path) {
    return wrap(path, () -> String.valueOf(config.getValue(path).unwrapped()));
  }

  boolean bool(String path) {
    return wrap(path, () -> config.getBoolean(path));
  }

  List<String> strings(String path) {
    return wrap(path, () -> config.getStringList(path));
  }

  int intAtLeast(String path, int min) {
    int value = wrap(path, () -> config.getInt(path));
    if (value < min) {
      throw new UsageException(key(path) + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  long longValue(String path) {
    return wrap(path, () -> config.getLong(path));
  }

  double doubleIn(String path, double min, double max) {
    double value = wrap(path, () -> config.getDouble(path));
    if (!(value >= min && value <= max)) {
      throw new UsageException(key(path) + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /** Parses an enum from its lower-case name, listing the allowed names when it is not one. */
  <E extends Enum<E>> E choice(String path, Class<E> type) {
    String value = string(path);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
        return constant;
      }
    }
    throw new UsageException(
        key(path)
            + " = \""
            + value
            + "\" is not one of "
            + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList());
  }

  private <T> T wrap(String path, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (com.typesafe.config.ConfigException e) {
      String given = config.hasPath(path) ? " (given: " + config.getValue(path).render() + ")" : "";
      throw new UsageException(key(path) + ": " + e.getMessage() + given, e);
    }
  }
}
