package io.oodseg.report;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.image.PerImage;
import java.io.Serializable;

/**
 * The overlay panels of one image ({@link PanelRenderer#PANELS}, PNG), or why they could not be
 * drawn.
 *
 * @param record the image
 * @param width label width
 * @param height label height
 * @param pngs one PNG per panel, or null for a failure
 * @param errorReason why drawing failed, or null
 */
public record OverlayPanels(
    ImageRecord record, int width, int height, byte[][] pngs, String errorReason)
    implements PerImage, Serializable {
  /** Panels that could not be drawn. */
  public static OverlayPanels failure(ImageRecord record, String reason) {
    return new OverlayPanels(record, 0, 0, null, reason);
  }

  @Override
  public boolean failed() {
    return pngs == null;
  }
}
