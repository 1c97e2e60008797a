package io.oodseg.catalog;

/**
 * RoadAnomaly (Lis et al., 2019; 60 frames of 1280×720), as released:
 *
 * <pre>
 * root/frames/&lt;n&gt;.jpg                              image (id = n)
 * root/frames/&lt;n&gt;.labels/labels_semantic.png       label: 2 = OoD, 0 = ID, no void
 * </pre>
 *
 * The {@code .labels} folders (which also hold colour and instance files) and other non-image files
 * of {@code frames/} (such as {@code frame_list.json}) are not images and are skipped. A listing
 * with other than {@link #EXPECTED_FRAMES} frames (or the configured count) warns.
 */
public final class RoadAnomalyReader extends FolderPairReader {
  private static final long serialVersionUID = 1L;

  /** Layout name. */
  public static final String LAYOUT = "road-anomaly";

  /** Frames of the official release. */
  public static final int EXPECTED_FRAMES = 60;

  /** The official release: {@link LabelMap#ROAD_ANOMALY}, 60 frames expected. */
  public RoadAnomalyReader() {
    this(LabelMap.ROAD_ANOMALY, EXPECTED_FRAMES);
  }

  /**
   * @param labelMap raw values to common labels
   * @param expectedCount frames expected; 0 = unknown
   */
  public RoadAnomalyReader(LabelMap labelMap, int expectedCount) {
    super(LAYOUT, labelMap, expectedCount, "frames", "frames/{id}.labels/labels_semantic.png", "");
  }
}
