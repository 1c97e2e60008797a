package io.oodseg.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Fishyscapes LostAndFound (Blum et al., 2019): the public validation set of 100 frames. Its
 * official release is a zip of masks only ({@code fishyscapes_lostandfound.zip}); the images are
 * the original LostAndFound {@code leftImg8bit} frames ({@code leftImg8bit.zip}). The masks are
 * unpacked into {@code fishyscapes_lostandfound/} and the frames into {@code leftImg8bit/} of one
 * root:
 *
 * <pre>
 * root/fishyscapes_lostandfound/&lt;k&gt;_&lt;name&gt;_labels.png         label: 1 = OoD, 0 = ID, 255 = void
 * root/leftImg8bit/&lt;split&gt;/&lt;city&gt;/&lt;name&gt;_leftImg8bit.png     image, looked up in any split
 * </pre>
 *
 * e.g. {@code 0000_04_Maurener_Weg_8_000000_000030_labels.png} pairs with {@code
 * leftImg8bit/test/04_Maurener_Weg_8/04_Maurener_Weg_8_000000_000030_leftImg8bit.png}; the id is
 * {@code <k>_<name>}. The listing is driven by the masks (LostAndFound holds many more frames). A
 * mask whose frame is not found is still listed, with the image path it would have in {@code
 * leftImg8bit/test/} and a warning; reading it fails for that image. Files of the mask folder not
 * named {@code <k>_<name>_labels.png} are ignored with a warning.
 */
public final class FishyscapesLafReader extends AbstractBenchmarkReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "fishyscapes-laf";

  /** Mask folder under the root (the zip's folder name). */
  public static final String LABELS = "fishyscapes_lostandfound";

  private static final Pattern LABEL = Pattern.compile("([0-9]+)_(.+)_labels\\.png");

  /** The release's values ({@link LabelMap#COMMON}), count not checked. */
  public FishyscapesLafReader() {
    this(LabelMap.COMMON, 0);
  }

  /**
   * @param labelMap raw values to common labels
   * @param expectedCount images expected; 0 = unknown (the release has 100)
   */
  public FishyscapesLafReader(LabelMap labelMap, int expectedCount) {
    super(LAYOUT, labelMap, expectedCount);
  }

  @Override
  public String expectedLayout() {
    return LABELS
        + "/<k>_<name>_labels.png with images at "
        + LostAndFoundReader.IMAGES
        + "/<split>/<city>/<name>"
        + LostAndFoundReader.IMAGE_SUFFIX
        + ", values "
        + labelMap();
  }

  @Override
  void collect(BenchmarkFiles files, ListingBuilder out) throws IOException {
    List<FileStatus> masks = files.files(LABELS);
    if (!files.isFolder(LostAndFoundReader.IMAGES)) {
      throw files.problem(
          "it has no " + LostAndFoundReader.IMAGES + "/ folder (the LostAndFound images)");
    }
    Map<String, Path> images = new HashMap<>();
    for (FileStatus file :
        files.glob(LostAndFoundReader.IMAGES + "/*/*/*" + LostAndFoundReader.IMAGE_SUFFIX)) {
      images.put(LostAndFoundReader.frameName(file.getPath()), file.getPath());
    }
    List<String> missing = new ArrayList<>();
    for (FileStatus mask : masks) {
      Matcher m = LABEL.matcher(mask.getPath().getName());
      if (!m.matches()) {
        out.ignore(mask.getPath());
        continue;
      }
      String name = m.group(2);
      String id = m.group(1) + "_" + name;
      Path image = images.get(name);
      if (image == null) {
        String file = name + LostAndFoundReader.IMAGE_SUFFIX;
        image = files.resolve(LostAndFoundReader.IMAGES + "/test/" + city(name) + "/" + file);
        missing.add(id + " (no " + file + ")");
      }
      out.add(id, image, mask.getPath());
    }
    if (!missing.isEmpty()) {
      out.warn(
          "benchmark root "
              + files.givenRoot()
              + ": "
              + missing.size()
              + " mask(s) have no LostAndFound image under "
              + LostAndFoundReader.IMAGES
              + "/<split>/<city>/ and will be recorded as errors: "
              + ListingBuilder.examples(missing));
    }
  }

  /** The city folder of a frame name: all but its last two {@code _} parts (sequence, frame). */
  static String city(String name) {
    int last = name.lastIndexOf('_');
    int second = last > 0 ? name.lastIndexOf('_', last - 1) : -1;
    return second > 0 ? name.substring(0, second) : name;
  }
}
