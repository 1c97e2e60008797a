package io.oodseg.infer;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.io.HadoopFiles;
import io.oodseg.io.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads an image and its label on the executor and checks them: both decodable, the same
 * size, label values only ID (0), OoD ({@code positive}) or void. Any problem is a
 * {@link BadImageException} naming the file.
 */
public final class ImageDecoder {
  private final Preprocessor preprocessor;
  private final int positive;
  private final int voidValue;

  public ImageDecoder(Preprocessor preprocessor, int positive, int voidValue) {
    this.preprocessor = preprocessor;
    this.positive = positive;
    this.voidValue = voidValue;
  }

  /** Decodes one record into model input and label. */
  public DecodedImage decode(ImageRecord record, Configuration conf) throws BadImageException {
    long start = System.nanoTime();
    BufferedImage image = read(record.imageUri(), conf, "image");
    BufferedImage labelImage = read(record.labelUri(), conf, "label");
    if (image.getWidth() != labelImage.getWidth() || image.getHeight() != labelImage.getHeight()) {
      throw new BadImageException("label " + record.labelUri() + " is " + labelImage.getWidth() + "x"
          + labelImage.getHeight() + " but its image is " + image.getWidth() + "x" + image.getHeight());
    }
    byte[] label = ImageCodec.labelValues(labelImage);
    for (byte b : label) {
      int v = b & 0xFF;
      if (v != 0 && v != positive && v != voidValue) {
        throw new BadImageException("label " + record.labelUri() + " holds value " + v
            + ", outside the map (ID 0, OoD " + positive + ", void " + voidValue + ")");
      }
    }
    float[] pixels = preprocessor.toInput(image);
    return new DecodedImage(record, pixels, label, labelImage.getWidth(), labelImage.getHeight(), System.nanoTime() - start);
  }

  private static BufferedImage read(String uri, Configuration conf, String what) throws BadImageException {
    try {
      return ImageCodec.decode(HadoopFiles.readAll(uri, conf));
    } catch (IOException e) {
      throw new BadImageException(what + " " + uri + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** An image or label that cannot be used; the message names the file and the problem. */
  public static final class BadImageException extends Exception {
    private static final long serialVersionUID = 1L;

    BadImageException(String message) {
      super(message);
    }

    BadImageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
