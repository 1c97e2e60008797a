package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.config.UsageException;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ImageDecoder.BadImageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every reader does alike, checked on each layout's exact on-disk naming. */
class CommonReaderTest {
  @TempDir Path root;

  static List<LayoutFixture> layouts() {
    return LayoutFixture.all();
  }

  private Listing list(LayoutFixture layout, int expected) {
    return layout.reader().apply(expected).listing(root.toString(), Fixtures.CONF);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void findsThePairsSortedByIdAndMapsTheValues(LayoutFixture layout) throws Exception {
    for (int i : new int[] {2, 0, 1}) {
      layout.write(root, i);
    }
    Listing listing = list(layout, 3);
    assertThat(listing.warnings()).isEmpty();
    assertThat(listing.records())
        .extracting(ImageRecord::id)
        .containsExactly(layout.id().apply(0), layout.id().apply(1), layout.id().apply(2));
    LabelMap map = layout.reader().apply(3).labelMap();
    for (int i = 0; i < 3; i++) {
      ImageRecord r = listing.records().get(i);
      assertThat(r.imageUri()).startsWith("file:").endsWith("/" + layout.image().apply(i));
      assertThat(r.labelUri()).startsWith("file:").endsWith("/" + layout.label().apply(i));
      DecodedImage decoded = Fixtures.decode(r, map);
      assertThat(decoded.labelWidth()).isEqualTo(LayoutFixture.W);
      assertThat(decoded.label())
          .containsExactly(Fixtures.pattern(LayoutFixture.W * LayoutFixture.H, layout.common()));
    }
    // a file:// URI lists the same records
    assertThat(layout.reader().apply(3).list(root.toUri().toString(), Fixtures.CONF))
        .isEqualTo(listing.records());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aMissingRootIsAnErrorNamingRootAndLayout(LayoutFixture layout) {
    String missing = root.resolve("nowhere").toString();
    AbstractBenchmarkReader reader = (AbstractBenchmarkReader) layout.reader().apply(0);
    assertThatThrownBy(() -> reader.listing(missing, Fixtures.CONF))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(reader.expectedLayout());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void anEmptyBenchmarkIsAnError(LayoutFixture layout) throws Exception {
    for (String folder : layout.folders()) {
      Files.createDirectories(root.resolve(folder));
    }
    assertThatThrownBy(() -> list(layout, 0))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("no images found");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aRootWithoutTheLayoutsFoldersIsAnErrorSayingWhatIsExpected(LayoutFixture layout)
      throws Exception {
    Files.createDirectories(root.resolve("something-else"));
    assertThatThrownBy(() -> list(layout, 0))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("expected");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void nonImageFilesAreIgnored(LayoutFixture layout) {
    layout.write(root, 0);
    Fixtures.text(root.resolve(layout.nonImage()), "not an image");
    Listing listing = list(layout, 1);
    assertThat(listing.records()).extracting(ImageRecord::id).containsExactly(layout.id().apply(0));
    if (layout.warnsOnNonImage()) {
      assertThat(listing.warnings())
          .singleElement()
          .asString()
          .contains("ignored 1 file(s)", layout.nonImage());
    } else {
      assertThat(listing.warnings()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aMissingFileStillListsTheRecordAndItsDecodingNamesThePath(LayoutFixture layout)
      throws Exception {
    layout.write(root, 0);
    layout.write(root, 1);
    String gone = layout.labelDriven() ? layout.image().apply(0) : layout.label().apply(0);
    Files.delete(root.resolve(gone));
    Listing listing = list(layout, 2);
    assertThat(listing.records()).hasSize(2);
    assertThat(listing.warnings())
        .singleElement()
        .asString()
        .contains(layout.id().apply(0), "will be recorded as errors");
    ImageRecord first = listing.records().get(0);
    assertThat(layout.labelDriven() ? first.imageUri() : first.labelUri()).endsWith("/" + gone);
    assertThatThrownBy(() -> Fixtures.decode(first, layout.reader().apply(2).labelMap()))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(gone)
        .hasMessageContaining("cannot be read");
    Fixtures.decode(listing.records().get(1), layout.reader().apply(2).labelMap());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void labelValuesOutsideTheMapFailNamingFileAndValue(LayoutFixture layout) {
    int[] values = layout.raw().clone();
    values[values.length - 1] = layout.invalid();
    layout.write(root, 0, LayoutFixture.W, LayoutFixture.H, values);
    BenchmarkReader reader = layout.reader().apply(1);
    ImageRecord record = reader.listing(root.toString(), Fixtures.CONF).records().get(0);
    assertThatThrownBy(() -> Fixtures.decode(record, reader.labelMap()))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(layout.label().apply(0))
        .hasMessageContaining("holds value " + layout.invalid())
        .hasMessageContaining("outside the map " + reader.labelMap());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void aLabelOfAnotherSizeFailsNamingBothSizes(LayoutFixture layout) {
    layout.write(root, 0, LayoutFixture.W + 1, LayoutFixture.H, layout.raw());
    BenchmarkReader reader = layout.reader().apply(1);
    ImageRecord record = reader.listing(root.toString(), Fixtures.CONF).records().get(0);
    assertThatThrownBy(() -> Fixtures.decode(record, reader.labelMap()))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(layout.label().apply(0))
        .hasMessageContaining("is 7x4 but its image is 6x4");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void anImageCountOtherThanExpectedWarnsWithBothNumbers(LayoutFixture layout) {
    for (int i = 0; i < 3; i++) {
      layout.write(root, i);
    }
    assertThat(list(layout, 5).warnings())
        .singleElement()
        .asString()
        .contains("found 3 images but expected 5", "oodseg.benchmark.expected-count");
    assertThat(list(layout, 3).warnings()).isEmpty();
    assertThat(list(layout, 0).warnings()).isEmpty();
  }
}
