package io.oodseg.infer;

/**
 * An image ready for the model, with its label mask.
 *
 * @param record the listing entry
 * @param pixels normalised model input {@code [3,H,W]} in the descriptor's input size
 * @param label label values at the label's own resolution, row-major
 * @param labelWidth label width
 * @param labelHeight label height
 * @param decodeNanos time spent reading and decoding
 */
public record DecodedImage(
    io.oodseg.catalog.ImageRecord record,
    float[] pixels,
    byte[] label,
    int labelWidth,
    int labelHeight,
    long decodeNanos) {}
