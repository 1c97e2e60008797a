package io.oodseg.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.oodseg.image.ImageTensors;
import io.oodseg.image.StageTimes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code mllib} engine's staging tables: one row per image with its tensors ({@code _tensors}),
 * and the feature grid exploded to one row per cell ({@code _features}: image_id, cell_y, cell_x,
 * features vector, confidence), partitioned by image so one image's rows are read without scanning
 * the others.
 */
public final class TensorTables {
  private TensorTables() {}

  static StructType tensorsSchema() {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("image_id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("image_uri", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("label_uri", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("width", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("height", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("grid_height", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("grid_width", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("dims", DataTypes.IntegerType, false));
    f.add(
        DataTypes.createStructField(
            "features", DataTypes.createArrayType(DataTypes.FloatType, false), true));
    f.add(
        DataTypes.createStructField(
            "cell_confidence", DataTypes.createArrayType(DataTypes.FloatType, false), true));
    f.add(
        DataTypes.createStructField(
            "init_centers", DataTypes.createArrayType(DataTypes.FloatType, false), true));
    f.add(DataTypes.createStructField("shift_threshold", DataTypes.DoubleType, false));
    f.add(
        DataTypes.createStructField(
            "confidences",
            DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false),
            true));
    f.add(DataTypes.createStructField("label", DataTypes.BinaryType, true));
    f.add(DataTypes.createStructField("ms_decode", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("ms_inference", DataTypes.DoubleType, false));
    f.add(DataTypes.createStructField("error_stage", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("error_reason", DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  static Row tensorsRow(ImageTensors t) {
    Object[][] confidences = null;
    if (!t.failed()) {
      confidences = new Object[t.confidences().length][];
      for (int i = 0; i < confidences.length; i++) {
        confidences[i] = boxed(t.confidences()[i]);
      }
    }
    return RowFactory.create(
        t.record().id(),
        t.record().imageUri(),
        t.record().labelUri(),
        t.width(),
        t.height(),
        t.gridHeight(),
        t.gridWidth(),
        t.dims(),
        t.failed() ? null : boxed(t.features()),
        t.failed() ? null : boxed(t.cellConfidence()),
        t.failed() ? null : boxed(t.initialCenters()),
        t.shiftThreshold(),
        confidences,
        t.label(),
        t.times().millis(StageTimes.DECODE),
        t.times().millis(StageTimes.INFERENCE),
        t.errorStage(),
        t.errorReason());
  }

  private static Float[] boxed(float[] values) {
    Float[] out = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Writes the tensors table (one inference pass). */
  public static void writeTensors(SparkSession spark, JavaRDD<ImageTensors> tensors, String path) {
    spark
        .createDataFrame(tensors.map(TensorTables::tensorsRow), tensorsSchema())
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
  }

  /** Reads the tensors table. */
  public static Dataset<Row> readTensors(SparkSession spark, String path) {
    return spark.read().schema(tensorsSchema()).parquet(path);
  }

  /** Schema of the exploded feature rows (image_id typed as a string whatever its values). */
  static StructType featuresSchema() {
    return new StructType()
        .add("cell_y", DataTypes.IntegerType, false)
        .add("cell_x", DataTypes.IntegerType, false)
        .add("features", new org.apache.spark.ml.linalg.VectorUDT(), false)
        .add("confidence", DataTypes.FloatType, true)
        .add("image_id", DataTypes.StringType, false);
  }

  /** Explodes the good images' feature grids into one row per cell, partitioned by image. */
  public static void writeFeatures(SparkSession spark, String tensorsPath, String featuresPath) {
    readTensors(spark, tensorsPath)
        .where(col("error_stage").isNull())
        .select(
            col("image_id"),
            col("grid_width"),
            col("dims"),
            col("features"),
            expr("posexplode(cell_confidence) AS (cell, confidence)"))
        .select(
            col("image_id"),
            expr("cast(cell div grid_width AS int)").as("cell_y"),
            expr("cast(cell % grid_width AS int)").as("cell_x"),
            functions
                .array_to_vector(expr("slice(features, cell * dims + 1, dims)"))
                .as("features"),
            col("confidence"))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy("image_id")
        .parquet(featuresPath);
  }

  /** The exploded rows of one image (partition pruning reads only its folder). */
  public static Dataset<Row> featuresOf(SparkSession spark, String featuresPath, String imageId) {
    return spark
        .read()
        .schema(featuresSchema())
        .parquet(featuresPath)
        .where(col("image_id").equalTo(imageId));
  }
}
