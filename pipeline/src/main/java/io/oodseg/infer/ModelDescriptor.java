package io.oodseg.infer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.oodseg.config.UsageException;
import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A TorchScript model's descriptor (HOCON beside the file): input size and normalisation, classes
 * and the outputs in order. See docs/design.md §3 for the contract.
 *
 * @param name model name
 * @param fileUri location of the TorchScript file ({@code classpath:} for the embedded model)
 * @param sha256 expected SHA-256 of the file (hex)
 * @param height input height the model is fed
 * @param width input width the model is fed
 * @param mean per-channel mean, after dividing by {@code scale}
 * @param std per-channel std, after dividing by {@code scale}
 * @param scale divisor of the 8-bit pixel values
 * @param bgr whether the model expects BGR channel order
 * @param classes class names, one per logit channel
 * @param outputs the model's outputs in order
 * @param probe the numerics probe ({@code probe} block); null when the descriptor has none
 * @param pipeline how an image becomes the model's input ({@code input.pipeline}; {@code resize}
 *     when absent)
 */
public record ModelDescriptor(
    String name,
    String fileUri,
    String sha256,
    int height,
    int width,
    float[] mean,
    float[] std,
    float scale,
    boolean bgr,
    List<String> classes,
    List<OutputSpec> outputs,
    ProbeSpec probe,
    InputPipeline pipeline)
    implements Serializable {
  /** Descriptor location that names the bundled demo model. */
  public static final String EMBEDDED = "embedded";

  private static final String EMBEDDED_DIR = "demo-model/";
  private static final String EMBEDDED_DESCRIPTOR = EMBEDDED_DIR + "demo-segnet.conf";

  /** Reads a descriptor from any Hadoop path, or the bundled demo model for {@code embedded}. */
  public static ModelDescriptor load(String location, Configuration conf) {
    String text;
    String baseUri;
    try {
      if (EMBEDDED.equals(location)) {
        try (var in =
            ModelDescriptor.class.getClassLoader().getResourceAsStream(EMBEDDED_DESCRIPTOR)) {
          if (in == null) {
            throw new UsageException(
                "the embedded model descriptor "
                    + EMBEDDED_DESCRIPTOR
                    + " is missing from the jar");
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        baseUri = "classpath:" + EMBEDDED_DIR;
      } else {
        text = new String(HadoopFiles.readAll(location, conf), StandardCharsets.UTF_8);
        baseUri = new Path(location).getParent().toString() + "/";
      }
    } catch (IOException e) {
      throw new UsageException(
          "model descriptor " + location + " cannot be read: " + e.getMessage(), e);
    }
    try {
      return parse(ConfigFactory.parseString(text), baseUri);
    } catch (com.typesafe.config.ConfigException e) {
      throw new UsageException("model descriptor " + location + ": " + e.getMessage(), e);
    }
  }

  static ModelDescriptor parse(Config c, String baseUri) {
    List<OutputSpec> outputs = new ArrayList<>();
    for (Config o : c.getConfigList("outputs")) {
      outputs.add(
          new OutputSpec(
              o.getString("name"), o.getString("kind"), o.getInt("channels"), o.getInt("stride")));
    }
    ModelDescriptor d =
        new ModelDescriptor(
            c.getString("name"),
            baseUri + c.getString("file"),
            c.getString("sha256").toLowerCase(java.util.Locale.ROOT),
            c.getInt("input.height"),
            c.getInt("input.width"),
            floats(c.getDoubleList("input.mean")),
            floats(c.getDoubleList("input.std")),
            (float) c.getDouble("input.scale"),
            "BGR".equalsIgnoreCase(c.getString("input.channel-order")),
            List.copyOf(c.getStringList("classes")),
            List.copyOf(outputs),
            c.hasPath("probe") ? ProbeSpec.parse(c.getConfig("probe"), c.getString("name")) : null,
            InputPipeline.parse(c.getConfig("input"), c.getString("name")));
    d.check();
    return d;
  }

  private void check() {
    if (mean.length != 3 || std.length != 3) {
      throw new UsageException(
          "model descriptor of " + name + ": input.mean and input.std need 3 values");
    }
    long logits = outputs.stream().filter(o -> "logits".equals(o.kind())).count();
    if (logits != 1 || outputs.stream().noneMatch(OutputSpec::isFeatures)) {
      throw new UsageException(
          "model descriptor of "
              + name
              + ": outputs must hold exactly one 'logits' and at least one 'features' entry, got "
              + outputs);
    }
    if (logitsSpec().channels() != classes.size()) {
      throw new UsageException(
          "model descriptor of "
              + name
              + ": logits have "
              + logitsSpec().channels()
              + " channels but "
              + classes.size()
              + " classes are named");
    }
  }

  /** Identity of the model as loaded: file digest plus the contract it is checked against. */
  public String cacheKey() {
    return sha256
        + "/"
        + height
        + "x"
        + width
        + "/"
        + outputs
        + "/probe:"
        + (probe == null ? "none" : probe.fingerprint());
  }

  /** Index of the logits among the outputs. */
  public int logitsIndex() {
    for (int i = 0; i < outputs.size(); i++) {
      if ("logits".equals(outputs.get(i).kind())) {
        return i;
      }
    }
    throw new IllegalStateException("checked at parse time");
  }

  /** The logits output. */
  public OutputSpec logitsSpec() {
    return outputs.get(logitsIndex());
  }

  /** Index of the named output; the message lists the names when it is not one. */
  public int outputIndex(String outputName) {
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).name().equals(outputName)) {
        return i;
      }
    }
    throw new UsageException(
        "features.levels: model "
            + name
            + " has no output \""
            + outputName
            + "\"; its outputs are "
            + outputs.stream().map(OutputSpec::name).toList());
  }

  /** Index of the deepest (largest-stride) feature output. */
  public int deepestFeatures() {
    int best = -1;
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).isFeatures()
          && (best < 0 || outputs.get(i).stride() >= outputs.get(best).stride())) {
        best = i;
      }
    }
    return best;
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
