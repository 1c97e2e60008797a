package io.oodseg.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.ConfigLoader;
import io.oodseg.config.MethodParams;
import io.oodseg.image.PerImage;
import io.oodseg.image.StageTimes;
import io.oodseg.infer.BatchAnalyzer;
import io.oodseg.infer.DecodedImage;
import io.oodseg.infer.InputPipeline;
import io.oodseg.infer.LoadedModel;
import io.oodseg.infer.ModelBatch;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.OodTranslator;
import io.oodseg.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input pipelines of a descriptor run end to end (decode to model input, forward pass, each
 * image's share of the outputs, its grid and confidence map) against {@code
 * pipeline/src/test/python/make_pipeline_reference.py}, torch running the demo model on the same
 * windows and padding as mmsegmentation. A different image goes first in the batch (for {@code
 * slide} one of another size, with other windows), so that the image's share is found at its place
 * in the batch.
 */
class InputPipelinesTest {
  @TempDir Path dir;

  private static JsonNode reference(String name) throws Exception {
    try (InputStream in =
        InputPipelinesTest.class.getResourceAsStream("/pipeline/reference.json")) {
      for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
        if (c.get("name").asText().equals(name)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The demo model's descriptor with the case's pipeline, beside a copy of the model. */
  private ModelDescriptor descriptor(JsonNode c) throws Exception {
    String demo;
    try (InputStream in = getClass().getResourceAsStream("/demo-model/demo-segnet.conf")) {
      demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (InputStream in = getClass().getResourceAsStream("/demo-model/demo-segnet.pt")) {
      Files.copy(in, dir.resolve("demo-segnet.pt"));
    }
    String pipeline =
        "pipeline = \""
            + c.get("mode").asText()
            + "\"\n  target = "
            + c.get("target")
            + (c.get("crop").isNull()
                ? ""
                : "\n  slide { crop = " + c.get("crop") + ", stride = " + c.get("stride") + " }");
    String text = demo.replace("pipeline = \"resize\"", pipeline);
    assertThat(text).isNotEqualTo(demo);
    Path file = dir.resolve("demo.conf");
    Files.writeString(file, text);
    return ModelDescriptor.load(file.toString(), new Configuration());
  }

  /**
   * The script's image for {@code shift = 0}: v = ((x / 16) 37 + (y / 16) 59 + (x mod 16) 3 + 80 c
   * + shift) mod 256, RGB.
   */
  private static BufferedImage image(int height, int width, int shift) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] v = new int[3];
        for (int c = 0; c < 3; c++) {
          v[c] = ((x / 16) * 37 + (y / 16) * 59 + (x % 16) * 3 + 80 * c + shift) % 256;
        }
        out.setRGB(x, y, (v[0] << 16) | (v[1] << 8) | v[2]);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"keep-ratio-padded", "slide-overlapping", "slide-smaller-than-crop"})
  void eachImagesShareIsMmsegsOutputCutToTheImage(String name) throws Exception {
    JsonNode c = reference(name);
    int h = c.get("image").get(0).asInt();
    int w = c.get("image").get(1).asInt();
    ModelDescriptor d = descriptor(c);
    Preprocessor preprocessor = new Preprocessor(d);
    Preprocessor.Input input = preprocessor.toInput(image(h, w, 0));
    assertThat(input.scaled()).isEqualTo(new InputPipeline.Size(w, h));
    assertThat(input.canvas())
        .isEqualTo(
            new InputPipeline.Size(c.get("canvas").get(1).asInt(), c.get("canvas").get(0).asInt()));
    boolean slide = d.pipeline().mode() == InputPipeline.Mode.SLIDE;
    int decoyHeight = slide ? 150 : h;
    int decoyWidth = slide ? 300 : w;
    Preprocessor.Input decoy = preprocessor.toInput(image(decoyHeight, decoyWidth, 101));
    List<DecodedImage> batch = List.of(decoded("decoy", decoy), decoded("case", input));
    MethodParams method = ConfigLoader.load(null, List.of("features.grid = 8")).method();
    LoadedModel model = ModelCache.get(d, Device.cpu(), 1, new Configuration());
    List<Share> shares;
    try (Predictor<List<DecodedImage>, List<Share>> predictor =
        model.newPredictor(new OodTranslator<>(d, new Capture(new ModelOutputs(d, method))))) {
      shares = predictor.predict(batch);
    }
    assertThat(shares).hasSize(2);
    assertThat(shares.get(0).errorReason()).isNull();
    assertThat(shares.get(0).maxLogit()).hasSize(decoy.scaled().plane());
    {
      Share share = shares.get(1);
      assertThat(share.errorReason()).isNull();
      JsonNode outputs = c.get("outputs");
      for (int o = 0; o < outputs.size(); o++) {
        assertMatches(
            share.outputs().get(o), share.shapes().get(o), outputs.get(o), name + " " + o);
      }
      assertThat(share.grid()).containsExactly((h + 7) / 8, (w + 7) / 8);
      JsonNode maxLogit = c.get("max-logit");
      double sum = 0;
      for (float v : share.maxLogit()) {
        sum += v;
      }
      assertThat(share.maxLogit()).hasSize(h * w);
      assertThat(sum).isCloseTo(maxLogit.get("sum").asDouble(), within(maxLogit.get("sum")));
      for (JsonNode s : maxLogit.get("samples")) {
        assertThat((double) share.maxLogit()[s.get(0).asInt()])
            .as("%s max-logit at %d", name, s.get(0).asInt())
            .isCloseTo(s.get(1).asDouble(), Offset.offset(1e-3));
      }
    }
  }

  private static DecodedImage decoded(String id, Preprocessor.Input input) {
    int h = input.scaled().height();
    int w = input.scaled().width();
    return new DecodedImage(
        new ImageRecord(id, id, id),
        input.pixels(),
        input.scaled(),
        input.canvas(),
        new byte[h * w],
        w,
        h,
        0);
  }

  private static void assertMatches(float[] values, long[] shape, JsonNode ref, String what) {
    List<Long> expectedShape = new ArrayList<>();
    ref.get("shape").forEach(v -> expectedShape.add(v.asLong()));
    assertThat(shape)
        .as(what + " shape")
        .containsExactly(1, expectedShape.get(0), expectedShape.get(1), expectedShape.get(2));
    int channels = expectedShape.get(0).intValue();
    int plane = values.length / channels;
    for (int k = 0; k < channels; k++) {
      double sum = 0;
      for (int i = 0; i < plane; i++) {
        sum += values[k * plane + i];
      }
      JsonNode expected = ref.get("channel-sums").get(k);
      assertThat(sum)
          .as("%s channel %d sum", what, k)
          .isCloseTo(expected.asDouble(), within(expected));
    }
    for (JsonNode s : ref.get("samples")) {
      assertThat((double) values[s.get(0).asInt()])
          .as("%s value %d", what, s.get(0).asInt())
          .isCloseTo(s.get(1).asDouble(), Offset.offset(1e-3));
    }
  }

  private static Offset<Double> within(JsonNode expected) {
    return Offset.offset(1e-3 + 1e-5 * Math.abs(expected.asDouble()));
  }

  /** What the test reads of one image's share. */
  private record Share(
      ImageRecord record,
      List<float[]> outputs,
      List<long[]> shapes,
      int[] grid,
      float[] maxLogit,
      String errorReason)
      implements PerImage {
    @Override
    public boolean failed() {
      return errorReason != null;
    }
  }

  /** Copies each image's share out of the device, with its grid and max-logit map. */
  private record Capture(ModelOutputs outputs) implements BatchAnalyzer<Share> {
    @Override
    public Share analyze(DecodedImage image, ModelBatch batch, int index, StageTimes times) {
      List<float[]> values = new ArrayList<>();
      List<long[]> shapes = new ArrayList<>();
      for (NDArray o : batch.outputs()) {
        NDArray mine = o.get(index);
        values.add(mine.toFloatArray());
        shapes.add(
            new long[] {1, mine.getShape().get(0), mine.getShape().get(1), mine.getShape().get(2)});
      }
      var grid = outputs.grid(batch, image.labelHeight(), image.labelWidth());
      List<NDArray> confidences =
          outputs.confidences(batch, index, image.labelHeight(), image.labelWidth());
      return new Share(
          image.record(),
          values,
          shapes,
          new int[] {grid.height(), grid.width()},
          confidences.get(0).toFloatArray(),
          null);
    }

    @Override
    public Share failure(ImageRecord record, String stage, String reason) {
      return new Share(record, List.of(), List.of(), new int[0], new float[0], reason);
    }
  }
}
