package io.oodseg.infer;

/**
 * Stops a run at the first bad image when {@code fail-fast} is set; the message names the image.
 */
public final class FailFastException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FailFastException(String message, Throwable cause) {
    super(message, cause);
  }
}
