package io.oodseg.infer;

import com.typesafe.config.Config;
import io.oodseg.config.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an image becomes the model's input, as the descriptor's {@code input.pipeline} declares
 * (docs/design.md §3), after mmsegmentation's test pipelines:
 *
 * <ul>
 *   <li>{@code resize} (default): resized to the descriptor's {@code height × width};
 *   <li>{@code keep-ratio}: rescaled as mmcv's {@code imrescale} with the scale {@code (width,
 *       height)} (mmseg {@code Resize(keep_ratio=True)}: the long side at most {@code max(width,
 *       height)}, the short side at most {@code min(width, height)}), then padded bottom and right
 *       to a multiple of {@code size-divisor};
 *   <li>{@code slide}: rescaled as {@code keep-ratio}, then run in overlapping {@code crop} windows
 *       {@code stride} apart, placed as mmseg's {@code EncoderDecoder.slide_inference}; overlapping
 *       outputs are averaged.
 * </ul>
 *
 * <p>{@code input.height × input.width} stays the size the model is checked and probed at (for
 * {@code slide}, the crop); the target scale of {@code keep-ratio} and {@code slide} is {@code
 * input.target = [height, width]} (mmseg's {@code img_scale}, which is written {@code (width,
 * height)}), by default the same.
 *
 * @param mode the pipeline
 * @param height target height ({@code input.target}, else {@code input.height})
 * @param width target width ({@code input.target}, else {@code input.width})
 * @param sizeDivisor padding multiple of {@code keep-ratio}
 * @param cropHeight window height of {@code slide}
 * @param cropWidth window width of {@code slide}
 * @param strideHeight vertical window stride of {@code slide}
 * @param strideWidth horizontal window stride of {@code slide}
 */
public record InputPipeline(
    Mode mode,
    int height,
    int width,
    int sizeDivisor,
    int cropHeight,
    int cropWidth,
    int strideHeight,
    int strideWidth)
    implements Serializable {
  /** The pipelines. */
  public enum Mode {
    RESIZE,
    KEEP_RATIO,
    SLIDE
  }

  /** A window of {@code slide}: rows {@code [y1, y2)}, columns {@code [x1, x2)} of the input. */
  public record Window(int y1, int y2, int x1, int x2) implements Serializable {}

  /** A size, {@code width × height}. */
  public record Size(int width, int height) implements Serializable {
    /** Pixels in a plane of this size. */
    public int plane() {
      return width * height;
    }
  }

  /** Today's behaviour: a fixed {@code height × width} resize. */
  public static InputPipeline resize(int height, int width) {
    return new InputPipeline(Mode.RESIZE, height, width, 1, 0, 0, 0, 0);
  }

  /** Reads {@code input.pipeline} (and {@code input.size-divisor}, {@code input.slide}). */
  static InputPipeline parse(Config input, String model) {
    int height = input.getInt("height");
    int width = input.getInt("width");
    if (input.hasPath("target")) {
      List<Integer> target = input.getIntList("target");
      if (target.size() != 2) {
        throw new UsageException(
            "model descriptor of "
                + model
                + ": input.target needs 2 values [height, width], got "
                + target);
      }
      height = target.get(0);
      width = target.get(1);
    }
    String name = input.hasPath("pipeline") ? input.getString("pipeline") : "resize";
    Mode mode = mode(name, model);
    int divisor = input.hasPath("size-divisor") ? input.getInt("size-divisor") : 32;
    if (mode != Mode.SLIDE) {
      InputPipeline p = new InputPipeline(mode, height, width, divisor, 0, 0, 0, 0);
      p.check(model);
      return p;
    }
    if (!input.hasPath("slide.crop") || !input.hasPath("slide.stride")) {
      throw new UsageException(
          "model descriptor of "
              + model
              + ": input.pipeline = \"slide\" needs input.slide.crop = [height, width] and"
              + " input.slide.stride = [height, width]");
    }
    List<Integer> crop = input.getIntList("slide.crop");
    List<Integer> stride = input.getIntList("slide.stride");
    if (crop.size() != 2 || stride.size() != 2) {
      throw new UsageException(
          "model descriptor of "
              + model
              + ": input.slide.crop and input.slide.stride need 2 values [height, width], got "
              + crop
              + " and "
              + stride);
    }
    InputPipeline p =
        new InputPipeline(
            mode, height, width, divisor, crop.get(0), crop.get(1), stride.get(0), stride.get(1));
    p.check(model);
    return p;
  }

  private static Mode mode(String name, String model) {
    for (Mode m : Mode.values()) {
      if (m.name().replace('_', '-').equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new UsageException(
        "model descriptor of "
            + model
            + ": input.pipeline = \""
            + name
            + "\" is not one of [resize, keep-ratio, slide]");
  }

  private void check(String model) {
    if (height < 1 || width < 1 || sizeDivisor < 1) {
      throw new UsageException(
          "model descriptor of "
              + model
              + ": input.height, input.width and input.size-divisor must be positive, got "
              + height
              + ", "
              + width
              + ", "
              + sizeDivisor);
    }
    if (mode == Mode.SLIDE
        && (cropHeight < 1 || cropWidth < 1 || strideHeight < 1 || strideWidth < 1)) {
      throw new UsageException(
          "model descriptor of "
              + model
              + ": input.slide.crop and input.slide.stride must be positive, got ["
              + cropHeight
              + ", "
              + cropWidth
              + "] and ["
              + strideHeight
              + ", "
              + strideWidth
              + "]");
    }
  }

  /**
   * The size an image of {@code imageWidth × imageHeight} is resized to: the target itself for
   * {@code resize}, else mmcv's {@code rescale_size(keep_ratio)}: factor {@code min(long / max(w,
   * h), short / min(w, h))}, sides {@code int(side · factor + 0.5)}.
   */
  public Size scaled(int imageWidth, int imageHeight) {
    if (mode == Mode.RESIZE) {
      return new Size(width, height);
    }
    double longEdge = Math.max(width, height);
    double shortEdge = Math.min(width, height);
    double factor =
        Math.min(
            longEdge / Math.max(imageWidth, imageHeight),
            shortEdge / Math.min(imageWidth, imageHeight));
    return new Size((int) (imageWidth * factor + 0.5), (int) (imageHeight * factor + 0.5));
  }

  /**
   * The input tensor's size for an image scaled to {@code scaled}: the same for {@code resize};
   * padded to a multiple of {@code size-divisor} for {@code keep-ratio}; at least the crop for
   * {@code slide} (mmseg does not pad there; a smaller image is padded to one window here, so that
   * windows stack).
   */
  public Size canvas(Size scaled) {
    return switch (mode) {
      case RESIZE -> scaled;
      case KEEP_RATIO ->
          new Size(roundUp(scaled.width(), sizeDivisor), roundUp(scaled.height(), sizeDivisor));
      case SLIDE ->
          new Size(Math.max(scaled.width(), cropWidth), Math.max(scaled.height(), cropHeight));
    };
  }

  /**
   * Whether images of these input sizes can share one forward pass: always for {@code slide} (every
   * window is a crop) and {@code resize} (one size), only equal canvases for {@code keep-ratio}.
   */
  public boolean stacks(Size canvas, Size other) {
    return mode != Mode.KEEP_RATIO || canvas.equals(other);
  }

  private static int roundUp(int value, int multiple) {
    return cells(value, multiple) * multiple;
  }

  /**
   * {@code ceil(size / stride)}: the cells of a map of stride {@code stride} that cover {@code
   * size} pixels of the input (a last partial cell included).
   */
  public static int cells(int size, int stride) {
    return (size + stride - 1) / stride;
  }

  /**
   * The windows of {@code slide} over an input of {@code canvas}, in mmseg's order: {@code h_grids
   * = max(H − crop_h + stride_h − 1, 0) // stride_h + 1} (likewise across), each window {@code [y1,
   * y1 + crop_h)} clipped to the input and shifted back to a full crop; one window covering
   * everything for the other modes.
   */
  public List<Window> windows(Size canvas) {
    int h = canvas.height();
    int w = canvas.width();
    if (mode != Mode.SLIDE) {
      return List.of(new Window(0, h, 0, w));
    }
    int rows = Math.max(h - cropHeight + strideHeight - 1, 0) / strideHeight + 1;
    int cols = Math.max(w - cropWidth + strideWidth - 1, 0) / strideWidth + 1;
    List<Window> out = new ArrayList<>(rows * cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int y2 = Math.min(r * strideHeight + cropHeight, h);
        int x2 = Math.min(c * strideWidth + cropWidth, w);
        out.add(new Window(Math.max(y2 - cropHeight, 0), y2, Math.max(x2 - cropWidth, 0), x2));
      }
    }
    return out;
  }

  /** The descriptor text of this pipeline, for cache keys and messages. */
  public String fingerprint() {
    return mode.name().toLowerCase(Locale.ROOT)
        + (mode == Mode.SLIDE
            ? "[" + cropHeight + "x" + cropWidth + "/" + strideHeight + "x" + strideWidth + "]"
            : mode == Mode.KEEP_RATIO ? "[/" + sizeDivisor + "]" : "");
  }
}
