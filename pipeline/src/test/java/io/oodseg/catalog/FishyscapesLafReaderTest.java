package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FishyscapesLafReaderTest {
  @TempDir Path root;

  @Test
  void findsTheFrameOfEachMaskInAnySplit() {
    String name = "13_Elberfelder_Str_000002_000150";
    Fixtures.image(
        root.resolve("leftImg8bit/train/13_Elberfelder_Str/" + name + "_leftImg8bit.png"), 6, 4);
    Fixtures.image(
        root.resolve("leftImg8bit/train/13_Elberfelder_Str/unused_000000_000001_leftImg8bit.png"),
        6,
        4);
    Fixtures.label(
        root.resolve("fishyscapes_lostandfound/0042_" + name + "_labels.png"), 6, 4, 0, 1, 255);
    Listing listing =
        new FishyscapesLafReader(LabelMap.COMMON, 1).listing(root.toString(), Fixtures.CONF);
    assertThat(listing.warnings()).isEmpty();
    assertThat(listing.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo("0042_" + name);
              assertThat(r.imageUri())
                  .endsWith("/leftImg8bit/train/13_Elberfelder_Str/" + name + "_leftImg8bit.png");
            });
  }

  @Test
  void theCityIsTheNameWithoutSequenceAndFrame() {
    assertThat(FishyscapesLafReader.city("04_Maurener_Weg_8_000000_000030"))
        .isEqualTo("04_Maurener_Weg_8");
    assertThat(FishyscapesLafReader.city("x")).isEqualTo("x");
  }
}
