package io.oodseg.udfs.metrics;

import java.util.Map;
import java.util.Objects;
import org.apache.spark.Partitioner;
import scala.Tuple2;

/**
 * Gives every {@code (key, rangeIndex)} pair its own partition: {@code keyIndex * numRanges +
 * rangeIndex}, so merged ranges are balanced by construction.
 */
final class RangeKeyPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final Map<?, Integer> keyIndex;
  private final int numRanges;

  /** {@code keyIndex} maps every key to a distinct index in {@code [0, keyIndex.size())}. */
  RangeKeyPartitioner(Map<?, Integer> keyIndex, int numRanges) {
    this.keyIndex = keyIndex;
    this.numRanges = numRanges;
  }

  @Override
  public int numPartitions() {
    return Math.max(1, keyIndex.size() * numRanges);
  }

  @Override
  public int getPartition(Object key) {
    Tuple2<?, ?> rangeKey = (Tuple2<?, ?>) key;
    Integer index = keyIndex.get(rangeKey._1());
    if (index == null) {
      throw new IllegalStateException("key without sampled boundaries: " + rangeKey._1());
    }
    return index * numRanges + (Integer) rangeKey._2();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeKeyPartitioner
        && numRanges == ((RangeKeyPartitioner) o).numRanges
        && keyIndex.equals(((RangeKeyPartitioner) o).keyIndex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyIndex, numRanges);
  }
}
