package io.oodseg.infer;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.image.PerImage;
import io.oodseg.image.StageTimes;

/**
 * What the translator does with each image of a batch while the model's outputs are still on the
 * device, and what a bad image turns into.
 *
 * @param <T> per-image result
 */
public interface BatchAnalyzer<T extends PerImage> {
  /** Reduces image {@code index} of the batch to its result. */
  T analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times);

  /** The result of an image that failed in {@code stage}. */
  T failure(ImageRecord record, String stage, String reason);

  /** Human-readable failure reason of a failed result, naming the image. */
  default String reason(T result) {
    return "image " + result.record().id() + ": " + result.errorReason();
  }
}
