package io.oodseg.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The process memory figures a soak run needs on Linux: resident set size, the JVM's own native
 * memory as Native Memory Tracking counts it (when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}), and glibc's {@code malloc_trim}, which hands freed
 * allocator pages back to the system so that memory kept by the allocator can be told apart from
 * memory still in use. Each figure is NaN where the platform does not offer it.
 */
final class ProcessMemory {
  private static final double MIB = 1024.0 * 1024.0;
  private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
  private static final Pattern NMT_CATEGORY = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=\\d+KB, committed=(\\d+)KB");

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

  /** Memory the JVM itself has committed (heap, metaspace, code, threads, GC, ...) per NMT, in MiB. */
  static double jvmNativeCommittedMib() {
    Matcher m = NMT_TOTAL.matcher(nmtSummary());
    return m.find() ? Long.parseLong(m.group(2)) / 1024.0 : Double.NaN;
  }

  /** NMT's committed MiB per category (Java Heap, Class, Thread, Code, GC, Other, ...); empty without NMT. */
  static Map<String, Double> jvmCommittedByCategory() {
    Map<String, Double> categories = new LinkedHashMap<>();
    Matcher m = NMT_CATEGORY.matcher(nmtSummary());
    while (m.find()) {
      categories.put(m.group(1).trim(), Long.parseLong(m.group(2)) / 1024.0);
    }
    return categories;
  }

  private static String nmtSummary() {
    try {
      return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
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
