package io.oodseg.demo;

import io.oodseg.config.BenchmarkSpec;
import io.oodseg.io.HadoopFiles;
import io.oodseg.io.SerializableHadoopConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Makes sure the generated demo benchmark exists: scenes are written by executors in the SMIYC
 * layout under a folder named after the generator's settings, and a {@code _COMPLETE} marker lets
 * later runs reuse it.
 */
public final class SyntheticBenchmark {
  private static final String MARKER = "_COMPLETE";

  private SyntheticBenchmark() {}

  /** Folder of the benchmark with these settings under {@code parent}. */
  public static String folder(String parent, BenchmarkSpec spec) {
    return parent
        + "/synthetic-s"
        + spec.syntheticSeed()
        + "-n"
        + spec.syntheticCount()
        + "-"
        + spec.syntheticWidth()
        + "x"
        + spec.syntheticHeight();
  }

  /**
   * The root a run reads its benchmark from: the configured root, or for the synthetic layout the
   * generated benchmark under {@code <output>/_data} (generated first when missing).
   */
  public static String rootOf(JavaSparkContext sc, io.oodseg.config.RunConfig config) {
    return config.benchmark().synthetic()
        ? ensure(sc, folder(config.output() + "/_data", config.benchmark()), config.benchmark())
        : config.benchmark().root();
  }

  /** Generates the benchmark into {@code root} unless it is already complete; returns root. */
  public static String ensure(JavaSparkContext sc, String root, BenchmarkSpec spec) {
    SerializableHadoopConf conf = new SerializableHadoopConf(sc.hadoopConfiguration());
    Path marker = new Path(root, MARKER);
    try {
      if (marker.getFileSystem(conf.get()).exists(marker)) {
        return root;
      }
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < spec.syntheticCount(); i++) {
        indexes.add(i);
      }
      int slices = Math.max(1, Math.min(spec.syntheticCount(), sc.defaultParallelism() * 2));
      sc.parallelize(indexes, slices)
          .foreachPartition(
              part -> {
                SyntheticBenchmarkWriter writer =
                    new SyntheticBenchmarkWriter(
                        new SceneGenerator(
                            spec.syntheticWidth(), spec.syntheticHeight(), spec.syntheticSeed()),
                        conf.get());
                while (part.hasNext()) {
                  writer.writeBenchmark(root, part.next(), 1);
                }
              });
      HadoopFiles.writeAll(marker, new byte[0], conf.get());
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the synthetic benchmark under " + root, e);
    }
  }
}
