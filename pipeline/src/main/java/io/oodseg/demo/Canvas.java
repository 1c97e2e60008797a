package io.oodseg.demo;

import java.util.random.RandomGenerator;

/** Mutable drawing surface of a scene under construction: colour, class and OoD label. */
final class Canvas {
  final int width;
  final int height;
  final float[] red;
  final float[] green;
  final float[] blue;
  final byte[] semantic;
  final byte[] ood;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    int n = width * height;
    red = new float[n];
    green = new float[n];
    blue = new float[n];
    semantic = new byte[n];
    ood = new byte[n];
  }

  /** Paints one pixel with a base colour, a texture factor and Gaussian noise. */
  void paint(int x, int y, int cls, float[] rgb, float texture, float noise, RandomGenerator rnd) {
    int i = y * width + x;
    red[i] = rgb[0] * texture + (float) gaussian(rnd) * noise;
    green[i] = rgb[1] * texture + (float) gaussian(rnd) * noise;
    blue[i] = rgb[2] * texture + (float) gaussian(rnd) * noise;
    semantic[i] = (byte) cls;
  }

  /**
   * A standard normal draw by the Box–Muller transform of two uniform draws. The JDK's {@code
   * nextGaussian} is not used: its algorithm changed after Java 17 (rarely, but enough to change a
   * scene), and the demo's scenes must be the same on every JDK.
   */
  static double gaussian(RandomGenerator rnd) {
    double u = 1.0 - rnd.nextDouble(); // (0, 1]: log stays finite
    double v = rnd.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
  }

  boolean inside(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height;
  }

  /** Packs the float channels into clamped {@code 0xRRGGBB} pixels, scaled by a gain. */
  int[] packed(float gain) {
    int[] out = new int[red.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = clamp(red[i] * gain) << 16 | clamp(green[i] * gain) << 8 | clamp(blue[i] * gain);
    }
    return out;
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }
}
