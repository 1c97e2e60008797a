package io.oodseg.catalog;

/**
 * A label mask that holds values outside its benchmark's {@link LabelMap}; the message names the
 * file.
 */
public final class InvalidLabelException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that names the label file, the value and the map. */
  public InvalidLabelException(String message) {
    super(message);
  }
}
