package io.oodseg.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import io.oodseg.io.HadoopFiles;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run folder {@code <output>/<run-id>/}. Each table is written through Spark's commit protocol
 * (a table folder is complete or absent) and the manifest's status says whether the run as a whole
 * finished. A run that reuses an id first removes everything the earlier run left, so old and new
 * rows never mix, even if the new run stops half-way. A run with {@code resume} keeps the committed
 * result parts ({@link OutcomeParts}) of the interrupted run with its id instead.
 */
public final class RunFolder {
  /** Tables of a run. */
  public static final String IMAGES = "images";

  public static final String METRICS = "metrics";
  public static final String ERRORS = "errors";
  public static final String CLUSTERS = "clusters";
  private static final List<String> LEFTOVERS =
      List.of(
          IMAGES + ".parquet",
          METRICS + ".parquet",
          ERRORS + ".parquet",
          CLUSTERS + ".parquet",
          "_staging",
          "manifest.json",
          "_parts",
          "curves.parquet",
          "overlays.parquet",
          "report.html",
          "metrics.json",
          "images.csv",
          "curves.csv");
  private static final String MANIFEST = "manifest.json";

  private RunFolder() {}

  /** Location of a table of the run. */
  public static String table(RunConfig config, String name) {
    return config.runDir() + "/" + name + ".parquet";
  }

  /**
   * Prepares the folder for a run: removes what an earlier run with this id left, except, when
   * resuming, the committed parts of the interrupted run.
   *
   * @return whether earlier committed parts are kept for reuse
   * @throws UsageException when resuming a run that is complete or has another configuration hash
   */
  public static boolean prepare(RunConfig config, Configuration conf) throws IOException {
    boolean resume = config.resume() && resumable(config, conf);
    clear(config, conf, resume);
    return resume;
  }

  /** Removes the tables, staging, parts and manifest an earlier run with this id left. */
  public static void clear(RunConfig config, Configuration conf) throws IOException {
    clear(config, conf, false);
  }

  private static boolean resumable(RunConfig config, Configuration conf) throws IOException {
    Path manifest = new Path(config.runDir(), MANIFEST);
    if (!manifest.getFileSystem(conf).exists(manifest)) {
      return false; // nothing to resume: an ordinary run
    }
    JsonNode earlier = new ObjectMapper().readTree(HadoopFiles.readAll(manifest.toString(), conf));
    String status = earlier.path("status").asText();
    String hash = earlier.path("config_hash").asText();
    if ("complete".equals(status)) {
      throw new UsageException(
          "--resume: run "
              + config.runId()
              + " under "
              + config.runDir()
              + " is complete; nothing to resume (run it without --resume to evaluate it again)");
    }
    if (!config.hash().equals(hash)) {
      throw new UsageException(
          "--resume: run "
              + config.runId()
              + " was started with configuration hash "
              + hash
              + " but this configuration has hash "
              + config.hash()
              + "; resume it with the same settings, or use "
              + "another run id");
    }
    return true;
  }

  private static void clear(RunConfig config, Configuration conf, boolean keepParts)
      throws IOException {
    Path dir = new Path(config.runDir());
    FileSystem fs = dir.getFileSystem(conf);
    for (String name : LEFTOVERS) {
      if (keepParts && name.equals("_parts")) {
        continue;
      }
      Path p = new Path(dir, name);
      if (fs.exists(p) && !fs.delete(p, true)) {
        throw new IOException(
            "cannot remove " + p + " left by an earlier run with id " + config.runId());
      }
    }
  }
}
