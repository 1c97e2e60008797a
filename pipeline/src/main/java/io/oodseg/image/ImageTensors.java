package io.oodseg.image;

import io.oodseg.catalog.ImageRecord;
import java.io.Serializable;

/**
 * What the {@code mllib} engine keeps of one image after inference: the feature-grid rows (already
 * resampled and normalised), the confidence maps at the label's size, the label, and the image's
 * timings; or the reason it failed.
 *
 * @param record the image
 * @param width label width
 * @param height label height
 * @param gridHeight grid rows
 * @param gridWidth grid columns
 * @param dims feature dimension
 * @param features rows {@code [cells, dims]} row-major
 * @param cellConfidence the method's confidence averaged over each cell's pixels {@code [cells]}
 * @param initialCenters k-means++ seeds {@code [k, dims]} row-major (the device engine's)
 * @param shiftThreshold Lloyd stopping threshold on the largest squared centroid shift
 * @param confidences the confidence maps in {@code Confidence} order, each {@code [H*W]}
 * @param label label values {@code [H*W]}
 * @param times decode and inference time
 * @param errorStage stage that failed, or null
 * @param errorReason why, or null
 */
public record ImageTensors(
    ImageRecord record,
    int width,
    int height,
    int gridHeight,
    int gridWidth,
    int dims,
    float[] features,
    float[] cellConfidence,
    float[] initialCenters,
    double shiftThreshold,
    float[][] confidences,
    byte[] label,
    StageTimes times,
    String errorStage,
    String errorReason)
    implements Serializable, PerImage {

  /** A failed image. */
  public static ImageTensors failure(ImageRecord record, String stage, String reason) {
    return new ImageTensors(
        record, 0, 0, 0, 0, 0, null, null, null, 0, null, null, new StageTimes(), stage, reason);
  }

  public boolean failed() {
    return errorStage != null;
  }
}
