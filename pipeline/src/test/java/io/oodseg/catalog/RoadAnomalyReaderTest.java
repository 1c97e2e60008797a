package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoadAnomalyReaderTest {
  @TempDir Path root;

  @Test
  void theReleaseHasSixtyFramesAndAnotherCountWarns() {
    LayoutFixture layout = LayoutFixture.roadAnomaly();
    layout.write(root, 0);
    layout.write(root, 1);
    // the .labels folders beside the frames also hold other files; they are neither images nor
    // warned about
    Fixtures.label(
        root.resolve("frames/animals00_sheep.labels/labels_semantic_color.png"), 6, 4, 0);
    Listing listing = new RoadAnomalyReader().listing(root.toString(), Fixtures.CONF);
    assertThat(listing.records()).hasSize(2);
    assertThat(listing.warnings())
        .singleElement()
        .asString()
        .contains("found 2 images but expected 60");
    assertThat(new RoadAnomalyReader().labelMap()).isEqualTo(LabelMap.ROAD_ANOMALY);
  }
}
