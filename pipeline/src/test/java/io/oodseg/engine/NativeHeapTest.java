package io.oodseg.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Pointer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The native heap's settings: on glibc, blocks up to 32 MiB come from the heap (where freed ones
 * are reused) and larger ones from their own {@code mmap}; a user's allocator settings are kept.
 */
class NativeHeapTest {
  @Test
  void blocksUpToTheThresholdComeFromTheHeapAndLargerOnesAreMapped() {
    Map<String, String> env = Map.of();
    NativeHeap.Malloc glibc;
    try {
      glibc = NativeHeap.glibc();
      com.sun.jna.NativeLibrary.getInstance("c").getFunction("mallinfo2"); // glibc 2.33 and later
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
