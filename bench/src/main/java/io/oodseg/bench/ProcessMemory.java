package io.oodseg.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The process memory figures a soak run needs on Linux: resident set size, the JVM's own native
 * memory as Native Memory Tracking counts it (when the JVM runs with {@code
 * -XX:NativeMemoryTracking=summary}), and glibc's {@code malloc_trim}, which hands freed allocator
 * pages back to the system so that memory kept by the allocator can be told apart from memory still
 * in use. Each figure is NaN where the platform does not offer it.
 */
final class ProcessMemory {
  private static final double MIB = 1024.0 * 1024.0;
  private static final Pattern NMT_TOTAL =
      Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern NMT_CATEGORY =
      Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB, committed=(\\d+)KB");

  /** glibc's allocator entry points used here. */
  private interface LibC extends Library {
    int malloc_trim(long pad);
  }

  private ProcessMemory() {}

  /** Resident set size of this process ({@code /proc/self/status} VmRSS), in MiB. */
  static double rssMib() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /**
   * What Native Memory Tracking counts, read once: the JVM's own committed memory (heap, metaspace,
   * code, threads, GC, ...) in MiB, NaN without NMT, and the same per category, empty without NMT.
   */
  record JvmMemory(double committedMib, Map<String, Double> byCategory) {}

  /** One NMT summary of this JVM. */
  static JvmMemory jvmMemory() {
    String summary = nmtSummary();
    Matcher total = NMT_TOTAL.matcher(summary);
    Map<String, Double> categories = new LinkedHashMap<>();
    Matcher m = NMT_CATEGORY.matcher(summary);
    while (m.find()) {
      categories.put(m.group(1).trim(), Long.parseLong(m.group(2)) / 1024.0);
    }
    return new JvmMemory(
        total.find() ? Long.parseLong(total.group(2)) / 1024.0 : Double.NaN, categories);
  }

  /** The heap pools' memory in use now, in MiB. */
  static double heapUsedMib() {
    return mib(
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getUsage().getUsed())
            .sum());
  }

  /** Names of this JVM's heap memory pools (eden, survivor, old generation). */
  static Set<String> heapPools() {
    Set<String> names = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        names.add(pool.getName());
      }
    }
    return names;
  }

  private static String nmtSummary() {
    try {
      return String.valueOf(
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "vmNativeMemory",
                  new Object[] {new String[] {"summary"}},
                  new String[] {String[].class.getName()}));
    } catch (javax.management.JMException e) {
      return "";
    }
  }

  /** Asks glibc to return free pages to the system; false where glibc is not there. */
  static boolean trimMalloc() {
    try {
      Native.load("c", LibC.class).malloc_trim(0);
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  static double mib(long bytes) {
    return bytes / MIB;
  }
}
