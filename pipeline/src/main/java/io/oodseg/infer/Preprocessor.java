package io.oodseg.infer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Turns a decoded image into the model's input as the descriptor's {@link InputPipeline} says:
 * resized (bilinear) to the pipeline's scaled size when it differs, channel order as declared,
 * divided by {@code scale}, then {@code (x - mean) / std}, laid out {@code [3,H,W]} on the
 * pipeline's canvas; the padding (bottom and right) is 0 after normalisation, as mmseg's {@code
 * SegDataPreProcessor} pads.
 */
public final class Preprocessor {
  private final ModelDescriptor d;

  public Preprocessor(ModelDescriptor d) {
    this.d = d;
  }

  /**
   * The normalised input of one image.
   *
   * @param pixels {@code [3, canvas.height, canvas.width]}, the image in the top left {@code
   *     scaled} corner
   * @param scaled the size the image was resized to
   * @param canvas the input's size
   */
  public record Input(float[] pixels, InputPipeline.Size scaled, InputPipeline.Size canvas) {}

  /** The normalised {@code [3,H,W]} input of one image. */
  public Input toInput(BufferedImage image) {
    InputPipeline pipeline = d.pipeline();
    InputPipeline.Size scaled = pipeline.scaled(image.getWidth(), image.getHeight());
    InputPipeline.Size canvas = pipeline.canvas(scaled);
    BufferedImage rgb = resized(image, scaled);
    int w = scaled.width();
    int plane = canvas.plane();
    float[] out = new float[3 * plane];
    byte[] bgr = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < scaled.height(); y++) {
      for (int x = 0; x < w; x++) {
        int s = 3 * (y * w + x);
        int i = y * canvas.width() + x;
        int b = bgr[s] & 0xFF;
        int g = bgr[s + 1] & 0xFF;
        int r = bgr[s + 2] & 0xFF;
        int first = d.bgr() ? b : r;
        int third = d.bgr() ? r : b;
        out[i] = (first / d.scale() - d.mean()[0]) / d.std()[0];
        out[plane + i] = (g / d.scale() - d.mean()[1]) / d.std()[1];
        out[2 * plane + i] = (third / d.scale() - d.mean()[2]) / d.std()[2];
      }
    }
    return new Input(out, scaled, canvas);
  }

  private static BufferedImage resized(BufferedImage image, InputPipeline.Size size) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getWidth() == size.width()
        && image.getHeight() == size.height()) {
      return image;
    }
    BufferedImage out =
        new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, size.width(), size.height(), null);
    g.dispose();
    return out;
  }
}
