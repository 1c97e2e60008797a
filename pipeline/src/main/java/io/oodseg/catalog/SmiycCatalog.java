package io.oodseg.catalog;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The SegmentMeIfYouCan listing as a static call, kept for existing callers; it is
 * {@link SmiycReader} with the common label values. New code takes its reader from
 * {@link BenchmarkReaders#forSpec}.
 */
public final class SmiycCatalog {
  /** Image folder under the root. */
  public static final String IMAGES = SmiycReader.IMAGES;
  /** Label folder under the root. */
  public static final String LABELS = SmiycReader.LABELS;
  /** Label file name after the image id. */
  public static final String LABEL_SUFFIX = SmiycReader.LABEL_SUFFIX;

  private SmiycCatalog() {}

  /**
   * Lists the image/label pairs under {@code root}, sorted by id, and logs the listing's
   * warnings. A missing label is listed with its expected path; reading it later fails and the
   * image goes to the error table.
   */
  public static List<ImageRecord> list(String root, Configuration conf) {
    return new SmiycReader().list(root, conf);
  }
}
