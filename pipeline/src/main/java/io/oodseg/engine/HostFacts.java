package io.oodseg.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What decides the numbers a host computes: CPU model and vector-instruction flags, the Java, DJL
 * and libtorch versions, libtorch's threads and the state of the numerics remedy. Printed by {@code
 * oodseg doctor}, named in every numerics fault and recorded per executor in the manifest.
 *
 * @param host host name
 * @param cpuModel CPU model name ({@code /proc/cpuinfo}; the OS architecture elsewhere)
 * @param cpuFamily CPU family number; "" when unknown
 * @param isaFlags the CPU's AVX, AVX-512, AMX and FMA flags, sorted
 * @param cores processors this JVM sees
 * @param java Java version
 * @param djl DJL version
 * @param libtorch libtorch version
 * @param threads libtorch intra-op threads as set for DJL ({@code ai.djl.pytorch.num_threads});
 *     "default" if unset
 * @param remedy the oneDNN cap's state
 * @param nativeHeap the native allocator's settings ({@link NativeHeap})
 */
public record HostFacts(
    String host,
    String cpuModel,
    String cpuFamily,
    List<String> isaFlags,
    int cores,
    String java,
    String djl,
    String libtorch,
    String threads,
    Libtorch.Remedy remedy,
    String nativeHeap)
    implements Serializable {
  private static final Pattern ISA = Pattern.compile("avx.*|amx.*|fma|f16c|sse4_2");
  private static volatile HostFacts cached;

  /** The facts of this JVM's host (starts the engine, after the remedy; read once per JVM). */
  public static HostFacts here() {
    HostFacts facts = cached;
    if (facts == null) {
      facts = read();
      cached = facts;
    }
    return facts;
  }

  private static HostFacts read() {
    Libtorch.Remedy remedy = Libtorch.prepare();
    String libtorch = Libtorch.version();
    String model = System.getProperty("os.arch");
    String family = "";
    TreeSet<String> flags = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("model name")) {
          model = value;
        } else if (key.equals("cpu family")) {
          family = value;
        } else if (key.equals("flags") && flags.isEmpty()) {
          for (String f : value.split("\\s+")) {
            if (ISA.matcher(f).matches()) {
              flags.add(f);
            }
          }
        }
      }
    } catch (IOException e) {
      model = model + " (no /proc/cpuinfo: " + e.getMessage() + ")";
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown (" + e.getMessage() + ")";
    }
    return new HostFacts(
        host,
        model,
        family,
        List.copyOf(flags),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Engine.getDjlVersion(),
        libtorch,
        System.getProperty("ai.djl.pytorch.num_threads", "default"),
        remedy,
        Libtorch.nativeHeap());
  }

  /** Whether the CPU has AVX-512 instructions (the hosts where the remedy matters). */
  public boolean hasAvx512() {
    return isaFlags.stream().anyMatch(f -> f.startsWith("avx512"));
  }

  /** One line naming the CPU, its flags, libtorch and the remedy (for error messages). */
  public String describe() {
    return "host "
        + host
        + ", CPU "
        + cpuModel
        + (cpuFamily.isEmpty() ? "" : " (cpu family " + cpuFamily + ")")
        + ", ISA flags "
        + String.join(" ", isaFlags)
        + ", libtorch "
        + libtorch
        + " (DJL "
        + djl
        + "), "
        + remedy.describe();
  }

  /** The facts as an ordered map (manifest, doctor). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("cpu_model", cpuModel);
    m.put("cpu_family", cpuFamily);
    m.put("isa_flags", isaFlags);
    m.put("cores", cores);
    m.put("java", java);
    m.put("djl", djl);
    m.put("libtorch", libtorch);
    m.put("libtorch_threads", threads);
    m.put("onednn_max_cpu_isa", remedy.value() == null ? "" : remedy.value());
    m.put("remedy", remedy.describe());
    m.put("remedy_in_effect", remedy.inEffect());
    m.put("native_heap", nativeHeap);
    return m;
  }
}
