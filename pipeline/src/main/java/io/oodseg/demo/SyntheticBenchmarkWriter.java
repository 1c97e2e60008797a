package io.oodseg.demo;

import io.oodseg.catalog.SmiycReader;
import io.oodseg.io.HadoopFiles;
import io.oodseg.io.ImageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes generated scenes to any Hadoop path, either as a benchmark in the SegmentMeIfYouCan
 * RoadAnomaly21 layout ({@code images/<id>.jpg} and {@code labels_masks/<id>_labels_semantic.png}
 * with 0 = ID, 1 = OoD, 255 = void) or as a training set of ID-only scenes ({@code
 * images/<id>.jpg}, {@code semantic/<id>.png} with class ids, {@code classes.txt}).
 */
public final class SyntheticBenchmarkWriter {
  /** Folder of the images in both layouts. */
  public static final String IMAGES = SmiycReader.IMAGES;

  /** Folder of the OoD masks in the benchmark layout. */
  public static final String LABELS = SmiycReader.LABELS;

  /** Suffix of a mask name after the image id. */
  public static final String LABEL_SUFFIX = SmiycReader.LABEL_SUFFIX;

  private static final float JPEG_QUALITY = 0.95f;

  private final SceneGenerator generator;
  private final Configuration conf;

  public SyntheticBenchmarkWriter(SceneGenerator generator, Configuration conf) {
    this.generator = generator;
    this.conf = conf;
  }

  /** Image id of scene {@code index}. */
  public static String id(int index) {
    return String.format("synthetic_%05d", index);
  }

  /** Writes scenes {@code first .. first+count-1} with OoD objects as a benchmark. */
  public void writeBenchmark(String root, int first, int count) throws IOException {
    for (int i = first; i < first + count; i++) {
      SyntheticScene scene = generator.generate(i, true);
      writeImage(root, i, scene);
      HadoopFiles.writeAll(
          new Path(new Path(root, LABELS), id(i) + LABEL_SUFFIX),
          ImageCodec.grayPng(scene.width(), scene.height(), scene.oodLabel()),
          conf);
    }
  }

  /**
   * Writes ID-only scenes {@code first .. first+count-1} with their class ids as a training set.
   */
  public void writeTraining(String root, int first, int count) throws IOException {
    for (int i = first; i < first + count; i++) {
      SyntheticScene scene = generator.generate(i, false);
      writeImage(root, i, scene);
      HadoopFiles.writeAll(
          new Path(new Path(root, "semantic"), id(i) + ".png"),
          ImageCodec.grayPng(scene.width(), scene.height(), scene.semantic()),
          conf);
    }
    HadoopFiles.writeAll(
        new Path(root, "classes.txt"),
        (String.join("\n", SceneGenerator.CLASS_NAMES) + "\n").getBytes(StandardCharsets.UTF_8),
        conf);
  }

  private void writeImage(String root, int index, SyntheticScene scene) throws IOException {
    HadoopFiles.writeAll(
        new Path(new Path(root, IMAGES), id(index) + ".jpg"),
        ImageCodec.jpeg(scene.width(), scene.height(), scene.rgb(), JPEG_QUALITY),
        conf);
  }
}
