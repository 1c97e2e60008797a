package io.oodseg.testing;

import io.oodseg.job.SparkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line ({@code io.oodseg.cli.OodSeg}) in a child JVM with the test classpath, the
 * JVM options Spark and DJL need (taken from this JVM) and extra system properties (e.g. {@code
 * spark.master=local[2,3]}). For what one JVM cannot show: a Spark master that retries tasks, a
 * process that dies half-way. Several command lines can share one child JVM and its Spark session
 * ({@link #runAll}).
 */
public final class ChildJvm {
  /** Separates the command lines of {@link #runAll} on the child's command line. */
  static final String THEN = "--then--";

  private ChildJvm() {}

  /** Exit code and everything the child printed. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code OodSeg args} and waits at most {@code timeoutSeconds}.
   *
   * @param log file receiving the child's stdout and stderr
   * @param properties {@code key=value} system properties of the child
   */
  public static Result run(Path log, long timeoutSeconds, List<String> properties, String... args)
      throws IOException, InterruptedException {
    return start(
        log, timeoutSeconds, properties, java.util.Map.of(), "io.oodseg.cli.OodSeg", List.of(args));
  }

  /**
   * Runs {@code OodSeg args} as {@link #run} does, with the child's environment changed: each entry
   * sets a variable, an entry whose value is null removes it.
   */
  public static Result runWithEnvironment(
      Path log, long timeoutSeconds, java.util.Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    return start(
        log, timeoutSeconds, List.of(), environment, "io.oodseg.cli.OodSeg", List.of(args));
  }

  /**
   * Runs the command lines one after the other in one child JVM (with {@code OodSeg.execute}, as
   * its {@code main} would), stopping at the first that exits with a non-zero code, which is the
   * child's exit code.
   */
  public static Result runAll(
      Path log, long timeoutSeconds, List<String> properties, List<String[]> commands)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    for (String[] command : commands) {
      if (!args.isEmpty()) {
        args.add(THEN);
      }
      args.addAll(List.of(command));
    }
    return start(
        log, timeoutSeconds, properties, java.util.Map.of(), ChildJvm.class.getName(), args);
  }

  /** The child's side of {@link #runAll}. */
  public static void main(String[] args) {
    List<String> command = new ArrayList<>();
    for (int i = 0; i <= args.length; i++) {
      if (i < args.length && !args[i].equals(THEN)) {
        command.add(args[i]);
        continue;
      }
      int code = io.oodseg.cli.OodSeg.execute(command.toArray(String[]::new));
      if (code != 0) {
        System.exit(code);
      }
      command.clear();
    }
    System.exit(0);
  }

  private static Result start(
      Path log,
      long timeoutSeconds,
      List<String> properties,
      java.util.Map<String, String> environment,
      String mainClass,
      List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(SparkSettings.inheritableJvmOptions());
    properties.forEach(p -> command.add("-D" + p));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    environment.forEach(
        (k, v) -> {
          if (v == null) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    Process child = builder.start();
    if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "the child JVM ran past " + timeoutSeconds + " s; its output is in " + log);
    }
    return new Result(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
