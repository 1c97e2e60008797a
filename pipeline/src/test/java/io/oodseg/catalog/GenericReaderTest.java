package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericReaderTest {
  @TempDir Path root;
  private final LabelMap map = LabelMap.of("street", List.of(1), List.of(0), List.of());

  private Listing list(String glob, String regex, String replacement) {
    return new GenericReader(glob, Pattern.compile(regex), replacement, map, 0)
        .listing(root.toString(), Fixtures.CONF);
  }

  @Test
  void idsArePathsAfterTheGlobsFixedFolders() {
    Fixtures.image(root.resolve("data/day/img/a.jpg"), 6, 4);
    Fixtures.image(root.resolve("data/night/img/a.jpg"), 6, 4);
    Listing listing = list("data/*/img/*.jpg", "data/(\\w+)/img/(.+)\\.jpg", "data/$1/gt/$2.png");
    assertThat(listing.records())
        .extracting(ImageRecord::id)
        .containsExactly("day/img/a", "night/img/a");
    assertThat(listing.records().get(1).labelUri()).endsWith("/data/night/gt/a.png");
    assertThat(GenericReader.fixedPrefix("images/*.jpg")).isEqualTo("images/");
    assertThat(GenericReader.fixedPrefix("{a,b}/x/*.png")).isEmpty();
  }

  @Test
  void imagesTheExpressionDoesNotMatchAreLeftOutWithAWarningOrAnErrorWhenNoneMatches() {
    Fixtures.image(root.resolve("img/a.jpg"), 6, 4);
    Fixtures.image(root.resolve("img/b.png"), 6, 4);
    Listing listing = list("img/*", "img/(.+)\\.jpg", "gt/$1.png");
    assertThat(listing.records()).extracting(ImageRecord::id).containsExactly("a");
    assertThat(listing.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains(
                        "left out 1 of 2 image(s) do not match oodseg.benchmark.generic.label-regex",
                        "img/b.png"));
    assertThatThrownBy(() -> list("img/*", "pics/(.+)", "gt/$1.png"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "2 of 2 image(s) do not match oodseg.benchmark.generic.label-regex pics/(.+)");
  }
}
