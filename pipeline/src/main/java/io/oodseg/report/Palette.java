package io.oodseg.report;

/** Colours of the reports: distinct series colours and a perceptual sequential colour map. */
public final class Palette {
  /** Distinct colours (Tableau 10) for curves and cluster ids. */
  private static final int[] SERIES = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22,
    0x17becf
  };

  /** Anchors of a viridis-like map, from low to high. */
  private static final int[] SEQUENTIAL = {
    0x440154, 0x414487, 0x2a788e, 0x22a884, 0x7ad151, 0xfde725
  };

  private Palette() {}

  /** Colour {@code i} of the series colours, repeating after ten, as {@code 0xRRGGBB}. */
  public static int series(int i) {
    return SERIES[Math.floorMod(i, SERIES.length)];
  }

  /** CSS hex form of a {@code 0xRRGGBB} colour. */
  public static String css(int rgb) {
    return String.format("#%06x", rgb & 0xffffff);
  }

  /** The sequential map at {@code t} in [0, 1] (clamped), as {@code 0xRRGGBB}. */
  public static int sequential(double t) {
    double x = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (SEQUENTIAL.length - 1);
    int i = Math.min((int) x, SEQUENTIAL.length - 2);
    return mix(SEQUENTIAL[i], SEQUENTIAL[i + 1], x - i);
  }

  /** {@code a} blended towards {@code b} by {@code t} in [0, 1]. */
  public static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
    int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
    int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
    return (r << 16) | (g << 8) | bl;
  }
}
