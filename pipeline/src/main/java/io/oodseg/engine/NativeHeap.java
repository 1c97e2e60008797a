package io.oodseg.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Keeps the native memory libtorch frees for its next tensors (glibc's {@code mallopt}, through
 * JNA), so that a forward pass or a score map does not fault fresh pages in every time.
 *
 * <p>libtorch allocates each CPU tensor with {@code malloc}. glibc serves blocks above its mmap
 * threshold (dynamic, starting at 128 KiB) with a fresh {@code mmap} and gives the top of a heap
 * back to the kernel once more than its trim threshold is free. With a few-megabyte tensor per
 * layer, and several arenas (one per thread that allocates), a steady stream of inferences kept
 * faulting in zeroed pages: on a virtual machine where a page fault costs 11–26 µs, that was about
 * half of the demo model's forward pass (docs/performance.md). Fixing the mmap threshold at its
 * largest value ({@value #MMAP_THRESHOLD} bytes) and the trim threshold at {@value #TRIM_THRESHOLD}
 * bytes keeps the freed blocks in the process for reuse; blocks above the mmap threshold still go
 * back to the kernel when freed.
 *
 * <p>Applied once per JVM by {@link Libtorch#prepare()}, before the engine starts, unless the
 * environment already tunes glibc's allocator ({@code GLIBC_TUNABLES}, {@code MALLOC_*_}): then the
 * user's choice is kept. Elsewhere than glibc (macOS, musl) nothing is changed.
 */
public final class NativeHeap {
  /** glibc's {@code M_TRIM_THRESHOLD}. */
  static final int M_TRIM_THRESHOLD = -1;

  /** glibc's {@code M_MMAP_THRESHOLD}. */
  static final int M_MMAP_THRESHOLD = -3;

  /** Blocks up to this size come from the heap and are reused (glibc's upper limit, 32 MiB). */
  public static final int MMAP_THRESHOLD = 32 << 20;

  /** Free memory kept at the top of a heap before it is given back (128 MiB). */
  public static final int TRIM_THRESHOLD = 128 << 20;

  /** Environment variables that tune glibc's allocator; when one is set it is left alone. */
  static final List<String> USER_VARIABLES =
      List.of(
          "GLIBC_TUNABLES",
          "MALLOC_MMAP_THRESHOLD_",
          "MALLOC_TRIM_THRESHOLD_",
          "MALLOC_TOP_PAD_",
          "MALLOC_ARENA_MAX");

  private NativeHeap() {}

  /** glibc's {@code mallopt}. */
  interface Malloc extends Library {
    int mallopt(int param, int value);
  }

  /**
   * Applies the settings (see the class comment; {@link Libtorch#prepare()} calls it once per JVM);
   * returns one line saying what is in effect, for the manifest and {@code oodseg doctor}.
   */
  static String apply() {
    return applyWith(NativeEnv::get);
  }

  /** {@link #apply()} with the environment read by {@code env}. */
  static String applyWith(UnaryOperator<String> env) {
    for (String variable : USER_VARIABLES) {
      String value = env.apply(variable);
      if (value != null) {
        return "native heap: as the environment sets it (" + variable + "=" + value + ")";
      }
    }
    Malloc glibc;
    try {
      glibc = glibc();
    } catch (UnsatisfiedLinkError e) {
      return "native heap: the system's defaults (no glibc mallopt: " + e.getMessage() + ")";
    }
    if (glibc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) != 1
        || glibc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) != 1) {
      return "native heap: the system's defaults (glibc refused mallopt)";
    }
    return "native heap: mmap threshold "
        + (MMAP_THRESHOLD >> 20)
        + " MiB, trim threshold "
        + (TRIM_THRESHOLD >> 20)
        + " MiB (set by oodseg)";
  }

  /** glibc's allocator; throws {@link UnsatisfiedLinkError} where it is not glibc. */
  static Malloc glibc() {
    Malloc c = Native.load("c", Malloc.class);
    com.sun.jna.NativeLibrary.getInstance("c").getFunction("mallopt"); // proxies resolve lazily
    return c;
  }
}
