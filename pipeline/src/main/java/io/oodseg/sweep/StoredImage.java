package io.oodseg.sweep;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.image.PerImage;
import java.io.Serializable;

/**
 * What a sweep keeps of one image after its single inference pass: the label, the stored confidence
 * maps at the label's size, and per feature setting the grid {@code [D, cells]} (resampled and
 * concatenated, not yet normalised); or why the image failed.
 *
 * @param record the image
 * @param width label width W
 * @param height label height H
 * @param label label values {@code [H*W]} (common labels 0 / 1 / 255)
 * @param confidences the store's confidence maps, each {@code [H*W]}
 * @param grids per feature setting, the channel-major grid {@code [dims * cells]}
 * @param dims per feature setting, the feature dimension D
 * @param gridHeights per feature setting, grid rows
 * @param gridWidths per feature setting, grid columns
 * @param errorStage stage that failed, or null
 * @param errorReason why, or null
 */
public record StoredImage(
    ImageRecord record,
    int width,
    int height,
    byte[] label,
    float[][] confidences,
    float[][] grids,
    int[] dims,
    int[] gridHeights,
    int[] gridWidths,
    String errorStage,
    String errorReason)
    implements Serializable, PerImage {

  /** A failed image. */
  static StoredImage failure(ImageRecord record, String stage, String reason) {
    return new StoredImage(record, 0, 0, null, null, null, null, null, null, stage, reason);
  }

  @Override
  public boolean failed() {
    return errorStage != null;
  }
}
