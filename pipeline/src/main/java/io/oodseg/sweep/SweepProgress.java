package io.oodseg.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a sweep keeps its work under {@code <output>/<sweep-id>/}, and what of it is complete.
 * Every part is a Parquet folder written by Spark, whose {@code _SUCCESS} marker appears only when
 * the whole folder is committed; a folder without it (a sweep killed while writing) is ignored and
 * written again.
 *
 * <ul>
 *   <li>{@code _tensors/<store-key>/}: the tensor store of one benchmark and model;
 *   <li>{@code _parts/<job-key>/assignments/}: the assignments per image of the clustering groups
 *       clustered together in one job, with their group keys;
 *   <li>{@code _parts/<job-key>/binned-<batch>/}: binned rows of a batch of configurations;
 *   <li>{@code _exact/<batch>/}: exact rows of a batch of the best configurations.
 * </ul>
 */
final class SweepProgress {
  private static final String MARKER = "_SUCCESS";
  private final String dir;
  private final Configuration hadoop;
  private final int stopAfterParts;
  private int written;

  SweepProgress(String dir, Configuration hadoop, int stopAfterParts) {
    this.dir = dir;
    this.hadoop = hadoop;
    this.stopAfterParts = stopAfterParts;
  }

  String dir() {
    return dir;
  }

  String store(String storeKey) {
    return dir + "/_tensors/" + storeKey;
  }

  String assignments(String jobKey) {
    return dir + "/_parts/" + jobKey + "/assignments";
  }

  /** Every job's assignments. */
  String allAssignments() {
    return dir + "/_parts/*/assignments";
  }

  String binned(String jobKey, String batchKey) {
    return dir + "/_parts/" + jobKey + "/binned-" + batchKey;
  }

  String exact(String batchKey) {
    return dir + "/_exact/" + batchKey;
  }

  /** Whether the Parquet folder was committed. */
  boolean complete(String path) {
    Path marker = new Path(path, MARKER);
    try {
      return marker.getFileSystem(hadoop).exists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + marker, e);
    }
  }

  /** Bytes under a folder. */
  long bytes(String path) {
    Path p = new Path(path);
    try {
      return p.getFileSystem(hadoop).getContentSummary(p).getLength();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size " + p, e);
    }
  }

  /** Every committed part holding result rows. */
  List<String> rowParts() {
    List<String> parts = new ArrayList<>();
    for (String glob : List.of(dir + "/_parts/*/binned-*", dir + "/_exact/*")) {
      Path pattern = new Path(glob);
      try {
        FileSystem fs = pattern.getFileSystem(hadoop);
        FileStatus[] found = fs.globStatus(pattern);
        if (found != null) {
          for (FileStatus s : found) {
            if (complete(s.getPath().toString())) {
              parts.add(s.getPath().toString());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + pattern, e);
      }
    }
    return parts;
  }

  /**
   * Counts a written part (thread-safe); under the test switch, stops the sweep once enough are
   * written.
   */
  synchronized void partWritten(String path) {
    written++;
    if (stopAfterParts > 0 && written >= stopAfterParts) {
      throw new SweepInterruptedException(
          "sweep stopped after "
              + written
              + " part(s) (sweep.stop-after-parts = "
              + stopAfterParts
              + "), the last "
              + path);
    }
  }

  /** Thrown by the test switch {@code sweep.stop-after-parts}. */
  static final class SweepInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SweepInterruptedException(String message) {
      super(message);
    }
  }
}
