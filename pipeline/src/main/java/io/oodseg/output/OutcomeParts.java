package io.oodseg.output;

import io.oodseg.config.FaultPlan;
import io.oodseg.config.RunConfig;
import io.oodseg.image.ImageOutcome;
import io.oodseg.io.SerializableHadoopConf;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed per-image results of a run, so an interrupted run can be resumed ({@code
 * <run>/_parts/}). Each Spark partition streams its outcomes into {@code _parts/_tmp/<part>-<task
 * attempt>} while passing them on, and when the partition is exhausted renames that file to {@code
 * _parts/<part>}: a part is there complete or not at all, and a retried or recomputed partition
 * never adds a second copy. A resumed run reads the committed parts and evaluates only the images
 * they do not hold. The folder is removed when the run completes.
 */
public final class OutcomeParts implements FlatMapFunction<Iterator<ImageOutcome>, ImageOutcome> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeParts.class);
  private static final String PREFIX = "part-";
  private final String dir;
  private final String round;
  private final SerializableHadoopConf hadoop;
  private final FaultPlan faults;

  /**
   * @param round distinguishes the parts of this invocation from those of an earlier one
   */
  public OutcomeParts(RunConfig config, String round, SerializableHadoopConf hadoop) {
    this.dir = dir(config);
    this.round = round;
    this.hadoop = hadoop;
    this.faults = config.faults();
  }

  /** The parts folder of a run. */
  public static String dir(RunConfig config) {
    return config.runDir() + "/_parts";
  }

  /** The committed outcomes of earlier invocations of the run (one Spark partition per part). */
  public static JavaRDD<ImageOutcome> committed(JavaSparkContext sc, RunConfig config)
      throws IOException {
    List<String> parts = list(new Path(dir(config)), "", sc.hadoopConfiguration());
    SerializableHadoopConf hadoop = new SerializableHadoopConf(sc.hadoopConfiguration());
    if (parts.isEmpty()) {
      return sc.emptyRDD();
    }
    return sc.parallelize(parts, parts.size()).flatMap(part -> read(new Path(part), hadoop.get()));
  }

  @Override
  public Iterator<ImageOutcome> call(Iterator<ImageOutcome> outcomes) throws IOException {
    TaskContext task = TaskContext.get();
    String name = PREFIX + round + "-" + String.format("%05d", task.partitionId());
    Path tmp = new Path(dir + "/_tmp/" + name + "-" + task.taskAttemptId());
    FileSystem fs = tmp.getFileSystem(hadoop.get());
    ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(fs.create(tmp, true)));
    task.addTaskFailureListener(
        (org.apache.spark.util.TaskFailureListener) (ctx, error) -> abandon(out, fs, tmp));
    return new Iterator<>() {
      private boolean committed;

      @Override
      public boolean hasNext() {
        boolean more = outcomes.hasNext();
        if (!more && !committed) {
          committed = true;
          commit(out, fs, tmp, new Path(dir, name));
        }
        return more;
      }

      @Override
      public ImageOutcome next() {
        ImageOutcome o = outcomes.next();
        try {
          out.writeBoolean(true);
          out.writeObject(o);
          out.reset(); // keep no back-references: memory stays flat over a long partition
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the result part " + tmp, e);
        }
        return o;
      }
    };
  }

  private void commit(ObjectOutputStream out, FileSystem fs, Path tmp, Path target) {
    try {
      out.writeBoolean(false);
      out.close();
      if (fs.exists(target)) {
        fs.delete(tmp, false); // this partition was committed by an earlier attempt
      } else if (!fs.rename(tmp, target)) {
        throw new IOException("rename to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the result part " + target, e);
    }
    if (faults.haltAfterParts() > 0) {
      haltIfPlanned(fs);
    }
  }

  private void haltIfPlanned(FileSystem fs) {
    try {
      int done = list(new Path(dir), round, hadoop.get()).size();
      if (done >= faults.haltAfterParts()) {
        LOG.warn("halting the JVM after {} committed parts (testing.halt-after-parts)", done);
        Runtime.getRuntime().halt(99);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void abandon(ObjectOutputStream out, FileSystem fs, Path tmp) {
    try {
      out.close();
      fs.delete(tmp, false);
    } catch (IOException e) {
      LOG.warn("cannot remove the abandoned result part {}: {}", tmp, e.toString());
    }
  }

  private static List<String> list(Path dir, String round, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<String> parts = new ArrayList<>();
    if (!fs.exists(dir)) {
      return parts;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.isFile() && s.getPath().getName().startsWith(PREFIX + round)) {
        parts.add(s.getPath().toString());
      }
    }
    parts.sort(null);
    return parts;
  }

  /** Streams a part's outcomes (one in memory at a time). */
  private static Iterator<ImageOutcome> read(Path part, Configuration conf) throws IOException {
    ObjectInputStream in =
        new ObjectInputStream(new BufferedInputStream(part.getFileSystem(conf).open(part)));
    return new Iterator<>() {
      private ImageOutcome next = advance();

      private ImageOutcome advance() {
        try {
          if (in.readBoolean()) {
            return (ImageOutcome) in.readObject();
          }
          in.close();
          return null;
        } catch (IOException | ClassNotFoundException e) {
          throw new IllegalStateException(
              "cannot read the committed result part " + part + ": " + e, e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public ImageOutcome next() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        ImageOutcome current = next;
        next = advance();
        return current;
      }
    };
  }
}
