package io.oodseg.output;

import io.oodseg.config.RunConfig;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run folder {@code <output>/<run-id>/}. Each table is written through Spark's commit
 * protocol (a table folder is complete or absent) and the manifest's status says whether the
 * run as a whole finished. A run that reuses an id first removes everything the earlier run
 * left, so old and new rows never mix, even if the new run stops half-way.
 */
public final class RunFolder {
  /** Tables of a run. */
  public static final String IMAGES = "images";
  public static final String METRICS = "metrics";
  public static final String ERRORS = "errors";
  public static final String CLUSTERS = "clusters";
  private static final List<String> LEFTOVERS = List.of(IMAGES + ".parquet", METRICS + ".parquet",
      ERRORS + ".parquet", CLUSTERS + ".parquet", "_staging", "manifest.json",
      "curves.parquet", "overlays.parquet", "report.html", "metrics.json", "images.csv", "curves.csv");

  private RunFolder() {}

  /** Location of a table of the run. */
  public static String table(RunConfig config, String name) {
    return config.runDir() + "/" + name + ".parquet";
  }

  /** Removes the tables, staging and manifest an earlier run with this id left. */
  public static void clear(RunConfig config, Configuration conf) throws IOException {
    Path dir = new Path(config.runDir());
    FileSystem fs = dir.getFileSystem(conf);
    for (String name : LEFTOVERS) {
      Path p = new Path(dir, name);
      if (fs.exists(p) && !fs.delete(p, true)) {
        throw new IOException("cannot remove " + p + " left by an earlier run with id " + config.runId());
      }
    }
  }
}
