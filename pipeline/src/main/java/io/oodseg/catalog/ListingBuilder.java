package io.oodseg.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Collects one listing's records and warnings and finishes them the same way for every reader:
 * duplicate ids and an empty result are benchmark-level errors; ignored files, images without a
 * label file and an image count other than expected are warnings.
 */
final class ListingBuilder {
  /** File names quoted in one warning at most. */
  private static final int EXAMPLES = 5;

  /** Label folders listed to find missing labels at most; beyond it the check is skipped. */
  private static final int MAX_LABEL_FOLDERS = 1000;

  private final BenchmarkFiles files;
  private final int expectedCount;
  private final Map<String, ImageRecord> byId = new HashMap<>();
  private final Map<String, Path> labels = new HashMap<>();
  private final List<String> ignored = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  ListingBuilder(BenchmarkFiles files, int expectedCount) {
    this.files = files;
    this.expectedCount = expectedCount;
  }

  /** Adds one pair; a second image with the same id is a benchmark-level error. */
  void add(String id, Path image, Path label) {
    ImageRecord record = new ImageRecord(id, image.toString(), label.toString());
    ImageRecord previous = byId.putIfAbsent(id, record);
    if (previous != null) {
      throw files.problem(
          "images " + previous.imageUri() + " and " + image + " have the same id " + id);
    }
    labels.put(id, label);
  }

  /** Records a file that the layout does not use (reported in one warning). */
  void ignore(Path file) {
    ignored.add(files.relative(file));
  }

  /** Adds a warning of the listing. */
  void warn(String warning) {
    warnings.add(warning);
  }

  /** The records sorted by id with every warning; no image at all is a benchmark-level error. */
  Listing build() throws IOException {
    if (byId.isEmpty()) {
      throw files.problem(
          "no images found" + (ignored.isEmpty() ? "" : " (" + ignoredLine() + ")"));
    }
    List<ImageRecord> records = new ArrayList<>(byId.values());
    records.sort(Comparator.comparing(ImageRecord::id));
    if (!ignored.isEmpty()) {
      warnings.add("benchmark root " + files.givenRoot() + ": " + ignoredLine());
    }
    warnMissingLabels(records);
    if (expectedCount > 0 && records.size() != expectedCount) {
      warnings.add(
          "benchmark root "
              + files.givenRoot()
              + ": found "
              + records.size()
              + " images but expected "
              + expectedCount
              + " (oodseg.benchmark.expected-count); the benchmark may be incomplete or another release");
    }
    return new Listing(files.givenRoot(), records, warnings);
  }

  private String ignoredLine() {
    return "ignored "
        + ignored.size()
        + " file(s) that are not images of the layout (.jpg, .jpeg, .png, .webp): "
        + examples(ignored);
  }

  private void warnMissingLabels(List<ImageRecord> records) throws IOException {
    Set<Path> folders = new HashSet<>();
    for (Path label : labels.values()) {
      folders.add(label.getParent());
    }
    if (folders.size() > MAX_LABEL_FOLDERS) {
      return;
    }
    Set<Path> existing = files.existing(folders);
    List<String> missing = new ArrayList<>();
    for (ImageRecord r : records) {
      if (!existing.contains(labels.get(r.id()))) {
        missing.add(r.id() + " (expected " + r.labelUri() + ")");
      }
    }
    if (!missing.isEmpty()) {
      warnings.add(
          "benchmark root "
              + files.givenRoot()
              + ": "
              + missing.size()
              + " of "
              + records.size()
              + " image(s) have no label file and will be recorded as errors: "
              + examples(missing));
    }
  }

  /** The first few items, joined, with how many more there are. */
  static String examples(List<String> items) {
    String shown = String.join(", ", items.subList(0, Math.min(EXAMPLES, items.size())));
    return items.size() > EXAMPLES ? shown + ", and " + (items.size() - EXAMPLES) + " more" : shown;
  }
}
