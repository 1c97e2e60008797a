package io.oodseg.config;

/**
 * A usage error: a configuration, benchmark or model that cannot be used as given. The message
 * names the key, file or value at fault. Not to be confused with Typesafe Config's own {@code
 * com.typesafe.config.ConfigException}, which the loaders turn into this one.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
