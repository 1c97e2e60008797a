package io.oodseg.catalog;

import io.oodseg.config.UsageException;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Lists one benchmark's image/label pairs and says how its label values map to the common labels (0
 * = ID, 1 = OoD, 255 = void). Listing runs on the driver and touches paths only, through Hadoop's
 * {@code FileSystem}, so local paths, {@code file://}, {@code hdfs://} and {@code s3a://} roots
 * list alike; executors read the pixels ({@code ImageDecoder}) and apply {@link #labelMap()}.
 *
 * <p>Problems of the whole benchmark (root missing, a folder of the layout missing, nothing
 * listable, no image) throw {@link UsageException} naming the root and the expected layout.
 * Problems of single images do not: an image whose label is missing is still listed with the
 * label's expected path (and a warning), and reading it later fails for that image alone. Obtain a
 * reader with {@link BenchmarkReaders#forSpec}.
 */
public interface BenchmarkReader extends Serializable {
  /** The layout name ({@code benchmark.layout}) this reader reads. */
  String layout();

  /** How raw label values map to the common labels. */
  LabelMap labelMap();

  /** Images expected in the benchmark; 0 = unknown. A different count is a warning. */
  int expectedCount();

  /**
   * Lists the benchmark under {@code root}.
   *
   * @param root benchmark root: a local path or any Hadoop URI
   * @param conf Hadoop configuration for the file system
   * @return records sorted by id (never empty) and the listing's warnings
   * @throws UsageException for problems of the whole benchmark
   */
  Listing listing(String root, Configuration conf);

  /**
   * Lists the benchmark, logs the listing's warnings at WARN, and returns the records sorted by id.
   */
  default List<ImageRecord> list(String root, Configuration conf) {
    return listing(root, conf).logWarnings().records();
  }
}
