package io.oodseg.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic generator of road-like scenes for the embedded demo.
 *
 * <p>Seven in-distribution classes (road, sidewalk, lane marking, vegetation, building, sky,
 * vehicle), each with its own colour, texture and noise. With OoD enabled, one to three objects
 * whose shapes and colours no ID class has (saturated stripes, checkerboards, dots and rainbow
 * patterns on ellipses, triangles, crosses and blobs) are placed on the road; they are labelled 1
 * and surrounded by a two-pixel void band (255). Scene {@code i} of seed {@code s} is the same
 * whatever else is generated, so benchmarks of any size share their first scenes.
 */
public final class SceneGenerator {
  /** Names of the in-distribution classes, indexed by class id. */
  public static final List<String> CLASS_NAMES =
      List.of("road", "sidewalk", "marking", "vegetation", "building", "sky", "vehicle");

  /** Semantic class id written for OoD pixels (never a training target). */
  public static final int OOD_CLASS = 254;

  private static final int ROAD = 0;
  private static final int SIDEWALK = 1;
  private static final int MARKING = 2;
  private static final int VEGETATION = 3;
  private static final int BUILDING = 4;
  private static final int SKY = 5;
  private static final int VEHICLE = 6;
  private static final float[][] BUILDING_COLOURS = {
    {150, 140, 130}, {120, 100, 85}, {185, 170, 150}, {105, 110, 120}, {160, 120, 100}
  };
  private static final float[][] VEHICLE_COLOURS = {
    {150, 25, 25}, {30, 50, 140}, {220, 220, 225}, {30, 30, 32}, {150, 155, 160}
  };
  private static final float[][] OOD_COLOURS = {
    {255, 0, 200}, {255, 140, 0}, {0, 110, 255}, {250, 240, 0}, {140, 0, 255}, {255, 255, 255}
  };

  private final int width;
  private final int height;
  private final long seed;

  /**
   * @param width scene width in pixels (at least 64)
   * @param height scene height in pixels (at least 32)
   * @param seed seed of the whole benchmark
   */
  public SceneGenerator(int width, int height, long seed) {
    if (width < 64 || height < 32) {
      throw new IllegalArgumentException(
          "synthetic scenes need at least 64x32 pixels, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.seed = seed;
  }

  /**
   * Generates scene {@code index}.
   *
   * @param index scene number, any non-negative value
   * @param withOod whether to place OoD objects on the road
   */
  public SyntheticScene generate(int index, boolean withOod) {
    SplittableRandom rnd =
        new SplittableRandom(
            seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + (withOod ? 1 : 0));
    Canvas canvas = new Canvas(width, height);
    Layout layout = new Layout(rnd);
    ValueNoise coarse = new ValueNoise(width, height, Math.max(8, width / 16), rnd);
    ValueNoise fine = new ValueNoise(width, height, 4, rnd);
    paintBackground(canvas, layout, coarse, fine, rnd);
    paintGround(canvas, layout, coarse, fine, rnd);
    int vehicles = rnd.nextInt(4);
    for (int v = 0; v < vehicles; v++) {
      paintVehicle(canvas, layout, rnd);
    }
    if (withOod) {
      new OodObjects(canvas, layout, rnd).place(1 + rnd.nextInt(3));
    }
    float gain = 0.8f + 0.35f * rnd.nextFloat();
    return new SyntheticScene(width, height, canvas.packed(gain), canvas.semantic, canvas.ood);
  }

  /** Perspective geometry of one scene: horizon, vanishing point and road edges. */
  final class Layout {
    final int horizon;
    final float vanishX;
    final float leftBottom;
    final float rightBottom;
    final float sidewalk;
    final int[] buildingTop;
    final float[] buildingColour;

    Layout(SplittableRandom rnd) {
      horizon = (int) (height * (0.36 + 0.1 * rnd.nextDouble()));
      vanishX = (float) (width * (0.4 + 0.2 * rnd.nextDouble()));
      leftBottom = (float) (width * (0.02 + 0.15 * rnd.nextDouble()));
      rightBottom = (float) (width * (0.83 + 0.15 * rnd.nextDouble()));
      sidewalk = (float) (width * (0.12 + 0.08 * rnd.nextDouble()));
      buildingTop = new int[width];
      buildingColour = new float[width * 3];
      int x = 0;
      while (x < width) {
        int w = (int) (width * (0.06 + 0.12 * rnd.nextDouble()));
        boolean gap = rnd.nextDouble() < 0.25;
        int top = gap ? horizon : (int) (horizon * (0.1 + 0.7 * rnd.nextDouble()));
        float[] c = BUILDING_COLOURS[rnd.nextInt(BUILDING_COLOURS.length)];
        for (int i = x; i < Math.min(width, x + w); i++) {
          buildingTop[i] = top;
          System.arraycopy(c, 0, buildingColour, i * 3, 3);
        }
        x += w;
      }
    }

    /** Depth parameter of a ground row: 0 at the horizon, 1 at the bottom edge. */
    float depth(int y) {
      return (float) (y - horizon) / (height - horizon);
    }

    float left(int y) {
      return vanishX + (leftBottom - vanishX) * depth(y);
    }

    float right(int y) {
      return vanishX + (rightBottom - vanishX) * depth(y);
    }
  }

  private void paintBackground(
      Canvas c, Layout l, ValueNoise coarse, ValueNoise fine, SplittableRandom rnd) {
    float[] colour = new float[3];
    for (int y = 0; y < l.horizon; y++) {
      float t = (float) y / l.horizon;
      for (int x = 0; x < width; x++) {
        if (y >= l.buildingTop[x]) {
          System.arraycopy(l.buildingColour, x * 3, colour, 0, 3);
          boolean window = (x / 6) % 3 == 1 && (y / 7) % 3 == 1;
          float texture = window ? 0.45f : 0.9f + 0.2f * fine.at(x, y);
          c.paint(x, y, BUILDING, colour, texture, 6, rnd);
        } else {
          colour[0] = 110 + 80 * t;
          colour[1] = 160 + 55 * t;
          colour[2] = 230 + 10 * t;
          c.paint(x, y, SKY, colour, 0.97f + 0.06f * coarse.at(x, y), 3, rnd);
        }
      }
    }
    int trees = 2 + rnd.nextInt(4);
    for (int i = 0; i < trees; i++) {
      int cx = rnd.nextInt(width);
      int cy = l.horizon - rnd.nextInt(Math.max(1, l.horizon / 3));
      int r = (int) (height * (0.06 + 0.08 * rnd.nextDouble()));
      for (int y = Math.max(0, cy - r); y < Math.min(height, cy + r / 2); y++) {
        for (int x = Math.max(0, cx - r); x < Math.min(width, cx + r); x++) {
          if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
            paintVegetation(c, x, y, coarse, fine, rnd);
          }
        }
      }
    }
  }

  private void paintVegetation(
      Canvas c, int x, int y, ValueNoise coarse, ValueNoise fine, SplittableRandom rnd) {
    float[] green = {45 + 40 * coarse.at(x, y), 105 + 45 * coarse.at(x, y), 35};
    c.paint(x, y, VEGETATION, green, 0.7f + 0.6f * fine.at(x, y), 12, rnd);
  }

  private void paintGround(
      Canvas c, Layout l, ValueNoise coarse, ValueNoise fine, SplittableRandom rnd) {
    float[] asphalt = {92, 92, 96};
    float[] pavement = {172, 168, 160};
    float[] paint = {232, 232, 228};
    float markHalfWidth;
    float centreBottom = (l.leftBottom + l.rightBottom) / 2;
    for (int y = l.horizon; y < height; y++) {
      float t = l.depth(y);
      float left = l.left(y);
      float right = l.right(y);
      float walk = l.sidewalk * t;
      float centre = l.vanishX + (centreBottom - l.vanishX) * t;
      markHalfWidth = 1 + 6 * t;
      boolean dash = ((int) (8 / (t + 0.05f))) % 2 == 0;
      for (int x = 0; x < width; x++) {
        if (x >= left && x < right) {
          if (dash && Math.abs(x - centre) < markHalfWidth) {
            c.paint(x, y, MARKING, paint, 1f, 6, rnd);
          } else {
            c.paint(x, y, ROAD, asphalt, 0.85f + 0.3f * coarse.at(x, y), 9, rnd);
          }
        } else if (x >= left - walk && x < right + walk) {
          boolean joint = ((int) (x / (4 + 20 * t))) % 4 == 0;
          c.paint(x, y, SIDEWALK, pavement, joint ? 0.8f : 0.95f + 0.1f * fine.at(x, y), 7, rnd);
        } else {
          paintVegetation(c, x, y, coarse, fine, rnd);
        }
      }
    }
  }

  private void paintVehicle(Canvas c, Layout l, SplittableRandom rnd) {
    int bottom = l.horizon + (int) ((height - l.horizon) * (0.25 + 0.6 * rnd.nextDouble()));
    float t = l.depth(bottom);
    int w = Math.max(8, (int) (width * 0.22 * t));
    int h = (int) (w * 0.6);
    float left = l.left(bottom);
    float span = Math.max(1, l.right(bottom) - left - w);
    int x0 = (int) (left + span * rnd.nextDouble());
    float[] body = VEHICLE_COLOURS[rnd.nextInt(VEHICLE_COLOURS.length)];
    float[] glass = {40, 50, 60};
    float[] tyre = {15, 15, 15};
    for (int y = bottom - h; y < bottom; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if (!c.inside(x, y)) {
          continue;
        }
        float fy = (float) (y - (bottom - h)) / h;
        float fx = (float) (x - x0) / w;
        if (fy < 0.35f && (fx < 0.15f || fx > 0.85f)) {
          continue;
        }
        boolean wheel = fy > 0.8f && (fx < 0.25f || fx > 0.75f);
        float[] colour = wheel ? tyre : fy < 0.35f ? glass : body;
        c.paint(x, y, VEHICLE, colour, 1f, 6, rnd);
      }
    }
  }

  /** Places OoD objects on the road and marks their void band. */
  private final class OodObjects {
    private final Canvas canvas;
    private final Layout layout;
    private final SplittableRandom rnd;

    OodObjects(Canvas canvas, Layout layout, SplittableRandom rnd) {
      this.canvas = canvas;
      this.layout = layout;
      this.rnd = rnd;
    }

    void place(int count) {
      boolean[] mask = new boolean[width * height];
      for (int o = 0; o < count; o++) {
        int cy =
            layout.horizon + (int) ((height - layout.horizon) * (0.35 + 0.55 * rnd.nextDouble()));
        float t = layout.depth(cy);
        int r = Math.max(10, (int) (width * (0.035 + 0.05 * rnd.nextDouble()) * (0.4 + t)));
        float left = layout.left(cy);
        int cx = (int) (left + (layout.right(cy) - left) * (0.15 + 0.7 * rnd.nextDouble()));
        int shape = rnd.nextInt(4);
        int pattern = rnd.nextInt(4);
        float[] a = OOD_COLOURS[rnd.nextInt(OOD_COLOURS.length)];
        float[] b = OOD_COLOURS[rnd.nextInt(OOD_COLOURS.length)];
        double phase = rnd.nextDouble() * Math.PI * 2;
        for (int y = cy - r; y <= cy + r; y++) {
          for (int x = cx - r; x <= cx + r; x++) {
            if (canvas.inside(x, y)
                && insideShape(shape, (float) (x - cx) / r, (float) (y - cy) / r, phase)) {
              float[] colour = patternColour(pattern, x - cx, y - cy, a, b);
              canvas.paint(x, y, OOD_CLASS, colour, 1f, 5, rnd);
              mask[y * width + x] = true;
            }
          }
        }
      }
      labelWithVoidBand(mask, 2);
    }

    private boolean insideShape(int shape, float u, float v, double phase) {
      switch (shape) {
        case 0:
          return u * u / 1.0f + v * v / 0.45f <= 1;
        case 1:
          return v >= -0.9f && v <= 0.9f && Math.abs(u) <= (v + 0.9f) / 1.8f;
        case 2:
          return (Math.abs(u) < 0.3f && Math.abs(v) < 0.95f)
              || (Math.abs(v) < 0.3f && Math.abs(u) < 0.95f);
        default:
          double angle = Math.atan2(v, u);
          double radius = 0.7 + 0.25 * Math.sin(3 * angle + phase) + 0.1 * Math.cos(5 * angle);
          return Math.sqrt(u * u + v * v) <= radius;
      }
    }

    private float[] patternColour(int pattern, int dx, int dy, float[] a, float[] b) {
      switch (pattern) {
        case 0:
          return ((dx + dy) / 5 & 1) == 0 ? a : b;
        case 1:
          return (Math.floorDiv(dx, 6) + Math.floorDiv(dy, 6) & 1) == 0 ? a : b;
        case 2:
          return (Math.floorMod(dx, 8) - 4) * (Math.floorMod(dx, 8) - 4)
                      + (Math.floorMod(dy, 8) - 4) * (Math.floorMod(dy, 8) - 4)
                  < 6
              ? b
              : a;
        default:
          float h = (float) (Math.floorMod(dx * 7 + dy * 3, 60)) / 60f;
          return new float[] {
            a[0] + (b[0] - a[0]) * h, a[1] + (b[1] - a[1]) * h, a[2] + (b[2] - a[2]) * h
          };
      }
    }

    private void labelWithVoidBand(boolean[] mask, int band) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          if (mask[i]) {
            canvas.ood[i] = 1;
          } else if (nearMask(mask, x, y, band)) {
            canvas.ood[i] = (byte) 255;
          }
        }
      }
    }

    private boolean nearMask(boolean[] mask, int x, int y, int band) {
      for (int yy = Math.max(0, y - band); yy <= Math.min(height - 1, y + band); yy++) {
        for (int xx = Math.max(0, x - band); xx <= Math.min(width - 1, x + band); xx++) {
          if (mask[yy * width + xx]) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
