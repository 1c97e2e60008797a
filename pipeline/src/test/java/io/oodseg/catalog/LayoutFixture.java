package io.oodseg.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Every layout's exact on-disk naming, for the tests shared by all readers: item {@code i} has an
 * id, an image and a label path, raw label values and the common values they map to.
 *
 * @param name layout name
 * @param reader the reader with a given expected count
 * @param id record id of item i
 * @param image image path of item i, relative to the root
 * @param label label path of item i, relative to the root
 * @param raw raw label values written (repeated over the label)
 * @param common what they map to
 * @param invalid a raw value outside the layout's map
 * @param nonImage a file of a listed folder that is not an image
 * @param warnsOnNonImage whether the reader names that file in a warning (folder listings do; globs
 *     on a file suffix just do not match it)
 * @param labelDriven whether the listing starts from the labels (then a missing image, not a
 *     missing label, is the per-image problem)
 * @param folders the layout's folders, for an empty benchmark
 */
record LayoutFixture(
    String name,
    IntFunction<BenchmarkReader> reader,
    IntFunction<String> id,
    IntFunction<String> image,
    IntFunction<String> label,
    int[] raw,
    int[] common,
    int invalid,
    String nonImage,
    boolean warnsOnNonImage,
    boolean labelDriven,
    List<String> folders) {

  static final int W = 6;
  static final int H = 4;
  private static final String CITY = "04_Maurener_Weg_8";

  static List<LayoutFixture> all() {
    return List.of(roadAnomaly(), adeOod(), smiyc(), fishyscapesLaf(), lostAndFound(), generic());
  }

  static LayoutFixture roadAnomaly() {
    return new LayoutFixture(
        "road-anomaly",
        n -> new RoadAnomalyReader(LabelMap.ROAD_ANOMALY, n),
        i -> "animals0" + i + "_sheep",
        i -> "frames/animals0" + i + "_sheep.jpg",
        i -> "frames/animals0" + i + "_sheep.labels/labels_semantic.png",
        new int[] {0, 2, 2, 0},
        new int[] {0, 1, 1, 0},
        1,
        "frames/frame_list.json",
        true,
        false,
        List.of("frames"));
  }

  static LayoutFixture adeOod() {
    return new LayoutFixture(
        "ade-ood",
        n -> new AdeOodReader(LabelMap.COMMON, n),
        i -> "ADE_ood_000" + i,
        i -> "images/ADE_ood_000" + i + ".jpg",
        i -> "annotations/ADE_ood_000" + i + "_mask.png",
        new int[] {0, 1, 255},
        new int[] {0, 1, 255},
        7,
        "images/README.txt",
        true,
        false,
        List.of("images", "annotations"));
  }

  static LayoutFixture smiyc() {
    return new LayoutFixture(
        "smiyc",
        n -> new SmiycReader(LabelMap.COMMON, n, ""),
        i -> "validation000" + i,
        i -> "images/validation000" + i + ".jpg",
        i -> "labels_masks/validation000" + i + "_labels_semantic.png",
        new int[] {0, 1, 255},
        new int[] {0, 1, 255},
        2,
        "images/LICENSE.txt",
        true,
        false,
        List.of("images", "labels_masks"));
  }

  static LayoutFixture fishyscapesLaf() {
    return new LayoutFixture(
        "fishyscapes-laf",
        n -> new FishyscapesLafReader(LabelMap.COMMON, n),
        i -> "000" + i + "_" + frame(i),
        i -> "leftImg8bit/test/" + CITY + "/" + frame(i) + "_leftImg8bit.png",
        i -> "fishyscapes_lostandfound/000" + i + "_" + frame(i) + "_labels.png",
        new int[] {0, 1, 255},
        new int[] {0, 1, 255},
        3,
        "fishyscapes_lostandfound/README.txt",
        true,
        true,
        List.of("fishyscapes_lostandfound", "leftImg8bit"));
  }

  static LayoutFixture lostAndFound() {
    return new LayoutFixture(
        "lost-and-found",
        n -> new LostAndFoundReader(LabelMap.LOST_AND_FOUND, n, ""),
        LayoutFixture::frame,
        i -> "leftImg8bit/test/" + CITY + "/" + frame(i) + "_leftImg8bit.png",
        i -> "gtCoarse/test/" + CITY + "/" + frame(i) + "_gtCoarse_labelIds.png",
        new int[] {0, 1, 2, 37, 200},
        new int[] {255, 0, 1, 1, 1},
        201,
        "leftImg8bit/test/" + CITY + "/notes.txt",
        false,
        false,
        List.of("leftImg8bit/test", "gtCoarse/test"));
  }

  static LayoutFixture generic() {
    LabelMap map = LabelMap.of("my-set", List.of(5), List.of(3, 4), List.of(9));
    return new LayoutFixture(
        "generic",
        n ->
            new GenericReader(
                "img/*", Pattern.compile("img/(.+)\\.(jpg|png)"), "gt/$1_gt.png", map, n),
        i -> "shot" + i,
        i -> "img/shot" + i + ".png",
        i -> "gt/shot" + i + "_gt.png",
        new int[] {3, 4, 5, 9},
        new int[] {0, 0, 1, 255},
        0,
        "img/notes.txt",
        true,
        false,
        List.of("img", "gt"));
  }

  /** A LostAndFound frame name. */
  static String frame(int i) {
    return CITY + "_000000_0000" + (30 + i);
  }

  /** Writes item i: image W×H and a label of size lw×lh with the given raw values. */
  void write(Path root, int i, int lw, int lh, int... values) {
    Fixtures.image(root.resolve(image.apply(i)), W, H);
    Fixtures.label(root.resolve(label.apply(i)), lw, lh, values);
  }

  /** Writes item i with this layout's valid raw values. */
  void write(Path root, int i) {
    write(root, i, W, H, raw);
  }

  @Override
  public String toString() {
    return name;
  }
}
