package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Puts the model's outputs on the windows of one image ({@link InputPipeline#windows}) back
 * together, averaging where windows overlap, as mmseg's {@code EncoderDecoder.slide_inference}:
 * each window's logits are resized (bilinear) to the window and summed into an input-sized canvas,
 * which is divided by the number of windows covering each pixel. Feature levels, which mmseg does
 * not stitch, are summed the same way at their own resolution, each window at {@code (y1 / s, x1 /
 * s)} (exact when the level's stride {@code s} divides the window offsets; else the offset is
 * rounded down to a cell). Reference: {@code pipeline/src/test/python/make_slide_reference.py}.
 */
public final class SlideStitcher {
  private SlideStitcher() {}

  /**
   * The stitched outputs of one image, each with a batch axis of 1: logits {@code [1,C,H,W]} at the
   * input's resolution, feature levels {@code [1,D,H/s,W/s]}.
   *
   * @param outputs the model's outputs on every window of the batch, descriptor order
   * @param first index of the image's first window in {@code outputs}
   * @param windows the image's windows
   * @param canvas the image's input size
   * @param logitsIndex index of the logits among the outputs
   */
  public static NDList stitch(
      NDList outputs,
      int first,
      List<InputPipeline.Window> windows,
      InputPipeline.Size canvas,
      int logitsIndex) {
    NDList out = new NDList(outputs.size());
    for (int o = 0; o < outputs.size(); o++) {
      out.add(stitchOne(outputs.get(o), first, windows, canvas, o == logitsIndex));
    }
    return out;
  }

  private static NDArray stitchOne(
      NDArray output,
      int first,
      List<InputPipeline.Window> windows,
      InputPipeline.Size canvas,
      boolean logits) {
    NDManager manager = output.getManager();
    long channels = output.getShape().get(1);
    InputPipeline.Window w0 = windows.get(0);
    int stride = logits ? 1 : (int) ((w0.y2() - w0.y1()) / output.getShape().get(2));
    int height = canvas.height() / stride;
    int width = canvas.width() / stride;
    NDArray sum = manager.zeros(new Shape(channels, height, width));
    NDArray count = manager.zeros(new Shape(1, height, width));
    for (int i = 0; i < windows.size(); i++) {
      InputPipeline.Window w = windows.get(i);
      try (NDScope scope = new NDScope()) {
        NDArray map = output.get(first + i);
        int y = w.y1() / stride;
        int x = w.x1() / stride;
        int h = logits ? w.y2() - w.y1() : (int) map.getShape().get(1);
        int wd = logits ? w.x2() - w.x1() : (int) map.getShape().get(2);
        if (logits) {
          map = Resampler.bilinear(map, h, wd);
        }
        NDIndex region = new NDIndex(":, {}:{}, {}:{}", y, y + h, x, x + wd);
        sum.set(region, sum.get(region).add(map));
        count.set(region, count.get(region).add(1));
      }
    }
    return sum.divi(count).expandDims(0);
  }
}
