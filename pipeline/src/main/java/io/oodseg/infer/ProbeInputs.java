package io.oodseg.infer;

/**
 * The numerics probe's seeded inputs and sample positions, bit for bit those of the Python
 * reference ({@code notebooks/numerics_probe.py}): SplitMix64 of {@code seed << 32 | index}, its
 * top 24 bits as a uniform in [0, 1), computed in double and rounded once to float.
 *
 * <ul>
 *   <li>{@code noise}: every value uniform in [-3, 3);
 *   <li>{@code blocks}: 16×16 blocks per channel, each uniform in [-2, 2) (image-like flat regions
 *       and edges).
 * </ul>
 */
public final class ProbeInputs {
  /** Sampled values per output. */
  public static final int SAMPLES = 8;

  private static final int BLOCK = 16;
  private static final long SAMPLE_SALT = 0x5EED0000L;

  private ProbeInputs() {}

  /** SplitMix64's finaliser (wrapping long arithmetic). */
  static long splitmix64(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double unit(long x) {
    return (splitmix64(x) >>> 40) / (double) (1 << 24);
  }

  /** One probe image, {@code [3, height, width]} flattened. */
  public static float[] image(String kind, long seed, int height, int width) {
    long base = seed << 32;
    float[] out = new float[3 * height * width];
    switch (kind) {
      case "noise" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) ((unit(base + i) - 0.5) * 6.0);
        }
      }
      case "blocks" -> {
        int by = (height + BLOCK - 1) / BLOCK;
        int bx = (width + BLOCK - 1) / BLOCK;
        int i = 0;
        for (int c = 0; c < 3; c++) {
          for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
              long cell = ((long) c * by + y / BLOCK) * bx + x / BLOCK;
              out[i++] = (float) ((unit(base + cell) - 0.5) * 4.0);
            }
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown probe recipe kind \"" + kind + "\" (known: noise, blocks)");
    }
    return out;
  }

  /**
   * The flat positions sampled in one image's slice of output {@code output} ({@code count}
   * values).
   */
  public static int[] sampleIndices(int output, int count) {
    int[] idx = new int[SAMPLES];
    for (int j = 0; j < SAMPLES; j++) {
      idx[j] = (int) Long.remainderUnsigned(splitmix64(SAMPLE_SALT + output * 64L + j), count);
    }
    return idx;
  }
}
