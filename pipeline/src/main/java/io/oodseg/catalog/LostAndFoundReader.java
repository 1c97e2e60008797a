package io.oodseg.catalog;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * LostAndFound (Pinggera et al., 2016) in its original Cityscapes-style release:
 *
 * <pre>
 * root/leftImg8bit/&lt;split&gt;/&lt;city&gt;/&lt;name&gt;_leftImg8bit.png          image (id = name)
 * root/gtCoarse/&lt;split&gt;/&lt;city&gt;/&lt;name&gt;_gtCoarse_labelIds.png    label ids: 2..200 = obstacle
 *                                                               (OoD), 1 = free road (ID),
 *                                                               0 = unlabelled (void)
 * </pre>
 *
 * e.g. {@code leftImg8bit/test/04_Maurener_Weg_8/04_Maurener_Weg_8_000000_000030_leftImg8bit.png}.
 * {@code split} is a folder name ({@code train}, {@code test}, or a Hadoop glob such as {@code
 * {train,test}}); empty = every split. The evaluation split of the literature is {@code test} (1203
 * frames). Files not named {@code *_leftImg8bit.png} are not listed.
 */
public final class LostAndFoundReader extends AbstractBenchmarkReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "lost-and-found";

  /** Image folder under the root. */
  public static final String IMAGES = "leftImg8bit";

  /** Image file name after the frame name. */
  public static final String IMAGE_SUFFIX = "_leftImg8bit.png";

  /** Label file name after the frame name. */
  public static final String LABEL_SUFFIX = "_gtCoarse_labelIds.png";

  private final String split;

  /** Every split with the original label ids ({@link LabelMap#LOST_AND_FOUND}). */
  public LostAndFoundReader() {
    this(LabelMap.LOST_AND_FOUND, 0, "");
  }

  /**
   * @param labelMap raw values to common labels
   * @param expectedCount images expected; 0 = unknown
   * @param split split folder (or glob) under {@code leftImg8bit/}; empty = every split
   */
  public LostAndFoundReader(LabelMap labelMap, int expectedCount, String split) {
    super(LAYOUT, labelMap, expectedCount);
    this.split = split == null ? "" : split;
  }

  @Override
  public String expectedLayout() {
    String s = split.isEmpty() ? "<split>" : split;
    return IMAGES
        + "/"
        + s
        + "/<city>/<name>"
        + IMAGE_SUFFIX
        + " with labels at gtCoarse/"
        + s
        + "/<city>/<name>"
        + LABEL_SUFFIX
        + ", values "
        + labelMap();
  }

  @Override
  void collect(BenchmarkFiles files, ListingBuilder out) throws IOException {
    if (!files.isFolder(IMAGES)) {
      throw files.problem("it has no " + IMAGES + "/ folder");
    }
    for (FileStatus file :
        files.glob(IMAGES + "/" + (split.isEmpty() ? "*" : split) + "/*/*" + IMAGE_SUFFIX)) {
      Path image = file.getPath();
      String name = frameName(image);
      Path city = image.getParent();
      String labelPath =
          "gtCoarse/"
              + city.getParent().getName()
              + "/"
              + city.getName()
              + "/"
              + name
              + LABEL_SUFFIX;
      out.add(name, image, files.resolve(labelPath));
    }
  }

  /**
   * The frame name of a {@code *_leftImg8bit.png} file, e.g. {@code
   * 04_Maurener_Weg_8_000000_000030}.
   */
  static String frameName(Path image) {
    String file = image.getName();
    return file.substring(0, file.length() - IMAGE_SUFFIX.length());
  }
}
