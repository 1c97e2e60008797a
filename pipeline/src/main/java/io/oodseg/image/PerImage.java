package io.oodseg.image;

import io.oodseg.catalog.ImageRecord;

/** A per-image result that may be a failure. */
public interface PerImage {
  /** The image. */
  ImageRecord record();

  /** Whether the image failed. */
  boolean failed();

  /** Why it failed, or null. */
  String errorReason();
}
