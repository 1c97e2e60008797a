package io.oodseg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Panels of a 3×2 image whose every colour is known by hand. */
class PanelRendererTest {
  // pixels: (0,0) (1,0) (2,0) / (0,1) (1,1) (2,1)
  static final int[] RGB = {0xffffff, 0x000000, 0x808080, 0xff0000, 0x00ff00, 0x0000ff};
  static final byte[] LABEL = {0, 1, (byte) 255, 0, 1, 0};
  static final int[] CLUSTERS = {0, 0, 1, 1, 2, 2};
  static final boolean[] FLAGGED = {false, true, false};
  static final double[] SCORE = {1.0, 5.0, 3.0, 3.0, 2.0, -4.0};

  @Test
  void panelsAreAtTheLabelsResolutionWithTheDocumentedColours() throws Exception {
    byte[][] pngs = new PanelRenderer(3, 2).render(RGB, LABEL, CLUSTERS, FLAGGED, SCORE);
    assertThat(pngs.length).isEqualTo(PanelRenderer.PANELS.length);
    BufferedImage[] panels = new BufferedImage[pngs.length];
    for (int i = 0; i < pngs.length; i++) {
      panels[i] = ImageIO.read(new ByteArrayInputStream(pngs[i]));
      assertThat(panels[i].getWidth()).isEqualTo(3);
      assertThat(panels[i].getHeight()).isEqualTo(2);
    }
    assertThat(rgb(panels[0], 0, 1)).isEqualTo(0xff0000);
    // truth: ID grey, OoD orange, void white
    assertThat(rgb(panels[1], 0, 0)).isEqualTo(0x4a4a4a);
    assertThat(rgb(panels[1], 1, 0)).isEqualTo(0xff8c00);
    assertThat(rgb(panels[1], 2, 0)).isEqualTo(0xffffff);
    // clusters: Tableau colours by id
    assertThat(rgb(panels[2], 0, 0)).isEqualTo(0x1f77b4);
    assertThat(rgb(panels[2], 2, 0)).isEqualTo(0xff7f0e);
    assertThat(rgb(panels[2], 1, 1)).isEqualTo(0x2ca02c);
    // flagged cluster 1 (pixels (2,0), (0,1)): image mixed 65 % towards red 0xe0202a; others dimmed
    // 55 % to black
    assertThat(rgb(panels[3], 0, 1)).isEqualTo(mix(0xff0000, 0xe0202a, 0.65));
    assertThat(rgb(panels[3], 2, 0)).isEqualTo(mix(0x808080, 0xe0202a, 0.65));
    assertThat(rgb(panels[3], 0, 0)).isEqualTo(mix(0xffffff, 0x000000, 0.55));
    // score by mid-rank: -4 lowest (0), 5 highest (1), the tied 3.0s share rank (3 + 4) / 2 of 0..5
    assertThat(rgb(panels[4], 2, 1)).isEqualTo(0x440154);
    assertThat(rgb(panels[4], 1, 0)).isEqualTo(0xfde725);
    assertThat(rgb(panels[4], 2, 0))
        .isEqualTo(rgb(panels[4], 0, 1))
        .isEqualTo(Palette.sequential(3.5 / 5));
  }

  @Test
  void sizeMismatchIsRefusedNamingTheSize() {
    assertThatThrownBy(() -> new PanelRenderer(4, 2).render(RGB, LABEL, CLUSTERS, FLAGGED, SCORE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4x2");
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xffffff;
  }

  private static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
    int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
    int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
    return (r << 16) | (g << 8) | bl;
  }
}
