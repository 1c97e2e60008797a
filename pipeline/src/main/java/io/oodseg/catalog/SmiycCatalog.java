package io.oodseg.catalog;

import io.oodseg.config.ConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a benchmark in the SegmentMeIfYouCan layout: {@code images/<id>.(jpg|png|webp)} with
 * {@code labels_masks/<id>_labels_semantic.png}. Listing happens on the driver and yields paths
 * only; images are read by the executors.
 */
public final class SmiycCatalog {
  /** Image folder under the root. */
  public static final String IMAGES = "images";
  /** Label folder under the root. */
  public static final String LABELS = "labels_masks";
  /** Label file name after the image id. */
  public static final String LABEL_SUFFIX = "_labels_semantic.png";
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");

  private SmiycCatalog() {}

  /**
   * Lists the image/label pairs under {@code root}, sorted by id. A missing label is listed
   * with its expected path; reading it later fails and the image goes to the error table.
   */
  public static List<ImageRecord> list(String root, Configuration conf) {
    Path images = new Path(root, IMAGES);
    try {
      FileSystem fs = images.getFileSystem(conf);
      FileStatus[] files;
      try {
        files = fs.listStatus(images);
      } catch (FileNotFoundException e) {
        throw new ConfigException("benchmark root " + root + " has no " + IMAGES + "/ folder (SMIYC layout expected)", e);
      }
      List<ImageRecord> records = new ArrayList<>();
      for (FileStatus file : files) {
        String name = file.getPath().getName();
        int dot = name.lastIndexOf('.');
        if (!file.isFile() || dot <= 0 || !IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
          continue;
        }
        String id = name.substring(0, dot);
        Path label = new Path(new Path(root, LABELS), id + LABEL_SUFFIX);
        records.add(new ImageRecord(id, fs.makeQualified(file.getPath()).toString(), fs.makeQualified(label).toString()));
      }
      records.sort((a, b) -> a.id().compareTo(b.id()));
      if (records.isEmpty()) {
        throw new ConfigException("benchmark root " + root + " holds no images under " + IMAGES + "/");
      }
      return records;
    } catch (IOException e) {
      throw new ConfigException("benchmark root " + root + " cannot be listed: " + e.getMessage(), e);
    }
  }
}
