package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.oodseg.image.PerImage;
import io.oodseg.image.StageTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator of one batch: lays the decoded images out as {@code [N,3,H,W]} on the model's
 * device ({@link BatchLayout}: the images, or their windows) and, after the forward pass, runs a
 * {@link BatchAnalyzer} on each image's share of the outputs while they are still on the device. An
 * image whose outputs hold NaN or infinite values becomes a failure ({@link NonFiniteOutputs}). All
 * tensors belong to the predictor context and are freed when the batch is done.
 */
public final class OodTranslator<T extends PerImage>
    implements Translator<List<DecodedImage>, List<T>> {
  private static final String FORWARD_START = "forwardStart";
  private static final String BATCH = "batch";
  private static final String INPUTS = "inputs";
  private final ModelDescriptor descriptor;
  private final BatchAnalyzer<T> analyzer;
  private final BatchLayout layout;

  public OodTranslator(ModelDescriptor descriptor, BatchAnalyzer<T> analyzer) {
    this.descriptor = descriptor;
    this.analyzer = analyzer;
    this.layout = new BatchLayout(descriptor);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<DecodedImage> batch) {
    NDArray input = layout.input(ctx.getNDManager(), batch);
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
      // an image's cut share (keep-ratio, slide) is freed when the image is done
      try (NDScope scope = layout.cuts() ? new NDScope() : null) {
        results.add(analyze(image, layout.share(model, batch, i), times));
      }
    }
    return results;
  }

  private T analyze(DecodedImage image, BatchLayout.Share share, StageTimes times) {
    String nonFinite = NonFiniteOutputs.find(share.batch().outputs(), share.index(), descriptor);
    if (nonFinite != null) {
      return analyzer.failure(image.record(), "inference", nonFinite);
    }
    try {
      return analyzer.analyze(image, share.batch(), share.index(), times);
    } catch (IllegalArgumentException e) {
      return analyzer.failure(image.record(), "scoring", e.getMessage());
    }
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
