package io.oodseg.sweep;

import static org.apache.spark.sql.functions.col;

import io.oodseg.catalog.ImageRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sweep's tensor store of one (benchmark, model): Parquet, one row per image, with the label
 * ({@code label}, one byte per pixel), each stored confidence map ({@code conf_<i>}, float32
 * little-endian bytes at the label's size), each feature setting's grid ({@code grid_<i>}, float32
 * little-endian, {@code [D, cells]}), the grid shapes, each map's smallest and largest value
 * ({@code conf_min}, {@code conf_max}: the binned metrics' ranges) and the failure, if any. Packed
 * bytes keep Parquet from writing a repetition level per float and decode with one copy; a sweep
 * reads the store once per run and keeps the decoded images in Spark's storage while it clusters
 * and scores them.
 */
final class TensorStore {
  private TensorStore() {}

  static StructType schema(int confidences, int grids) {
    StructType s =
        new StructType()
            .add("image_id", DataTypes.StringType, false)
            .add("image_uri", DataTypes.StringType, false)
            .add("label_uri", DataTypes.StringType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("height", DataTypes.IntegerType, false)
            .add("label", DataTypes.BinaryType, true);
    for (int i = 0; i < confidences; i++) {
      s = s.add("conf_" + i, DataTypes.BinaryType, true);
    }
    for (int i = 0; i < grids; i++) {
      s = s.add("grid_" + i, DataTypes.BinaryType, true);
    }
    return s.add("dims", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        .add("grid_heights", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        .add("grid_widths", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
        .add("conf_min", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
        .add("conf_max", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
        .add("error_stage", DataTypes.StringType, true)
        .add("error_reason", DataTypes.StringType, true);
  }

  private static Row row(StoredImage t, int confidences, int grids) {
    List<Object> v = new ArrayList<>();
    ImageRecord r = t.record();
    v.add(r.id());
    v.add(r.imageUri());
    v.add(r.labelUri());
    v.add(t.width());
    v.add(t.height());
    v.add(t.label());
    Double[] min = t.failed() ? null : new Double[confidences];
    Double[] max = t.failed() ? null : new Double[confidences];
    for (int i = 0; i < confidences; i++) {
      v.add(t.failed() ? null : FloatBytes.pack(t.confidences()[i]));
      if (!t.failed()) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float f : t.confidences()[i]) {
          lo = Math.min(lo, f);
          hi = Math.max(hi, f);
        }
        min[i] = (double) lo;
        max[i] = (double) hi;
      }
    }
    for (int i = 0; i < grids; i++) {
      v.add(t.failed() ? null : FloatBytes.pack(t.grids()[i]));
    }
    v.add(t.failed() ? null : boxed(t.dims()));
    v.add(t.failed() ? null : boxed(t.gridHeights()));
    v.add(t.failed() ? null : boxed(t.gridWidths()));
    v.add(min);
    v.add(max);
    v.add(t.errorStage());
    v.add(t.errorReason());
    return RowFactory.create(v.toArray());
  }

  private static Integer[] boxed(int[] values) {
    Integer[] out = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /**
   * Writes the store (the one inference pass of this benchmark and model), uncompressed: the
   * float32 maps barely compress, and Parquet's snappy decompressor grows its input buffer by each
   * chunk it is fed, so reading a compressed value of several MB back (a confidence map at 2 MP is
   * 8 MB) copies it over and over.
   */
  static void write(
      SparkSession spark, JavaRDD<StoredImage> images, int confidences, int grids, String path) {
    spark
        .createDataFrame(images.map(t -> row(t, confidences, grids)), schema(confidences, grids))
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", "none")
        .parquet(path);
  }

  /** {lowest, highest} value of each stored confidence map over the benchmark's good images. */
  static double[][] ranges(SparkSession spark, String path, int confidences) {
    double[][] out = new double[confidences][];
    List<Row> rows =
        spark
            .read()
            .parquet(path)
            .where(col("error_stage").isNull())
            .select("conf_min", "conf_max")
            .collectAsList();
    for (int i = 0; i < confidences; i++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Row r : rows) {
        lo = Math.min(lo, r.<Double>getList(0).get(i));
        hi = Math.max(hi, r.<Double>getList(1).get(i));
      }
      out[i] = new double[] {lo, hi};
    }
    return out;
  }

  /** Number of images that failed before or during inference. */
  static long failures(SparkSession spark, String path) {
    return spark.read().parquet(path).where(col("error_stage").isNotNull()).count();
  }

  /** The good images with every stored column decoded. */
  static JavaRDD<StoredImage> read(SparkSession spark, String path, int confidences, int grids) {
    return spark
        .read()
        .schema(schema(confidences, grids))
        .parquet(path)
        .where(col("error_stage").isNull())
        .javaRDD()
        .map(r -> decode(r, confidences, grids));
  }

  private static StoredImage decode(Row r, int confidences, int grids) {
    float[][] maps = new float[confidences][];
    for (int i = 0; i < confidences; i++) {
      maps[i] = FloatBytes.unpack(r.getAs("conf_" + i));
    }
    float[][] gridValues = new float[grids][];
    for (int i = 0; i < grids; i++) {
      gridValues[i] = FloatBytes.unpack(r.getAs("grid_" + i));
    }
    return new StoredImage(
        new ImageRecord(r.getAs("image_id"), r.getAs("image_uri"), r.getAs("label_uri")),
        r.getAs("width"),
        r.getAs("height"),
        r.getAs("label"),
        maps,
        gridValues,
        ints(r.getList(r.fieldIndex("dims"))),
        ints(r.getList(r.fieldIndex("grid_heights"))),
        ints(r.getList(r.fieldIndex("grid_widths"))),
        null,
        null);
  }

  private static int[] ints(List<Integer> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
