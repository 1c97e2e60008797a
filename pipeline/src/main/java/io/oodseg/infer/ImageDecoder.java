package io.oodseg.infer;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.catalog.InvalidLabelException;
import io.oodseg.catalog.LabelMap;
import io.oodseg.io.HadoopFiles;
import io.oodseg.io.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Objects;
import javax.imageio.spi.IIORegistry;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads an image and its label on the executor and checks them: both decodable (JPEG, PNG, and WebP
 * through TwelveMonkeys), the same size, an 8-bit label whose every value is in the benchmark's
 * {@link LabelMap}. The label comes back in the common labels (0 = ID, 1 = OoD, 255 = void). Any
 * problem is a {@link BadImageException} naming the file.
 */
public final class ImageDecoder {
  static {
    // ImageIO finds plugins through the class path it saw first; Spark adds the application's
    // jars later, so the WebP reader is registered explicitly (re-registering replaces it).
    IIORegistry.getDefaultInstance().registerServiceProvider(new WebPImageReaderSpi());
  }

  private final Preprocessor preprocessor;
  private final LabelMap labelMap;

  /**
   * A decoder that maps raw label values through the benchmark reader's map.
   *
   * @param preprocessor turns the image into model input
   * @param labelMap the benchmark's raw values to common labels ({@code reader.labelMap()})
   */
  public ImageDecoder(Preprocessor preprocessor, LabelMap labelMap) {
    this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
  }

  /** The map applied to every label. */
  public LabelMap labelMap() {
    return labelMap;
  }

  /** Decodes one record into model input and a label in common values. */
  public DecodedImage decode(ImageRecord record, Configuration conf) throws BadImageException {
    long start = System.nanoTime();
    BufferedImage image = read(record.imageUri(), conf, "image");
    BufferedImage labelImage = read(record.labelUri(), conf, "label");
    if (image.getWidth() != labelImage.getWidth() || image.getHeight() != labelImage.getHeight()) {
      throw new BadImageException(
          "label "
              + record.labelUri()
              + " is "
              + labelImage.getWidth()
              + "x"
              + labelImage.getHeight()
              + " but its image is "
              + image.getWidth()
              + "x"
              + image.getHeight());
    }
    int bits = labelImage.getSampleModel().getSampleSize(0);
    if (bits > 8) {
      throw new BadImageException(
          "label " + record.labelUri() + " has " + bits + "-bit values; 8-bit labels expected");
    }
    byte[] label;
    try {
      label = labelMap.apply(ImageCodec.labelValues(labelImage), record.labelUri());
    } catch (InvalidLabelException e) {
      throw new BadImageException(e.getMessage(), e);
    }
    Preprocessor.Input input = preprocessor.toInput(image);
    return new DecodedImage(
        record,
        input.pixels(),
        input.scaled(),
        input.canvas(),
        label,
        labelImage.getWidth(),
        labelImage.getHeight(),
        System.nanoTime() - start);
  }

  private static BufferedImage read(String uri, Configuration conf, String what)
      throws BadImageException {
    try {
      return ImageCodec.decode(HadoopFiles.readAll(uri, conf));
    } catch (IOException | RuntimeException e) {
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
