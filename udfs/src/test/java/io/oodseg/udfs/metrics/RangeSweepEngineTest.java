package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How many score ranges the exact merge uses: the ranges asked for, more when a range would hold
 * more than {@link RangeSweepEngine#MAX_RANGE_ENTRIES} entries (a merge task's memory), and no more
 * than the sample can place.
 */
class RangeSweepEngineTest {
  private static final long MAX = RangeSweepEngine.MAX_RANGE_ENTRIES;

  @Test
  void theRangesAskedForWhileEachHoldsFewEnoughEntries() {
    assertThat(RangeSweepEngine.rangesFor(8, 0)).isEqualTo(8);
    assertThat(RangeSweepEngine.rangesFor(8, 8 * MAX)).isEqualTo(8);
    assertThat(RangeSweepEngine.rangesFor(3, 2 * MAX)).isEqualTo(3);
  }

  @Test
  void moreRangesForKeysWithMoreEntries() {
    assertThat(RangeSweepEngine.rangesFor(8, 8 * MAX + 1)).isEqualTo(9);
    // 100 images of 2.1 MP: 210 M entries per method
    assertThat(RangeSweepEngine.rangesFor(8, 210_000_000L)).isEqualTo(13);
  }

  @Test
  void noMoreThanTheSampleCanPlaceAndOneRangeStaysOne() {
    // the sample of 8 ranges keeps 512 scores: at most 64 ranges
    assertThat(RangeSweepEngine.rangesFor(8, 1_000 * MAX)).isEqualTo(64);
    assertThat(RangeSweepEngine.rangesFor(2, 1_000 * MAX)).isEqualTo(32);
    assertThat(RangeSweepEngine.rangesFor(1, 1_000 * MAX)).isEqualTo(1);
  }
}
