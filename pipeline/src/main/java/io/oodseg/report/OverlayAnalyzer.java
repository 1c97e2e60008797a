package io.oodseg.report;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.io.HadoopFiles;
import io.oodseg.io.ImageCodec;
import io.oodseg.io.SerializableHadoopConf;
import io.oodseg.score.ImageScorer;
import io.oodseg.wiring.ModelOutputs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

/**
 * The overlay pass's work on one image after the forward pass: the cluster assignments, statistics
 * and flags the run stored for it (whichever engine made them) and the fresh method confidence map
 * give the cluster of every pixel and the score map the run counted ({@link ImageScorer#pixelMaps},
 * in the JVM); the image is read again from its file; {@link PanelRenderer} draws the panels on the
 * executor.
 */
public final class OverlayAnalyzer implements BatchAnalyzer<OverlayPanels> {
  private final ModelOutputs outputs;
  private final RunConfig config;
  private final Map<String, ImageOutcome.ClusterLayout> layouts;
  private final SerializableHadoopConf hadoopConf;

  public OverlayAnalyzer(
      ModelDescriptor descriptor,
      RunConfig config,
      Map<String, ImageOutcome.ClusterLayout> layouts,
      SerializableHadoopConf hadoopConf) {
    this.outputs = new ModelOutputs(descriptor, config.method());
    this.config = config;
    this.layouts = layouts;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public OverlayPanels analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
    ImageRecord record = image.record();
    ImageOutcome.ClusterLayout layout = layouts.get(record.id());
    if (layout == null) {
      throw new IllegalArgumentException("no stored clusters for image " + record.id());
    }
    int w = image.labelWidth();
    int h = image.labelHeight();
    float[] confidence =
        outputs.confidence(batch, index, h, w, config.method().confidence()).toFloatArray();
    ImageScorer.PixelMaps maps = ImageScorer.pixelMaps(config.method(), layout, confidence, w, h);
    byte[][] pngs =
        new PanelRenderer(w, h)
            .render(
                rgb(record, w, h), image.label(), maps.clusters(), layout.flagged(), maps.score());
    return new OverlayPanels(record, w, h, pngs, null);
  }

  private int[] rgb(ImageRecord record, int w, int h) {
    BufferedImage img;
    try {
      img = ImageCodec.decode(HadoopFiles.readAll(record.imageUri(), hadoopConf.get()));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "image " + record.imageUri() + " cannot be read again for its overlay: " + e.getMessage(),
          e);
    }
    if (img.getWidth() != w || img.getHeight() != h) {
      throw new IllegalArgumentException(
          "image "
              + record.imageUri()
              + " is "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + " but its label is "
              + w
              + "x"
              + h);
    }
    return img.getRGB(0, 0, w, h, null, 0, w);
  }

  @Override
  public OverlayPanels failure(ImageRecord record, String stage, String reason) {
    return OverlayPanels.failure(record, stage + ": " + reason);
  }
}
