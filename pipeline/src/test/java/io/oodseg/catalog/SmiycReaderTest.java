package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.UsageException;
import io.oodseg.infer.DecodedImage;
import io.oodseg.io.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmiycReaderTest {
  @TempDir Path root;

  private static byte[] webp(String name) throws Exception {
    try (InputStream in = SmiycReaderTest.class.getResourceAsStream("/fixtures/webp/" + name)) {
      assertThat(in).as("fixture " + name + " (made by fixtures/make_webp.py)").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void webpImagesDecode() throws Exception {
    BufferedImage lossless = ImageCodec.decode(webp("lossless.webp"));
    assertThat(lossless.getWidth()).isEqualTo(16);
    assertThat(lossless.getHeight()).isEqualTo(8);
    assertThat(lossless.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertThat(lossless.getRGB(15, 7) & 0xFFFFFF).isEqualTo(0x0000FF);
    BufferedImage lossy = ImageCodec.decode(webp("lossy.webp"));
    assertThat((lossy.getRGB(0, 0) >> 16) & 0xFF).isGreaterThan(240);
    assertThat(lossy.getRGB(15, 7) & 0xFF).isGreaterThan(240);
  }

  @Test
  void readsRoadObstacleWebpPairs() throws Exception {
    Fixtures.write(root.resolve("images/validation_1.webp"), webp("lossy.webp"));
    Fixtures.label(root.resolve("labels_masks/validation_1_labels_semantic.png"), 16, 8, 0, 1, 255);
    ImageRecord record = new SmiycReader().list(root.toString(), Fixtures.CONF).get(0);
    assertThat(record.id()).isEqualTo("validation_1");
    DecodedImage decoded = Fixtures.decode(record, LabelMap.COMMON);
    assertThat(decoded.labelWidth()).isEqualTo(16);
    assertThat(decoded.label()).containsExactly(Fixtures.pattern(16 * 8, 0, 1, 255));
  }

  @Test
  void theSplitKeepsTheLabelledValidationFrames() {
    LayoutFixture layout = LayoutFixture.smiyc();
    layout.write(root, 0);
    Fixtures.image(root.resolve("images/airplane0000.jpg"), 6, 4); // held-out test frame, no label
    Listing all = new SmiycReader(LabelMap.COMMON, 0, "").listing(root.toString(), Fixtures.CONF);
    assertThat(all.records())
        .extracting(ImageRecord::id)
        .containsExactly("airplane0000", "validation0000");
    assertThat(all.warnings())
        .singleElement()
        .asString()
        .contains("1 of 2 image(s) have no label file");
    Listing validation =
        new SmiycReader(LabelMap.COMMON, 1, "validation").listing(root.toString(), Fixtures.CONF);
    assertThat(validation.records()).extracting(ImageRecord::id).containsExactly("validation0000");
    assertThat(validation.warnings()).isEmpty();
  }

  @Test
  void twoImagesWithOneIdAreAnError() {
    Fixtures.image(root.resolve("images/a.jpg"), 6, 4);
    Fixtures.image(root.resolve("images/a.png"), 6, 4);
    assertThatThrownBy(() -> new SmiycReader().listing(root.toString(), Fixtures.CONF))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("have the same id a")
        .hasMessageContaining("images/a.jpg")
        .hasMessageContaining("images/a.png");
  }
}
