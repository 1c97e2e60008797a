package io.oodseg.udfs.sql;

import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Aggregation buffer of the SQL functions: the valid pixels seen so far per image id (pixel rows),
 * the per-image counts tables seen so far (counts rows), and the constant extra argument (protocol
 * name or number of curve points). Pixels are kept as two score columns per image and counted
 * ({@link ScoreCounts#fromPixels}) when the buffer is serialized (Spark's partial aggregation),
 * read, or a column grows past {@value #FLUSH_AT} pixels, so a buffer holds at most that many
 * uncounted pixels per image plus the images' counts tables. Public only because Spark's
 * serialization encoder requires it; nothing of it is for use outside this package.
 */
public final class ImageBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Pixels per image kept uncounted before they are counted and merged. */
  static final int FLUSH_AT = 1 << 20;

  private final TreeMap<String, ImagePixels> images = new TreeMap<>();
  private final List<ScoreCounts> tables = new ArrayList<>();
  private Object argument;

  /** An empty buffer. */
  ImageBuffer() {}

  /**
   * Adds one pixel row; void pixels (and null labels) are dropped.
   *
   * @throws IllegalArgumentException on a NaN or null score of a non-void pixel, naming the image
   */
  void addPixel(String imageId, Double score, Integer label, int positiveValue, int voidValue) {
    if (label == null || label == voidValue) {
      return;
    }
    if (score == null || Double.isNaN(score)) {
      throw new IllegalArgumentException(
          (score == null ? "null" : "NaN")
              + " score of a non-void pixel (label "
              + label
              + ") in image "
              + imageId);
    }
    images
        .computeIfAbsent(String.valueOf(imageId), k -> new ImagePixels())
        .add(score, label == positiveValue);
  }

  /** Adds one image's counts (a counts row). */
  void addTable(ScoreCounts table) {
    tables.add(table);
  }

  /** Records the extra argument (the first non-null one is kept). */
  void argument(Object value) {
    if (argument == null) {
      argument = value;
    }
  }

  /** The extra argument, null if none was given. */
  Object argument() {
    return argument;
  }

  /** Adds the content of {@code other}; returns this. */
  ImageBuffer mergeWith(ImageBuffer other) {
    other.images.forEach((id, px) -> images.merge(id, px, ImagePixels::mergeWith));
    tables.addAll(other.tables);
    argument(other.argument);
    return this;
  }

  /** The counts of every image: pixel-row images by id, then the counts rows. */
  List<ScoreCounts> perImage() {
    List<ScoreCounts> out = new ArrayList<>();
    for (ImagePixels px : images.values()) {
      out.add(px.counts());
    }
    out.addAll(tables);
    return out;
  }

  /** The valid pixels of one image: counted part and uncounted score columns. */
  static final class ImagePixels implements Serializable {
    private static final long serialVersionUID = 1L;

    private ScoreCounts counted = ScoreCounts.empty();
    private transient double[] positives = new double[16];
    private transient double[] negatives = new double[16];
    private transient int numPositives;
    private transient int numNegatives;

    void add(double score, boolean positive) {
      if (positive) {
        positives = room(positives, numPositives);
        positives[numPositives++] = score;
      } else {
        negatives = room(negatives, numNegatives);
        negatives[numNegatives++] = score;
      }
      if (numPositives + numNegatives >= FLUSH_AT) {
        flush();
      }
    }

    private static double[] room(double[] column, int size) {
      return size < column.length ? column : Arrays.copyOf(column, 2 * column.length);
    }

    /** Counts the uncounted pixels into {@link #counted}. */
    private void flush() {
      int n = numPositives + numNegatives;
      if (n == 0) {
        return;
      }
      double[] scores = Arrays.copyOf(positives, n);
      System.arraycopy(negatives, 0, scores, numPositives, numNegatives);
      byte[] labels = new byte[n];
      Arrays.fill(labels, 0, numPositives, (byte) 1);
      counted = ScoreCounts.merge(counted, ScoreCounts.fromPixels(scores, labels, 1, 255));
      positives = new double[16];
      negatives = new double[16];
      numPositives = 0;
      numNegatives = 0;
    }

    ImagePixels mergeWith(ImagePixels other) {
      flush();
      counted = ScoreCounts.merge(counted, other.counts());
      return this;
    }

    ScoreCounts counts() {
      flush();
      return counted;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      flush();
      out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      positives = new double[16];
      negatives = new double[16];
    }
  }
}
