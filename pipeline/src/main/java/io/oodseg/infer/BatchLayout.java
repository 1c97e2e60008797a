package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Lays one batch of images out for the forward pass as the descriptor's {@link InputPipeline} says,
 * and gives each image its share of the outputs:
 *
 * <ul>
 *   <li>{@code resize}: the images stacked; an image's share is the batch itself at its index;
 *   <li>{@code keep-ratio}: the padded canvases stacked (equal in a batch, see {@link
 *       InputPipeline#stacks}); an image's share is cut to its scaled size: feature levels to the
 *       cells that cover it, logits (when there is padding) resized bilinearly to the canvas and
 *       cut, as mmseg's {@code postprocess_result} crops the padding;
 *   <li>{@code slide}: every image's windows stacked; an image's share is its windows stitched
 *       ({@link SlideStitcher}), then cut as {@code keep-ratio}.
 * </ul>
 *
 * <p>A share of one image is a {@link ModelBatch} of batch size 1 (index 0) whose tensors belong to
 * the current NDScope or the batch's manager.
 */
final class BatchLayout {
  private final ModelDescriptor d;

  BatchLayout(ModelDescriptor d) {
    this.d = d;
  }

  /** One image's share of a forward pass: {@code batch.outputs().get(o).get(index)}. */
  record Share(ModelBatch batch, int index) {}

  /** Whether an image's share is a copy cut from the batch (every mode but {@code resize}). */
  boolean cuts() {
    return d.pipeline().mode() != InputPipeline.Mode.RESIZE;
  }

  /** The forward pass's input {@code [N,3,H,W]}: the canvases, or for {@code slide} the windows. */
  NDArray input(NDManager manager, List<DecodedImage> batch) {
    InputPipeline p = d.pipeline();
    if (p.mode() != InputPipeline.Mode.SLIDE) {
      InputPipeline.Size canvas = batch.get(0).canvas();
      FloatBuffer buffer = FloatBuffer.allocate(3 * canvas.plane() * batch.size());
      for (DecodedImage image : batch) {
        if (!image.canvas().equals(canvas)) {
          throw new IllegalArgumentException(
              "image " + image.record().id() + " has input " + image.canvas() + ", not " + canvas);
        }
        buffer.put(image.pixels());
      }
      buffer.rewind();
      return manager.create(buffer, new Shape(batch.size(), 3, canvas.height(), canvas.width()));
    }
    int ch = p.cropHeight();
    int cw = p.cropWidth();
    int total = 0;
    for (DecodedImage image : batch) {
      total += p.windows(image.canvas()).size();
    }
    FloatBuffer buffer = FloatBuffer.allocate(total * 3 * ch * cw);
    for (DecodedImage image : batch) {
      InputPipeline.Size canvas = image.canvas();
      for (InputPipeline.Window w : p.windows(canvas)) {
        for (int k = 0; k < 3; k++) {
          for (int y = w.y1(); y < w.y2(); y++) {
            buffer.put(image.pixels(), (k * canvas.height() + y) * canvas.width() + w.x1(), cw);
          }
        }
      }
    }
    buffer.rewind();
    return manager.create(buffer, new Shape(total, 3, ch, cw));
  }

  /** Image {@code i}'s share of the forward pass {@code forward} over {@code batch}. */
  Share share(ModelBatch forward, List<DecodedImage> batch, int i) {
    InputPipeline p = d.pipeline();
    DecodedImage image = batch.get(i);
    switch (p.mode()) {
      case RESIZE:
        return new Share(forward, i);
      case KEEP_RATIO:
        {
          NDList outputs = new NDList();
          for (NDArray o : forward.outputs()) {
            outputs.add(o.get(i));
          }
          return new Share(cut(forward.inputs().get(i), outputs, image), 0);
        }
      default:
        {
          int first = 0;
          for (int j = 0; j < i; j++) {
            first += p.windows(batch.get(j).canvas()).size();
          }
          InputPipeline.Size canvas = image.canvas();
          NDList stitched =
              SlideStitcher.stitch(
                  forward.outputs(), first, p.windows(canvas), canvas, d.logitsIndex());
          NDList outputs = new NDList();
          for (NDArray o : stitched) {
            outputs.add(o.squeeze(0));
          }
          NDArray input =
              forward
                  .inputs()
                  .getManager()
                  .create(image.pixels(), new Shape(3, canvas.height(), canvas.width()));
          return new Share(cut(input, outputs, image), 0);
        }
    }
  }

  /** The image's input {@code [3,H,W]} and outputs {@code [C,h,w]} cut to its scaled size. */
  private ModelBatch cut(NDArray input, NDList outputs, DecodedImage image) {
    InputPipeline.Size scaled = image.scaled();
    InputPipeline.Size canvas = image.canvas();
    boolean padded = !scaled.equals(canvas);
    NDList out = new NDList(outputs.size());
    for (int o = 0; o < outputs.size(); o++) {
      NDArray map = outputs.get(o);
      if (!padded) {
        out.add(map.expandDims(0));
      } else if (o == d.logitsIndex()) {
        NDArray full = Resampler.bilinear(map, canvas.height(), canvas.width());
        out.add(corner(full, scaled.height(), scaled.width()));
      } else {
        int h = (int) map.getShape().get(1);
        int w = (int) map.getShape().get(2);
        int stride = d.outputs().get(o).stride();
        out.add(
            corner(
                map,
                Math.min(InputPipeline.cells(scaled.height(), stride), h),
                Math.min(InputPipeline.cells(scaled.width(), stride), w)));
      }
    }
    NDArray in = padded ? corner(input, scaled.height(), scaled.width()) : input.expandDims(0);
    return new ModelBatch(in, out);
  }

  private static NDArray corner(NDArray map, int height, int width) {
    return map.get(new NDIndex(":, :{}, :{}", height, width)).expandDims(0);
  }
}
