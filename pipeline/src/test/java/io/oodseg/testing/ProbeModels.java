package io.oodseg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies of the models the numerics tests use: the demo model and the two probe fault models of
 * {@code src/test/python/make_probe_fault_models.py} ({@code nan-on-call-3}, {@code
 * drift-on-call-3}), each a descriptor beside its TorchScript file.
 */
public final class ProbeModels {
  private ProbeModels() {}

  /**
   * Copies model {@code name} (resource folder {@code folder}) into {@code dir}; returns its
   * descriptor.
   */
  public static Path copy(Path dir, String folder, String name) throws IOException {
    Files.createDirectories(dir);
    for (String file : new String[] {name + ".conf", name + ".pt"}) {
      try (InputStream in = ProbeModels.class.getResourceAsStream("/" + folder + "/" + file)) {
        if (in == null) {
          throw new IOException("test resource /" + folder + "/" + file + " is missing");
        }
        Files.copy(in, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir.resolve(name + ".conf");
  }

  /** A copy of the demo model whose descriptor has {@code from} replaced by {@code to}. */
  public static Path demoWith(Path dir, String from, String to) throws IOException {
    Path descriptor = copy(dir, "demo-model", "demo-segnet");
    String text = Files.readString(descriptor);
    if (!text.contains(from)) {
      throw new IllegalArgumentException("the demo descriptor has no \"" + from + "\"");
    }
    Files.writeString(descriptor, text.replace(from, to));
    return descriptor;
  }

  /**
   * The first expected sum of the demo's probe (recipe noise seed 1, output features_s4) as
   * written.
   */
  public static String firstDemoSum() throws IOException {
    try (InputStream in = ProbeModels.class.getResourceAsStream("/demo-model/demo-segnet.conf")) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\\{ sum = ([-0-9.eE+]+),").matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("the demo descriptor has no probe sums");
      }
      return m.group(1);
    }
  }
}
