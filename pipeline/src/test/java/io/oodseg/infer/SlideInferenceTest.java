package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.oodseg.config.UsageException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Sliding-window inference against {@code pipeline/src/test/python/make_slide_reference.py}: the
 * windows of mmseg's {@code slide_inference}, and the demo model's outputs on them stitched.
 */
class SlideInferenceTest {
  private static JsonNode reference() throws Exception {
    try (InputStream in = SlideInferenceTest.class.getResourceAsStream("/slide/reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static InputPipeline slide(JsonNode c) {
    return new InputPipeline(
        InputPipeline.Mode.SLIDE,
        c.get("input").get(0).asInt(),
        c.get("input").get(1).asInt(),
        32,
        c.get("crop").get(0).asInt(),
        c.get("crop").get(1).asInt(),
        c.get("stride").get(0).asInt(),
        c.get("stride").get(1).asInt());
  }

  private static List<List<Integer>> windows(InputPipeline p, int height, int width) {
    List<List<Integer>> out = new ArrayList<>();
    for (InputPipeline.Window w : p.windows(new InputPipeline.Size(width, height))) {
      out.add(List.of(w.y1(), w.y2(), w.x1(), w.x2()));
    }
    return out;
  }

  private static List<List<Integer>> expected(JsonNode windows) {
    List<List<Integer>> out = new ArrayList<>();
    for (JsonNode w : windows) {
      out.add(List.of(w.get(0).asInt(), w.get(1).asInt(), w.get(2).asInt(), w.get(3).asInt()));
    }
    return out;
  }

  @Test
  void windowsAreMmsegs() throws Exception {
    for (JsonNode c : reference().get("window-cases")) {
      int h = c.get("input").get(0).asInt();
      int w = c.get("input").get(1).asInt();
      assertThat(windows(slide(c), h, w)).as(c.toString()).isEqualTo(expected(c.get("windows")));
    }
  }

  @Test
  void keepRatioScalesAsMmcvRescaleAndPadsToTheDivisor() {
    InputPipeline p = new InputPipeline(InputPipeline.Mode.KEEP_RATIO, 512, 2048, 32, 0, 0, 0, 0);
    // ADE20K-like: scale (2048, 512); a 4:3 landscape image's short side goes to 512
    assertThat(p.scaled(640, 480)).isEqualTo(new InputPipeline.Size(683, 512));
    assertThat(p.canvas(p.scaled(640, 480))).isEqualTo(new InputPipeline.Size(704, 512));
    // Cityscapes-like: scale (2048, 1024) keeps a 2048x1024 image as it is
    InputPipeline city =
        new InputPipeline(InputPipeline.Mode.KEEP_RATIO, 1024, 2048, 32, 0, 0, 0, 0);
    assertThat(city.scaled(2048, 1024)).isEqualTo(new InputPipeline.Size(2048, 1024));
    // RoadAnomaly 1280x720: the short side limits (1024 / 720 = 1.42 < 2048 / 1280 = 1.6);
    // 1280 * 1024 / 720 = 1820.4
    assertThat(city.scaled(1280, 720)).isEqualTo(new InputPipeline.Size(1820, 1024));
  }

  @Test
  void descriptorNamesABadPipeline() {
    String base = "height = 256, width = 512, ";
    assertThat(
            InputPipeline.parse(ConfigFactory.parseString(base + "pipeline = keep-ratio"), "m")
                .mode())
        .isEqualTo(InputPipeline.Mode.KEEP_RATIO);
    assertThat(InputPipeline.parse(ConfigFactory.parseString(base), "m").mode())
        .isEqualTo(InputPipeline.Mode.RESIZE);
    assertThatThrownBy(
            () -> InputPipeline.parse(ConfigFactory.parseString(base + "pipeline = tiles"), "m"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(
            "input.pipeline = \"tiles\" is not one of [resize, keep-ratio, slide]");
    assertThatThrownBy(
            () -> InputPipeline.parse(ConfigFactory.parseString(base + "pipeline = slide"), "m"))
        .hasMessageContaining("needs input.slide.crop");
  }

  @Test
  void aDescriptorDeclaresItsPipeline() throws Exception {
    String demo;
    try (InputStream in =
        SlideInferenceTest.class.getResourceAsStream("/demo-model/demo-segnet.conf")) {
      demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String slide =
        demo.replace(
            "pipeline = \"resize\"",
            "pipeline = \"slide\"\n  target = [1024, 2048]\n"
                + "  slide { crop = [128, 256], stride = [96, 160] }");
    assertThat(slide).isNotEqualTo(demo);
    InputPipeline p = ModelDescriptor.parse(ConfigFactory.parseString(slide), "x/").pipeline();
    assertThat(p.fingerprint()).isEqualTo("slide[128x256/96x160]");
    // RoadAnomaly 1280x720 at scale (2048, 1024): 1820x1024, 11 rows of 11 windows
    assertThat(p.scaled(1280, 720)).isEqualTo(new InputPipeline.Size(1820, 1024));
    assertThat(p.windows(p.canvas(p.scaled(1280, 720)))).hasSize(11 * 11);
    InputPipeline resize = ModelDescriptor.parse(ConfigFactory.parseString(demo), "x/").pipeline();
    assertThat(resize.mode()).isEqualTo(InputPipeline.Mode.RESIZE);
    assertThat(resize.scaled(1280, 720)).isEqualTo(new InputPipeline.Size(512, 256));
  }

  /** The demo model on the windows of a deterministic input, stitched, against torch. */
  @Test
  void stitchedOutputsMatchTheTorchReference() throws Exception {
    JsonNode c = reference().get("model-case");
    int h = c.get("input").get(0).asInt();
    int w = c.get("input").get(1).asInt();
    InputPipeline p = slide(c);
    List<InputPipeline.Window> wins = p.windows(new InputPipeline.Size(w, h));
    assertThat(windows(p, h, w)).isEqualTo(expected(c.get("windows")));
    float[] input = pattern(h, w);
    int ch = p.cropHeight();
    int cw = p.cropWidth();
    float[] batch = new float[wins.size() * 3 * ch * cw];
    int at = 0;
    for (InputPipeline.Window win : wins) {
      for (int k = 0; k < 3; k++) {
        for (int y = win.y1(); y < win.y2(); y++) {
          System.arraycopy(input, (k * h + y) * w + win.x1(), batch, at, cw);
          at += cw;
        }
      }
    }
    Configuration conf = new Configuration();
    ModelDescriptor d = ModelDescriptor.load(ModelDescriptor.EMBEDDED, conf);
    LoadedModel model = ModelCache.get(d, Device.cpu(), 1, conf);
    List<float[]> stitched;
    try (Predictor<float[], List<float[]>> predictor =
        model.newPredictor(new Stitching(wins, new InputPipeline.Size(w, h), d, ch, cw))) {
      stitched = predictor.predict(batch);
    }
    JsonNode outputs = c.get("outputs");
    for (int o = 0; o < outputs.size(); o++) {
      JsonNode ref = outputs.get(o);
      int channels = ref.get("shape").get(0).asInt();
      int plane = stitched.get(o).length / channels;
      assertThat(plane)
          .isEqualTo(ref.get("shape").get(1).asInt() * ref.get("shape").get(2).asInt());
      for (int k = 0; k < channels; k++) {
        double sum = 0;
        for (int i = 0; i < plane; i++) {
          sum += stitched.get(o)[k * plane + i];
        }
        double expected = ref.get("channel-sums").get(k).asDouble();
        assertThat(sum).as("output %d channel %d sum", o, k).isCloseTo(expected, within(expected));
      }
      for (JsonNode s : ref.get("samples")) {
        assertThat((double) stitched.get(o)[s.get(0).asInt()])
            .as("output %d value %d", o, s.get(0).asInt())
            .isCloseTo(s.get(1).asDouble(), org.assertj.core.data.Offset.offset(1e-3));
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double expected) {
    return org.assertj.core.data.Offset.offset(1e-3 + 1e-5 * Math.abs(expected));
  }

  /** x[c, y, x] = sin(0.05 (c+1) x) + cos(0.07 y) + 0.1 c, as the Python script builds it. */
  private static float[] pattern(int height, int width) {
    float[] out = new float[3 * height * width];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          out[(c * height + y) * width + x] =
              (float) (Math.sin(0.05 * (c + 1) * x) + Math.cos(0.07 * y) + 0.1 * c);
        }
      }
    }
    return out;
  }

  /** Runs the windows as one batch and stitches the outputs inside the predictor's context. */
  private record Stitching(
      List<InputPipeline.Window> windows,
      InputPipeline.Size canvas,
      ModelDescriptor descriptor,
      int cropHeight,
      int cropWidth)
      implements Translator<float[], List<float[]>> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
      return new NDList(
          ctx.getNDManager().create(input, new Shape(windows.size(), 3, cropHeight, cropWidth)));
    }

    @Override
    public List<float[]> processOutput(TranslatorContext ctx, NDList outputs) {
      NDList stitched = SlideStitcher.stitch(outputs, 0, windows, canvas, descriptor.logitsIndex());
      List<float[]> out = new ArrayList<>();
      for (NDArray a : stitched) {
        out.add(a.toFloatArray());
      }
      return out;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }
}
