package io.oodseg.job;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.ClusteringEngine;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.infer.InferencePartition;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.NumericsReport;
import io.oodseg.io.SerializableHadoopConf;
import io.oodseg.output.Manifest;
import io.oodseg.wiring.DeviceEngine;
import io.oodseg.wiring.MllibEngine;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Stage 4, inference with clustering and scoring on one engine: {@code device} (K-Means and scoring
 * inside the inference partitions, with the optional progress line) or {@code mllib} (tensors
 * staged, MLlib K-Means per image, then scoring).
 */
final class InferenceStage {
  private final SparkSession spark;
  private final RunConfig config;
  private final ClusteringEngine engine;
  private final JavaSparkContext sc;
  private final ModelDescriptor descriptor;
  private final SerializableHadoopConf shipped;
  private final CollectionAccumulator<NumericsReport> reports;
  private MllibEngine mllib;
  private InferenceProgress progress;

  InferenceStage(
      SparkSession spark,
      RunConfig config,
      ClusteringEngine engine,
      JavaSparkContext sc,
      ModelDescriptor descriptor,
      SerializableHadoopConf shipped) {
    this.spark = spark;
    this.config = config;
    this.engine = engine;
    this.sc = sc;
    this.descriptor = descriptor;
    this.shipped = shipped;
    this.reports = sc.sc().collectionAccumulator("numerics reports");
  }

  /** The fresh outcomes of the listed images (lazy for the device engine). */
  JavaRDD<ImageOutcome> outcomes(JavaRDD<ImageRecord> listing, int images) {
    return switch (engine) {
      case DEVICE -> {
        if (config.inference().progressSeconds() > 0) {
          progress =
              InferenceProgress.start(
                  sc.sc(),
                  images,
                  config.inference().progressSeconds(),
                  System.err,
                  System.console() != null);
        }
        InferencePartition<ImageOutcome> device =
            DeviceEngine.partition(config, descriptor, shipped).reportingTo(reports);
        yield listing.mapPartitions(
            progress == null ? device : device.countingInto(progress.accumulator()));
      }
      case MLLIB -> {
        mllib = new MllibEngine(spark, config, descriptor, shipped);
        yield mllib.outcomes(listing, reports);
      }
    };
  }

  /** Counts the outcomes (which runs the stage), then ends the progress line. */
  long count(JavaRDD<ImageOutcome> outcomes) {
    try {
      return outcomes.count();
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
  }

  /** The numerics reports of the executors' model loads. */
  List<NumericsReport> reports() {
    return reports.value();
  }

  /** The engine's own counts ({@code mllib}: the fits' wall time and core use). */
  void addTo(Manifest manifest) {
    if (engine == ClusteringEngine.MLLIB) {
      manifest
          .count("mllib_fit_seconds", mllib.fitStats().wallSeconds())
          .count("mllib_cores_busy", mllib.fitStats().busyShare());
    }
  }

  /**
   * Wall time of the clustering: the MLlib fits', or the executors' clustering seconds spread over
   * the {@code slots} that ran partitions at once.
   */
  double clusteringWallSeconds(Map<String, Double> executor, int slots) {
    return switch (engine) {
      case MLLIB -> mllib.fitStats().wallSeconds();
      case DEVICE -> executor.get("clustering") / slots;
    };
  }
}
