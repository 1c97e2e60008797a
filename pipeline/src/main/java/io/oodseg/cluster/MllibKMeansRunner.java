package io.oodseg.cluster;

import io.oodseg.config.FaultPlan;
import io.oodseg.config.KMeansParams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits Spark MLlib K-Means per image on its exploded feature rows. One fit is a series of small
 * driver-side jobs, so many images are fitted at once from a thread pool (jobs go to the FAIR
 * scheduler pool {@code kmeans} when the session runs the FAIR scheduler). Assignments are written
 * per image to {@code <assignments>/<n>/} (image_id, cell_y, cell_x, cluster, fit_ms); nothing per
 * cell is collected to the driver.
 *
 * <p>Lloyd's iterations start from the same k-means++ seeds as the device engine's (computed next
 * to the features on the executor) and stop by the same rule, so both engines reach the same
 * clustering. That needs initial centres, which {@code org.apache.spark.ml.clustering.KMeans} does
 * not take in Spark 3.5, so the RDD-based {@code mllib.clustering.KMeans} is used: it is the
 * implementation the {@code ml} estimator delegates to.
 */
public final class MllibKMeansRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MllibKMeansRunner.class);

  /** Scheduler pool of the fits. */
  public static final String POOL = "kmeans";

  private final SparkSession spark;
  private final KMeansParams params;
  private final int concurrency;
  private final FaultPlan faults;

  /**
   * @param params the K-Means settings (the seeds come with each {@link FitJob})
   * @param concurrency images fitted at once
   * @param faults test-only fault switches (stage {@code clustering}: the tasks of each fit's
   *     input)
   */
  public MllibKMeansRunner(
      SparkSession spark, KMeansParams params, int concurrency, FaultPlan faults) {
    this.spark = spark;
    this.params = params;
    this.concurrency = concurrency;
    this.faults = faults;
  }

  /** Wall time of the fits and the share of the cluster's cores its tasks kept busy. */
  public record FitStats(double wallSeconds, double busyShare) {}

  /**
   * One image to fit.
   *
   * @param imageId the image
   * @param centers k-means++ seeds {@code [k, dims]} row-major
   * @param dims feature dimension
   * @param shiftThreshold stop when the largest squared centroid shift is at most this
   */
  public record FitJob(String imageId, float[] centers, int dims, double shiftThreshold) {}

  /** Fits every image. */
  public FitStats fitAll(List<FitJob> jobs, String featuresPath, String assignmentsPath) {
    AtomicLong taskNanos = new AtomicLong();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo() != null) {
              taskNanos.addAndGet(end.taskInfo().duration() * 1_000_000L);
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try {
      List<Future<?>> fits = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        FitJob job = jobs.get(i);
        String target = assignmentsPath + "/" + i;
        fits.add(pool.submit(() -> fit(job, featuresPath, target)));
      }
      for (Future<?> f : fits) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while clustering", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "MLlib K-Means failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
      spark.sparkContext().removeSparkListener(listener);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double busy = taskNanos.get() / 1e9 / (wall * spark.sparkContext().defaultParallelism());
    LOG.info(
        "MLlib K-Means: {} images in {} s, {} concurrent fits, cores busy {} %",
        jobs.size(), String.format("%.1f", wall), concurrency, String.format("%.0f", 100 * busy));
    return new FitStats(wall, busy);
  }

  private void fit(FitJob job, String featuresPath, String target) {
    spark.sparkContext().setLocalProperty("spark.scheduler.pool", POOL);
    spark
        .sparkContext()
        .setJobGroup("kmeans-" + job.imageId(), "K-Means of image " + job.imageId(), false);
    long start = System.nanoTime();
    Dataset<Row> rows = TensorTables.featuresOf(spark, featuresPath, job.imageId());
    FaultPlan plan = faults;
    JavaRDD<Vector> vectors =
        rows.select("features")
            .javaRDD()
            .map(
                r -> {
                  plan.maybeFail("clustering");
                  return Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0));
                })
            .persist(StorageLevel.MEMORY_ONLY());
    try {
      Vector[] init = new Vector[job.centers().length / job.dims()];
      for (int c = 0; c < init.length; c++) {
        double[] centre = new double[job.dims()];
        for (int d = 0; d < centre.length; d++) {
          centre[d] = job.centers()[c * job.dims() + d];
        }
        init[c] = Vectors.dense(centre);
      }
      KMeansModel model =
          new KMeans()
              .setK(init.length)
              .setMaxIterations(params.maxIter())
              .setEpsilon(Math.sqrt(job.shiftThreshold()))
              .setSeed(params.seed())
              .setInitialModel(new KMeansModel(init))
              .run(vectors.rdd());
      double ms = (System.nanoTime() - start) / 1e6;
      StructType schema =
          new StructType()
              .add("image_id", DataTypes.StringType)
              .add("cell_y", DataTypes.IntegerType)
              .add("cell_x", DataTypes.IntegerType)
              .add("cluster", DataTypes.IntegerType)
              .add("fit_ms", DataTypes.DoubleType);
      String id = job.imageId();
      JavaRDD<Row> assigned =
          rows.select("cell_y", "cell_x", "features")
              .javaRDD()
              .map(
                  r ->
                      RowFactory.create(
                          id,
                          r.getInt(0),
                          r.getInt(1),
                          model.predict(
                              Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(2))),
                          ms));
      spark
          .createDataFrame(assigned, schema)
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(target);
    } finally {
      vectors.unpersist(false);
      spark.sparkContext().clearJobGroup();
    }
  }
}
