package io.oodseg.catalog;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link BenchmarkReader} found: the image records, sorted by id, and the warnings of the
 * listing (image count other than expected, ignored non-image files, images without a label, files
 * the layout's pattern does not match). Warnings never stop a run; they are logged by {@link
 * #logWarnings()} and returned here so tests and callers can inspect them.
 *
 * @param root the benchmark root as given
 * @param records image/label pairs, sorted by id, never empty
 * @param warnings one line per problem, in the order found
 */
public record Listing(String root, List<ImageRecord> records, List<String> warnings) {
  private static final Logger LOG = LoggerFactory.getLogger(Listing.class);

  /** Copies both lists. */
  public Listing {
    records = List.copyOf(records);
    warnings = List.copyOf(warnings);
  }

  /** Logs every warning at WARN level and returns this listing. */
  public Listing logWarnings() {
    for (String warning : warnings) {
      LOG.warn(warning);
    }
    return this;
  }
}
