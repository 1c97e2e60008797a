package io.oodseg.catalog;

import io.oodseg.config.UsageException;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * The listing procedure every reader shares: open the root (a missing root is an error naming the
 * expected layout), let the layout {@link #collect} its pairs, then finish the listing (sort by id,
 * no image = error, warnings for ignored files, missing labels and an image count other than {@link
 * #expectedCount()}). Package-private: readers are made by {@link BenchmarkReaders}.
 */
abstract class AbstractBenchmarkReader implements BenchmarkReader {
  private static final long serialVersionUID = 1L;
  private final String layout;
  private final LabelMap labelMap;
  private final int expectedCount;

  /**
   * @param layout layout name
   * @param labelMap the benchmark's raw values to common labels
   * @param expectedCount images expected, 0 = unknown
   */
  AbstractBenchmarkReader(String layout, LabelMap labelMap, int expectedCount) {
    if (expectedCount < 0) {
      throw new IllegalArgumentException("expected count must be at least 0, got " + expectedCount);
    }
    this.layout = Objects.requireNonNull(layout, "layout");
    this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
    this.expectedCount = expectedCount;
  }

  @Override
  public final String layout() {
    return layout;
  }

  @Override
  public final LabelMap labelMap() {
    return labelMap;
  }

  @Override
  public final int expectedCount() {
    return expectedCount;
  }

  /** The on-disk layout in words, quoted by every benchmark-level error. */
  public abstract String expectedLayout();

  /**
   * Finds the layout's pairs under the root and adds them (or ignored files, or warnings) to {@code
   * out}.
   */
  abstract void collect(BenchmarkFiles files, ListingBuilder out) throws IOException;

  @Override
  public final Listing listing(String root, Configuration conf) {
    BenchmarkFiles files = BenchmarkFiles.open(root, conf, layout, expectedLayout());
    ListingBuilder out = new ListingBuilder(files, expectedCount);
    try {
      collect(files, out);
      return out.build();
    } catch (IOException e) {
      throw new UsageException(
          "benchmark root " + root + " (layout " + layout + ") cannot be listed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return layout
        + " reader, "
        + labelMap
        + (expectedCount > 0 ? ", " + expectedCount + " images expected" : "");
  }
}
