package io.oodseg.infer;

/**
 * An image ready for the model, with its label mask.
 *
 * @param record the listing entry
 * @param pixels normalised model input {@code [3,H,W]} on the input pipeline's canvas
 * @param scaled the size the image was resized to (its part of the canvas, top left)
 * @param canvas the input's size ({@code H × W} of {@code pixels})
 * @param label label values at the label's own resolution, row-major
 * @param labelWidth label width
 * @param labelHeight label height
 * @param decodeNanos time spent reading and decoding
 */
public record DecodedImage(
    io.oodseg.catalog.ImageRecord record,
    float[] pixels,
    InputPipeline.Size scaled,
    InputPipeline.Size canvas,
    byte[] label,
    int labelWidth,
    int labelHeight,
    long decodeNanos) {}
