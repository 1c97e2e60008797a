package io.oodseg.sweep;

import ai.djl.Device;
import io.oodseg.catalog.BenchmarkReaders;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.Confidence;
import io.oodseg.config.MethodParams;
import io.oodseg.config.RunConfig;
import io.oodseg.demo.SyntheticBenchmark;
import io.oodseg.infer.InferencePartition;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.Placement;
import io.oodseg.io.SerializableHadoopConf;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one inference pass of a (benchmark, model): lists the benchmark as a run does (generating the
 * demo benchmark first), runs the model in {@code mapPartitions} with the run's {@link
 * InferencePartition} and batching, and writes the tensor store.
 */
final class SweepInference {
  private SweepInference() {}

  /** Writes the store of {@code source} to {@code path}. */
  static void write(
      SparkSession spark, SweepPlan.Source source, ModelDescriptor descriptor, String path) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    RunConfig config = source.sample();
    ModelCache.get(
        descriptor,
        Placement.of(Device.cpu()),
        config.inference().threadsFor(spark.sparkContext().conf().getInt("spark.task.cpus", 1)),
        config.inference().probe(),
        hadoop);
    String root = SyntheticBenchmark.rootOf(sc, config);
    List<ImageRecord> records = BenchmarkReaders.forSpec(config.benchmark()).list(root, hadoop);
    JavaRDD<ImageRecord> listing =
        sc.parallelize(
            records, config.inference().partitionsFor(records.size(), sc.defaultParallelism()));
    List<MethodParams> settings = new ArrayList<>();
    for (SweepPlan.FeatureSetting f : source.features()) {
      for (SweepPlan.Group g : source.groups()) {
        if (g.setting().features().equals(f)) {
          settings.add(g.configs().get(0).method());
          break;
        }
      }
    }
    List<Confidence> confidences = source.confidences();
    JavaRDD<StoredImage> images =
        listing.mapPartitions(
            new InferencePartition<>(
                config,
                descriptor,
                new SerializableHadoopConf(hadoop),
                (d, c) -> new SweepExtractor(d, settings, confidences)));
    TensorStore.write(spark, images, confidences.size(), settings.size(), path);
  }
}
