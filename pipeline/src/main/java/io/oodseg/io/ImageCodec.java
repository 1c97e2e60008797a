package io.oodseg.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes and decodes images and label masks with the JDK's ImageIO. */
public final class ImageCodec {
  private ImageCodec() {}

  /**
   * Decodes image bytes of any format ImageIO reads.
   *
   * @throws IOException when the bytes are not a readable image (the message says so)
   */
  public static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    if (image == null) {
      throw new IOException(
          "not an image in a format this reader knows (" + bytes.length + " bytes)");
    }
    return image;
  }

  /** Reads a single-channel label mask; values are the raw 8-bit sample of band 0. */
  public static byte[] labelValues(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[w * h];
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      image.getRaster().getDataElements(0, 0, w, h, out);
      return out;
    }
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRaster().getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (byte) row[x];
      }
    }
    return out;
  }

  /** Encodes packed {@code 0xRRGGBB} pixels as JPEG of the given quality (0..1). */
  public static byte[] jpeg(int width, int height, int[] rgb, float quality) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Encodes 8-bit single-channel values as a greyscale PNG. */
  public static byte[] grayPng(int width, int height, byte[] values) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(values, 0, data, 0, values.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed", e);
    }
    return bytes.toByteArray();
  }
}
