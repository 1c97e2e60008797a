package io.oodseg.catalog;

/**
 * SegmentMeIfYouCan RoadAnomaly21 ({@code dataset_AnomalyTrack}, JPEG images) and RoadObstacle21
 * ({@code dataset_ObstacleTrack}, WebP images), and the embedded demo, which writes this layout:
 *
 * <pre>
 * root/images/&lt;n&gt;.(jpg|jpeg|png|webp)                 image (id = n)
 * root/labels_masks/&lt;n&gt;_labels_semantic.png           label: 1 = OoD, 0 = ID, 255 = void
 * </pre>
 *
 * The public download holds the held-out test images without labels; {@code split} keeps only ids
 * that contain it ({@code validation} = the labelled validation frames). Empty = every image.
 */
public final class SmiycReader extends FolderPairReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "smiyc";

  /** Image folder under the root. */
  public static final String IMAGES = "images";

  /** Label folder under the root. */
  public static final String LABELS = "labels_masks";

  /** Label file name after the image id. */
  public static final String LABEL_SUFFIX = "_labels_semantic.png";

  /** Every image, the common values, count not checked. */
  public SmiycReader() {
    this(LabelMap.COMMON, 0, "");
  }

  /**
   * @param labelMap raw values to common labels
   * @param expectedCount images expected; 0 = unknown
   * @param split substring every listed id must contain; empty = every image
   */
  public SmiycReader(LabelMap labelMap, int expectedCount, String split) {
    super(LAYOUT, labelMap, expectedCount, IMAGES, LABELS + "/{id}" + LABEL_SUFFIX, split);
  }
}
