package io.oodseg.catalog;

import io.oodseg.config.UsageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Driver-side file access of one listing, shared by every reader: the qualified root, folder
 * listings and globs through Hadoop's {@code FileSystem}, the image-extension rule, and
 * benchmark-level errors that name the root and the expected layout.
 *
 * <p>Image files are those ending in {@code .jpg}, {@code .jpeg}, {@code .png} or {@code .webp}
 * (any case). Names starting with {@code .} or {@code _} are hidden (Hadoop's convention) and
 * skipped silently, as are sub-folders.
 */
final class BenchmarkFiles {
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");

  private final String givenRoot;
  private final String layout;
  private final String expectedLayout;
  private final FileSystem fs;
  private final Path root;

  private BenchmarkFiles(
      String givenRoot, String layout, String expectedLayout, FileSystem fs, Path root) {
    this.givenRoot = givenRoot;
    this.layout = layout;
    this.expectedLayout = expectedLayout;
    this.fs = fs;
    this.root = root;
  }

  /** Opens {@code root}; a missing or unlistable root is a {@link UsageException}. */
  static BenchmarkFiles open(
      String root, Configuration conf, String layout, String expectedLayout) {
    if (root == null || root.isBlank()) {
      throw new UsageException(
          "benchmark layout "
              + layout
              + " needs a root (oodseg.benchmark.root); expected: "
              + expectedLayout);
    }
    BenchmarkFiles files;
    try {
      Path path = new Path(root);
      FileSystem fs = path.getFileSystem(conf);
      files = new BenchmarkFiles(root, layout, expectedLayout, fs, fs.makeQualified(path));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(
          "benchmark root " + root + " (layout " + layout + ") cannot be opened: " + e.getMessage(),
          e);
    }
    boolean folder;
    try {
      folder = files.fs.getFileStatus(files.root).isDirectory();
    } catch (FileNotFoundException e) {
      throw files.problem("it does not exist");
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.AccessDeniedException
              ? "access was denied (the storage credentials were refused; check fs.s3a.access.key / secret.key "
                  + "or the credential provider)"
              : "it cannot be read (" + e.getMessage() + ")";
      UsageException problem = files.problem(why);
      problem.initCause(e);
      throw problem;
    }
    if (!folder) {
      throw files.problem("it is not a folder");
    }
    return files;
  }

  /** A benchmark-level error: names the root, the problem and the expected layout. */
  UsageException problem(String what) {
    return new UsageException(
        "benchmark root "
            + givenRoot
            + " (layout "
            + layout
            + "): "
            + what
            + "; expected "
            + expectedLayout);
  }

  /** The root as given in the configuration. */
  String givenRoot() {
    return givenRoot;
  }

  /** The qualified root. */
  Path root() {
    return root;
  }

  /** {@code relative} under {@code parent}; names may hold characters such as ':' . */
  static Path child(Path parent, String relative) {
    return new Path(parent, new Path(null, null, relative));
  }

  /** {@code relative} under the root. */
  Path resolve(String relative) {
    return child(root, relative);
  }

  /** The path relative to the root, or the whole path when it is not under the root. */
  String relative(Path path) {
    String base = root.toUri().getPath();
    String full = path.toUri().getPath();
    return full.startsWith(base + "/") ? full.substring(base.length() + 1) : full;
  }

  /**
   * Plain files of a folder under the root, sorted by name; hidden names and sub-folders are left
   * out. A missing folder is a benchmark-level error.
   */
  List<FileStatus> files(String folder) throws IOException {
    FileStatus[] listed;
    try {
      listed = fs.listStatus(resolve(folder));
    } catch (FileNotFoundException e) {
      throw problem("it has no " + folder + "/ folder");
    }
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus file : listed) {
      if (file.isFile() && !hidden(file.getPath().getName())) {
        out.add(file);
      }
    }
    out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    return out;
  }

  /** Plain files matching a Hadoop glob relative to the root ({@code * ? [..] {a,b}}), sorted. */
  List<FileStatus> glob(String pattern) throws IOException {
    FileStatus[] matched = fs.globStatus(resolve(pattern));
    if (matched == null) {
      return List.of();
    }
    return Arrays.stream(matched)
        .filter(f -> f.isFile() && !hidden(f.getPath().getName()))
        .sorted((a, b) -> a.getPath().compareTo(b.getPath()))
        .toList();
  }

  /** Whether a folder under the root exists. */
  boolean isFolder(String folder) throws IOException {
    Path path = resolve(folder);
    return fs.exists(path) && fs.getFileStatus(path).isDirectory();
  }

  /** The plain files of {@code folders}, by qualified path; a missing folder contributes none. */
  Set<Path> existing(Set<Path> folders) throws IOException {
    Set<Path> out = new HashSet<>();
    for (Path folder : folders) {
      try {
        for (FileStatus file : fs.listStatus(folder)) {
          out.add(fs.makeQualified(file.getPath()));
        }
      } catch (FileNotFoundException e) {
        // every label expected there is missing; the listing warns about each
      }
    }
    return out;
  }

  /** Whether the name ends in an image extension this product decodes. */
  static boolean isImage(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The name without its last extension. */
  static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
