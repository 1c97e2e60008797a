package io.oodseg.catalog;

import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ImageDecoder;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.Preprocessor;
import io.oodseg.io.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;

/** Writes benchmark files in their real formats and decodes them the way executors do. */
final class Fixtures {
  static final Configuration CONF = new Configuration();
  private static Preprocessor preprocessor;

  private Fixtures() {}

  /** A w×h image at {@code file}: JPEG for .jpg/.jpeg, PNG for .png, by extension. */
  static void image(Path file, int w, int h) {
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i % w) * 20 << 16 | (i / w) * 30 << 8 | 0x40;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (name.endsWith(".png")) {
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      image.setRGB(0, 0, w, h, rgb, 0, w);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "png", out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bytes = out.toByteArray();
    } else {
      bytes = ImageCodec.jpeg(w, h, rgb, 0.9f);
    }
    write(file, bytes);
  }

  /** A w×h 8-bit greyscale PNG label whose pixel i holds {@code values[i % values.length]}. */
  static void label(Path file, int w, int h, int... values) {
    write(file, ImageCodec.grayPng(w, h, pattern(w * h, values)));
  }

  /** {@code n} values repeating {@code values}. */
  static byte[] pattern(int n, int... values) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) values[i % values.length];
    }
    return out;
  }

  /** A file with the given text. */
  static void text(Path file, String text) {
    write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a record as the executors do, with the reader's map. */
  static DecodedImage decode(ImageRecord record, LabelMap map)
      throws ImageDecoder.BadImageException {
    return new ImageDecoder(preprocessor(), map).decode(record, CONF);
  }

  private static synchronized Preprocessor preprocessor() {
    if (preprocessor == null) {
      preprocessor = new Preprocessor(ModelDescriptor.load(ModelDescriptor.EMBEDDED, CONF));
    }
    return preprocessor;
  }
}
