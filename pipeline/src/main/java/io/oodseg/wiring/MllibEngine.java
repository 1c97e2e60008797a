package io.oodseg.wiring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.cluster.MllibKMeansRunner;
import io.oodseg.cluster.TensorTables;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.infer.InferencePartition;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.io.SerializableHadoopConf;
import io.oodseg.score.ScoringPartition;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Clustering engine {@code mllib} (docs/design.md §2, right branch): inference writes each image's
 * tensors once ({@code _staging/tensors}); the feature grids are exploded to rows partitioned by
 * image ({@code _staging/features}); {@link MllibKMeansRunner} fits MLlib K-Means per image, many
 * at once; the assignments are joined back with the confidence maps in Spark and scored by the same
 * {@code ImageScorer} as the device engine. Staging lives under the run folder and is removed once
 * the run's tables are written.
 */
public final class MllibEngine {
  private final SparkSession spark;
  private final RunConfig config;
  private final ModelDescriptor descriptor;
  private final SerializableHadoopConf hadoop;
  private MllibKMeansRunner.FitStats stats;

  public MllibEngine(
      SparkSession spark,
      RunConfig config,
      ModelDescriptor descriptor,
      SerializableHadoopConf hadoop) {
    this.spark = spark;
    this.config = config;
    this.descriptor = descriptor;
    this.hadoop = hadoop;
  }

  /** Staging folder of a run. */
  public static String staging(RunConfig config) {
    return config.runDir() + "/_staging";
  }

  /** Per-image outcomes of the benchmark (lazy: scored when first used). */
  public JavaRDD<ImageOutcome> outcomes(JavaRDD<ImageRecord> listing) {
    return outcomes(listing, null);
  }

  /**
   * Per-image outcomes of the benchmark; each inference task adds its model load's numerics report
   * (host facts, probe) to {@code reports} when it is not null.
   */
  public JavaRDD<ImageOutcome> outcomes(
      JavaRDD<ImageRecord> listing,
      org.apache.spark.util.CollectionAccumulator<io.oodseg.infer.NumericsReport> reports) {
    InferencePartition<io.oodseg.image.ImageTensors> extract =
        new InferencePartition<>(
            config, descriptor, hadoop, (d, c) -> new TensorExtractor(d, c.method()));
    String tensorsPath = staging(config) + "/tensors";
    String featuresPath = staging(config) + "/features";
    String assignmentsPath = staging(config) + "/assignments";
    TensorTables.writeTensors(
        spark,
        listing.mapPartitions(reports == null ? extract : extract.reportingTo(reports)),
        tensorsPath);
    TensorTables.writeFeatures(spark, tensorsPath, featuresPath);

    Dataset<Row> tensors = TensorTables.readTensors(spark, tensorsPath);
    List<MllibKMeansRunner.FitJob> jobs = new ArrayList<>();
    for (Row r :
        tensors
            .where(col("error_stage").isNull())
            .select("image_id", "init_centers", "dims", "shift_threshold")
            .orderBy("image_id")
            .collectAsList()) {
      List<Float> centers = r.getList(1);
      float[] flat = new float[centers.size()];
      for (int i = 0; i < flat.length; i++) {
        flat[i] = centers.get(i);
      }
      jobs.add(new MllibKMeansRunner.FitJob(r.getString(0), flat, r.getInt(2), r.getDouble(3)));
    }
    stats =
        new MllibKMeansRunner(
                spark, config.method().kmeans(), config.method().concurrency(), config.faults())
            .fitAll(jobs, featuresPath, assignmentsPath);

    Dataset<Row> assignments =
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .parquet(assignmentsPath)
            .groupBy("image_id")
            .agg(
                sort_array(
                        collect_list(
                            struct(expr("cell_y * 100000 + cell_x").as("pos"), col("cluster"))))
                    .as("cells"),
                first("fit_ms").as("fit_ms"));
    Dataset<Row> good =
        tensors
            .where(col("error_stage").isNull())
            .drop("features", "cell_confidence")
            .join(assignments, "image_id");
    JavaRDD<ImageOutcome> scored =
        good.javaRDD().mapPartitions(new ScoringPartition(config.method(), config.metrics()));
    JavaRDD<ImageOutcome> failed =
        tensors
            .where(col("error_stage").isNotNull())
            .select("image_id", "image_uri", "label_uri", "error_stage", "error_reason")
            .javaRDD()
            .map(
                r ->
                    ImageOutcome.failure(
                        new ImageRecord(r.getString(0), r.getString(1), r.getString(2)),
                        r.getString(3),
                        r.getString(4)));
    return scored.union(failed);
  }

  /** Wall time and core usage of the fits (after {@link #outcomes}). */
  public MllibKMeansRunner.FitStats fitStats() {
    return stats;
  }
}
