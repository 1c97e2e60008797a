package io.oodseg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelMapTest {
  @Test
  void theBenchmarkMapsOfDesignSection6() {
    assertThat(LabelMap.COMMON).hasToString("common (OoD 1, ID 0, void 255)");
    assertThat(LabelMap.ROAD_ANOMALY).hasToString("road-anomaly (OoD 2, ID 0, void none)");
    assertThat(LabelMap.LOST_AND_FOUND).hasToString("lost-and-found (OoD 2..200, ID 1, void 0)");
    for (int v = 0; v < 256; v++) {
      assertThat(LabelMap.LOST_AND_FOUND.map(v))
          .isEqualTo(v == 0 ? 255 : v == 1 ? 0 : v <= 200 ? 1 : -1);
      assertThat(LabelMap.ROAD_ANOMALY.map(v)).isEqualTo(v == 0 ? 0 : v == 2 ? 1 : -1);
    }
  }

  @Test
  void appliesInPlace() throws Exception {
    byte[] raw = {0, 1, 2, (byte) 200};
    assertThat(LabelMap.LOST_AND_FOUND.apply(raw, "x.png"))
        .isSameAs(raw)
        .containsExactly((byte) 255, 0, 1, 1);
  }

  @Test
  void anInvalidValueNamesFileValuesPixelCountAndMap() {
    byte[] raw = {0, 3, 3, 9, 1};
    assertThatThrownBy(() -> LabelMap.COMMON.apply(raw, "hdfs://nn/bench/a_mask.png"))
        .isInstanceOf(InvalidLabelException.class)
        .hasMessage(
            "label hdfs://nn/bench/a_mask.png holds value 3 (values outside the map: [3, 9]) in 3 pixel(s),"
                + " outside the map common (OoD 1, ID 0, void 255)");
  }

  @Test
  void refusesOverlapsAndValuesOutsideEightBits() {
    assertThatThrownBy(() -> LabelMap.of("x", List.of(1, 2), List.of(2), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value 2 is listed as ID and as OoD");
    assertThatThrownBy(() -> LabelMap.of("x", List.of(256), List.of(0), List.of()))
        .hasMessage("OoD value 256 is outside 0..255");
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    LabelMap map = LabelMap.of("mine", List.of(7), List.of(3, 4, 5), List.of(0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(map);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      LabelMap copy = (LabelMap) in.readObject();
      assertThat(copy).isEqualTo(map).hasToString("mine (OoD 7, ID 3..5, void 0)");
      assertThat(copy.map(4)).isEqualTo(LabelMap.ID);
    }
  }
}
