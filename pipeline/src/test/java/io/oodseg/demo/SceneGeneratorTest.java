package io.oodseg.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
  private final SceneGenerator generator = new SceneGenerator(512, 256, 7);

  @Test
  void sameSeedAndIndexGiveTheSameScene() {
    SyntheticScene a = generator.generate(3, true);
    SyntheticScene b = new SceneGenerator(512, 256, 7).generate(3, true);
    assertThat(b.rgb()).isEqualTo(a.rgb());
    assertThat(b.oodLabel()).isEqualTo(a.oodLabel());
    assertThat(new SceneGenerator(512, 256, 8).generate(3, true).rgb()).isNotEqualTo(a.rgb());
  }

  @Test
  void idScenesHoldAtLeastFiveClassesAndNoOod() {
    Set<Integer> classes = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      SyntheticScene s = generator.generate(i, false);
      for (byte b : s.semantic()) {
        classes.add(b & 0xFF);
      }
      for (byte b : s.oodLabel()) {
        assertThat(b).isZero();
      }
    }
    assertThat(classes).hasSizeGreaterThanOrEqualTo(5).doesNotContain(SceneGenerator.OOD_CLASS);
  }

  @Test
  void oodObjectsSitOnTheRoadWithAVoidBandAround() {
    for (int i = 0; i < 10; i++) {
      SyntheticScene s = generator.generate(i, true);
      int ood = 0;
      int voids = 0;
      for (int p = 0; p < s.oodLabel().length; p++) {
        int label = s.oodLabel()[p] & 0xFF;
        assertThat(label).isIn(0, 1, 255);
        ood += label == 1 ? 1 : 0;
        voids += label == 255 ? 1 : 0;
        if (label == 1) {
          assertThat(s.semantic()[p] & 0xFF).isEqualTo(SceneGenerator.OOD_CLASS);
        }
      }
      assertThat(ood).as("scene %d has OoD pixels", i).isGreaterThan(200);
      assertThat(voids).as("scene %d has a void band", i).isGreaterThan(0).isLessThan(ood);
      // The pixel below each object's lowest row is road, sidewalk, marking or void in most scenes:
      // checked loosely as "the OoD centroid lies in the lower half of the image".
      long sumY = 0;
      for (int p = 0; p < s.oodLabel().length; p++) {
        if (s.oodLabel()[p] == 1) {
          sumY += p / s.width();
        }
      }
      assertThat(sumY / ood).isGreaterThan(s.height() / 2);
    }
  }
}
