package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LostAndFoundReaderTest {
  @TempDir Path root;

  private void frame(String split, String city, String name) {
    Fixtures.image(
        root.resolve("leftImg8bit/" + split + "/" + city + "/" + name + "_leftImg8bit.png"), 6, 4);
    Fixtures.label(
        root.resolve("gtCoarse/" + split + "/" + city + "/" + name + "_gtCoarse_labelIds.png"),
        6,
        4,
        0,
        1,
        5);
  }

  @Test
  void listsEverySplitOrOne() {
    frame("test", "02_Hanns_Klemm_Str_44", "02_Hanns_Klemm_Str_44_000000_000040");
    frame("train", "01_Hanns_Klemm_Str_45", "01_Hanns_Klemm_Str_45_000000_000100");
    Fixtures.label(
        root.resolve("gtCoarse/test/02_Hanns_Klemm_Str_44/other_gtCoarse_color.png"), 6, 4, 0);
    Listing all = new LostAndFoundReader().listing(root.toString(), Fixtures.CONF);
    assertThat(all.records())
        .extracting(ImageRecord::id)
        .containsExactly(
            "01_Hanns_Klemm_Str_45_000000_000100", "02_Hanns_Klemm_Str_44_000000_000040");
    assertThat(all.records().get(0).labelUri())
        .endsWith(
            "/gtCoarse/train/01_Hanns_Klemm_Str_45/01_Hanns_Klemm_Str_45_000000_000100_gtCoarse_labelIds.png");
    assertThat(all.warnings()).isEmpty();
    Listing test =
        new LostAndFoundReader(LabelMap.LOST_AND_FOUND, 1, "test")
            .listing(root.toString(), Fixtures.CONF);
    assertThat(test.records())
        .extracting(ImageRecord::id)
        .containsExactly("02_Hanns_Klemm_Str_44_000000_000040");
    assertThat(
            new LostAndFoundReader(LabelMap.LOST_AND_FOUND, 0, "{train,test}")
                .listing(root.toString(), Fixtures.CONF)
                .records())
        .hasSize(2);
  }

  @Test
  void aSplitWithoutImagesIsAnErrorNamingIt() {
    frame("test", "02_Hanns_Klemm_Str_44", "02_Hanns_Klemm_Str_44_000000_000040");
    assertThatThrownBy(
            () ->
                new LostAndFoundReader(LabelMap.LOST_AND_FOUND, 0, "val")
                    .listing(root.toString(), Fixtures.CONF))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no images found")
        .hasMessageContaining("leftImg8bit/val/<city>/<name>_leftImg8bit.png");
  }
}
