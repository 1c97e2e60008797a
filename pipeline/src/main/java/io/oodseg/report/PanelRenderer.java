package io.oodseg.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Draws the overlay panels of one image at the label's resolution, from plain arrays (row-major,
 * {@code width * height} entries): the image, the ground truth (ID grey, OoD orange, void white),
 * the K-Means clusters (one colour per cluster), the flagged clusters (red over the dimmed image)
 * and the method's score map. The score map is coloured by each pixel's rank among the image's
 * scores (the metrics depend only on the order of scores, and the fused score's offset would
 * otherwise flatten everything but the flag).
 */
public final class PanelRenderer {
  /** Panel names, in display order. */
  public static final String[] PANELS = {"image", "truth", "clusters", "flagged", "score"};

  private static final int ID = 0x4a4a4a;
  private static final int OOD = 0xff8c00;
  private static final int VOID = 0xffffff;
  private static final int FLAG = 0xe0202a;
  private final int width;
  private final int height;

  public PanelRenderer(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /**
   * The five panels as PNG bytes, in {@link #PANELS} order.
   *
   * @param rgb image pixels {@code 0xRRGGBB}
   * @param label common label values (0 ID, 1 OoD, 255 void)
   * @param clusters cluster id per pixel
   * @param flagged flag per cluster id
   * @param score the method's score per pixel (higher = more OoD)
   */
  public byte[][] render(
      int[] rgb, byte[] label, int[] clusters, boolean[] flagged, double[] score) {
    int n = width * height;
    for (int[] a : new int[][] {rgb, clusters}) {
      if (a.length != n) {
        throw new IllegalArgumentException(
            "expected " + n + " pixels (" + width + "x" + height + "), got " + a.length);
      }
    }
    if (label.length != n || score.length != n) {
      throw new IllegalArgumentException("label or score map is not " + width + "x" + height);
    }
    int[] truth = new int[n];
    int[] cluster = new int[n];
    int[] flags = new int[n];
    int[] scores = new int[n];
    double[] sorted = score.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      int v = label[i] & 0xff;
      truth[i] = v == 1 ? OOD : v == 255 ? VOID : ID;
      cluster[i] = Palette.series(clusters[i]);
      int grey = Palette.mix(rgb[i], 0x000000, 0.55);
      boolean f = clusters[i] >= 0 && clusters[i] < flagged.length && flagged[clusters[i]];
      flags[i] = f ? Palette.mix(rgb[i], FLAG, 0.65) : grey;
      scores[i] = Palette.sequential(rank(sorted, score[i]));
    }
    return new byte[][] {png(rgb), png(truth), png(cluster), png(flags), png(scores)};
  }

  /** Share of the scores below {@code v}, counting ties as half (mid-rank), in [0, 1]. */
  private static double rank(double[] sorted, double v) {
    int lo = lowerBound(sorted, v);
    int hi = lowerBound(sorted, Math.nextUp(v));
    return sorted.length <= 1 ? 1.0 : (lo + (hi - lo - 1) / 2.0) / (sorted.length - 1);
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private byte[] png(int[] pixels) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, pixels, 0, width);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "PNG encoding of a " + width + "x" + height + " panel failed", e);
    }
    return bytes.toByteArray();
  }
}
