package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.oodseg.image.PerImage;
import io.oodseg.image.StageTimes;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator of one batch: stacks the decoded images into {@code [N,3,H,W]} on the model's
 * device and, after the forward pass, runs a {@link BatchAnalyzer} on each image while the outputs
 * are still on the device. An image whose outputs hold NaN or infinite values becomes a failure
 * ({@link NonFiniteOutputs}). All tensors belong to the predictor context and are freed when the
 * batch is done.
 */
public final class OodTranslator<T extends PerImage>
    implements Translator<List<DecodedImage>, List<T>> {
  private static final String FORWARD_START = "forwardStart";
  private static final String BATCH = "batch";
  private static final String INPUTS = "inputs";
  private final ModelDescriptor descriptor;
  private final BatchAnalyzer<T> analyzer;

  public OodTranslator(ModelDescriptor descriptor, BatchAnalyzer<T> analyzer) {
    this.descriptor = descriptor;
    this.analyzer = analyzer;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<DecodedImage> batch) {
    int plane = 3 * descriptor.height() * descriptor.width();
    FloatBuffer buffer = FloatBuffer.allocate(plane * batch.size());
    for (DecodedImage image : batch) {
      buffer.put(image.pixels());
    }
    buffer.rewind();
    NDArray input =
        ctx.getNDManager()
            .create(buffer, new Shape(batch.size(), 3, descriptor.height(), descriptor.width()));
    ctx.setAttachment(BATCH, batch);
    ctx.setAttachment(INPUTS, input);
    ctx.setAttachment(FORWARD_START, System.nanoTime());
    return new NDList(input);
  }

  @Override
  public List<T> processOutput(TranslatorContext ctx, NDList outputs) {
    @SuppressWarnings("unchecked")
    List<DecodedImage> batch = (List<DecodedImage>) ctx.getAttachment(BATCH);
    long forward = System.nanoTime() - (Long) ctx.getAttachment(FORWARD_START);
    ModelBatch model = new ModelBatch((NDArray) ctx.getAttachment(INPUTS), outputs);
    List<T> results = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      DecodedImage image = batch.get(i);
      StageTimes times = new StageTimes();
      times.add(StageTimes.DECODE, image.decodeNanos());
      times.add(StageTimes.INFERENCE, forward / batch.size());
      String nonFinite = NonFiniteOutputs.find(outputs, i, descriptor);
      if (nonFinite != null) {
        results.add(analyzer.failure(image.record(), "inference", nonFinite));
        continue;
      }
      try {
        results.add(analyzer.analyze(image, model, i, times));
      } catch (IllegalArgumentException e) {
        results.add(analyzer.failure(image.record(), "scoring", e.getMessage()));
      }
    }
    return results;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
