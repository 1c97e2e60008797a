package io.oodseg.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Any layout where a label's path follows from its image's path:
 *
 * <ul>
 *   <li>images: the files matching a Hadoop glob relative to the root ({@code *}, {@code ?}, {@code
 *       [ab]}, {@code {a,b}}; one {@code *} never crosses a {@code /}), e.g. {@code images/*.jpg};
 *       matches that are not images (by extension) are ignored with a warning;
 *   <li>label: the image's path relative to the root, rewritten by a regular expression that must
 *       match that whole path and a replacement ({@code $1} = group 1), e.g. {@code
 *       images/(.+)\.jpg} and {@code masks/$1.png}; an image the expression does not match is left
 *       out with a warning (none matching is an error);
 *   <li>id: the image's path after the glob's leading folders (those without wildcards), without
 *       extension, e.g. {@code a} for {@code images/a.jpg};
 *   <li>values: the configured OoD, ID and void lists.
 * </ul>
 */
public final class GenericReader extends AbstractBenchmarkReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "generic";

  private final String imageGlob;
  private final Pattern labelRegex;
  private final String labelReplacement;

  /**
   * @param imageGlob Hadoop glob of the images, relative to the root
   * @param labelRegex expression over an image's path relative to the root
   * @param labelReplacement the label's path relative to the root, with {@code $n} group references
   * @param labelMap raw values to common labels
   * @param expectedCount images expected; 0 = unknown
   */
  public GenericReader(
      String imageGlob,
      Pattern labelRegex,
      String labelReplacement,
      LabelMap labelMap,
      int expectedCount) {
    super(LAYOUT, labelMap, expectedCount);
    this.imageGlob = Objects.requireNonNull(imageGlob, "imageGlob");
    this.labelRegex = Objects.requireNonNull(labelRegex, "labelRegex");
    this.labelReplacement = Objects.requireNonNull(labelReplacement, "labelReplacement");
  }

  @Override
  public String expectedLayout() {
    return "images matching "
        + imageGlob
        + " with labels at their path rewritten by "
        + labelRegex.pattern()
        + " -> "
        + labelReplacement
        + ", values "
        + labelMap();
  }

  @Override
  void collect(BenchmarkFiles files, ListingBuilder out) throws IOException {
    String prefix = fixedPrefix(imageGlob);
    List<String> unmatched = new ArrayList<>();
    int images = 0;
    for (FileStatus file : files.glob(imageGlob)) {
      Path image = file.getPath();
      if (!BenchmarkFiles.isImage(image.getName())) {
        out.ignore(image);
        continue;
      }
      images++;
      String relative = files.relative(image);
      Matcher m = labelRegex.matcher(relative);
      if (!m.matches()) {
        unmatched.add(relative);
        continue;
      }
      String id =
          BenchmarkFiles.stem(
              relative.startsWith(prefix) ? relative.substring(prefix.length()) : relative);
      out.add(id, image, files.resolve(m.replaceFirst(labelReplacement)));
    }
    if (!unmatched.isEmpty()) {
      String line =
          unmatched.size()
              + " of "
              + images
              + " image(s) do not match oodseg.benchmark.generic.label-regex "
              + labelRegex.pattern()
              + ": "
              + ListingBuilder.examples(unmatched);
      if (unmatched.size() == images) {
        throw files.problem(line);
      }
      out.warn("benchmark root " + files.givenRoot() + ": left out " + line);
    }
  }

  /** The glob's leading folders without wildcard characters, with a trailing '/', or "". */
  static String fixedPrefix(String glob) {
    int end = 0;
    int slash;
    while ((slash = glob.indexOf('/', end)) >= 0) {
      String segment = glob.substring(end, slash);
      if (segment.chars().anyMatch(c -> "*?[]{}\\".indexOf(c) >= 0)) {
        break;
      }
      end = slash + 1;
    }
    return glob.substring(0, end);
  }
}
