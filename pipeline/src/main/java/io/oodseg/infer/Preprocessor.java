package io.oodseg.infer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Turns a decoded image into the model's input: resized to the descriptor's input size when it
 * differs (bilinear), channel order as declared, divided by {@code scale}, then {@code (x - mean) /
 * std}, laid out {@code [3,H,W]}.
 */
public final class Preprocessor {
  private final ModelDescriptor d;

  public Preprocessor(ModelDescriptor d) {
    this.d = d;
  }

  /** The normalised {@code [3,H,W]} input of one image. */
  public float[] toInput(BufferedImage image) {
    BufferedImage rgb = resized(image);
    int w = d.width();
    int h = d.height();
    int plane = w * h;
    float[] out = new float[3 * plane];
    byte[] bgr = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < plane; i++) {
      int b = bgr[3 * i] & 0xFF;
      int g = bgr[3 * i + 1] & 0xFF;
      int r = bgr[3 * i + 2] & 0xFF;
      int first = d.bgr() ? b : r;
      int third = d.bgr() ? r : b;
      out[i] = (first / d.scale() - d.mean()[0]) / d.std()[0];
      out[plane + i] = (g / d.scale() - d.mean()[1]) / d.std()[1];
      out[2 * plane + i] = (third / d.scale() - d.mean()[2]) / d.std()[2];
    }
    return out;
  }

  private BufferedImage resized(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getWidth() == d.width()
        && image.getHeight() == d.height()) {
      return image;
    }
    BufferedImage out = new BufferedImage(d.width(), d.height(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, d.width(), d.height(), null);
    g.dispose();
    return out;
  }
}
