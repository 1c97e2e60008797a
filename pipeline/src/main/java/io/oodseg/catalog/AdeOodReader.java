package io.oodseg.catalog;

/**
 * ADE-OoD (Galesso et al., 2023; 111 ADE20K-style scenes with OoD objects):
 *
 * <pre>
 * root/images/&lt;n&gt;.jpg                  image (id = n)
 * root/annotations/&lt;n&gt;_mask.png         label: 1 = OoD, 0 = ID, 255 = void
 * </pre>
 *
 * Non-image files of {@code images/} are ignored with a warning.
 */
public final class AdeOodReader extends FolderPairReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "ade-ood";

  /** The release's values ({@link LabelMap#COMMON}), count not checked. */
  public AdeOodReader() {
    this(LabelMap.COMMON, 0);
  }

  /**
   * @param labelMap raw values to common labels
   * @param expectedCount images expected; 0 = unknown
   */
  public AdeOodReader(LabelMap labelMap, int expectedCount) {
    super(LAYOUT, labelMap, expectedCount, "images", "annotations/{id}_mask.png", "");
  }
}
