package io.oodseg.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The native heap's settings: on glibc, blocks up to 32 MiB come from the heap (where freed ones
 * are reused) and larger ones from their own {@code mmap}; a user's allocator settings are kept.
 */
class NativeHeapTest {
  /** glibc's allocation functions and statistics, for looking at where blocks come from. */
  interface Allocator extends Library {
    Pointer malloc(long size);

    void free(Pointer p);

    MallInfo2.ByValue mallinfo2();
  }

  /** glibc's {@code struct mallinfo2} (glibc 2.33 and later). */
  @Structure.FieldOrder({
    "arena",
    "ordblks",
    "smblks",
    "hblks",
    "hblkhd",
    "usmblks",
    "fsmblks",
    "uordblks",
    "fordblks",
    "keepcost"
  })
  public static class MallInfo2 extends Structure {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;

    /** Bytes in blocks served by their own {@code mmap}, all arenas. */
    public long hblkhd;

    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;

    /** Returned by value. */
    public static class ByValue extends MallInfo2 implements Structure.ByValue {}
  }

  @Test
  void blocksUpToTheThresholdComeFromTheHeapAndLargerOnesAreMapped() {
    Map<String, String> env = Map.of();
    Allocator glibc;
    try {
      NativeHeap.glibc();
      glibc = Native.load("c", Allocator.class);
      NativeLibrary.getInstance("c").getFunction("mallinfo2"); // glibc 2.33 and later
    } catch (UnsatisfiedLinkError e) {
      assumeTrue(false, "not glibc 2.33 or later: " + e.getMessage());
      return;
    }
    assumeTrue(NativeHeap.USER_VARIABLES.stream().noneMatch(v -> NativeEnv.get(v) != null));
    assertThat(NativeHeap.applyWith(env::get))
        .isEqualTo("native heap: mmap threshold 32 MiB, trim threshold 128 MiB (set by oodseg)");

    long below = NativeHeap.MMAP_THRESHOLD - (8 << 20); // 24 MiB
    long above = NativeHeap.MMAP_THRESHOLD + (8 << 20); // 40 MiB
    long mapped = glibc.mallinfo2().hblkhd;
    Pointer small = glibc.malloc(below);
    long afterSmall = glibc.mallinfo2().hblkhd;
    Pointer large = glibc.malloc(above);
    long afterLarge = glibc.mallinfo2().hblkhd;
    glibc.free(large);
    glibc.free(small);

    assertThat(afterSmall - mapped).as("24 MiB block mapped on its own").isLessThan(below);
    assertThat(afterLarge - afterSmall).as("40 MiB block mapped on its own").isGreaterThan(above);
  }

  @Test
  void aUsersAllocatorSettingsAreKept() {
    String state = NativeHeap.applyWith(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")::get);
    assertThat(state)
        .isEqualTo(
            "native heap: as the environment sets it (GLIBC_TUNABLES=glibc.malloc.arena_max=2)");
  }
}
