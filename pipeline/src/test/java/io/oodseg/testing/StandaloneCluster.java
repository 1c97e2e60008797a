package io.oodseg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 made of child JVMs, without a Spark download: a temporary
 * SPARK_HOME whose {@code jars/} links what a Spark distribution ships (the build's {@code
 * spark-classpath.txt}: Spark, Hadoop client, Scala and their libraries, none of the project's), a
 * {@code Master} and N {@code Worker}s started from those jars, and {@code SparkSubmit} in client
 * mode as the driver. Workers launch executors the way a real installation does (through Spark's
 * launcher, from {@code SPARK_HOME/jars}); the application comes only from the submitted jar.
 *
 * <p>{@link Builder#start()} first empties its folder. Every child is destroyed with its
 * descendants (executors) on {@link #close()}, and by a shutdown hook if the test JVM exits first.
 * {@link #killWorker(int)} kills one worker and its executors mid-run. Logs: {@code master.log},
 * {@code worker-<i>.log}, executors' stderr under {@code work-<i>/<app>/<executor>/}, all below
 * {@link #dir()}.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** System property: the cluster jar (set by the build). */
  public static final String CLUSTER_JAR = "oodseg.test.cluster.jar";

  /** System property: the file listing the Spark distribution's jars (set by the build). */
  public static final String SPARK_CLASSPATH = "oodseg.test.spark.classpath";

  /** System property: the libtorch CPU natives jar (set by the build). */
  public static final String NATIVE_JAR = "oodseg.test.native.jar";

  /** System property: the Java 17 options Spark needs (set by the build). */
  public static final String JVM_OPTIONS = "oodseg.test.jvm.options";

  /** System property: the Scala binary version of the build's Spark line (set by the build). */
  public static final String SCALA_BINARY = "oodseg.test.scala.binary";

  /** System property: DJL's engine cache folder (set by the build). */
  public static final String DJL_CACHE = "oodseg.test.djl.cache";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path sparkHome;
  private final int workers;
  private final int coresPerWorker;
  private final String memoryPerWorker;
  private final Map<String, String> workerConf;
  private final List<Process> processes = new ArrayList<>();
  private final Process[] workerProcesses;
  private final Thread reaper = new Thread(this::destroyAll, "standalone-cluster-reaper");
  private int masterPort;

  private StandaloneCluster(
      Path dir,
      int workers,
      int coresPerWorker,
      String memoryPerWorker,
      Map<String, String> workerConf) {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    this.workers = workers;
    this.coresPerWorker = coresPerWorker;
    this.memoryPerWorker = memoryPerWorker;
    this.workerConf = Map.copyOf(workerConf);
    this.workerProcesses = new Process[workers];
  }

  /** A cluster description; {@link Builder#start()} starts it. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Settings of a cluster to start. */
  public static final class Builder {
    private final Path dir;
    private int workers = 2;
    private int cores = 1;
    private String memory = "1536m";
    private final Map<String, String> workerConf = new LinkedHashMap<>();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Number of workers (default 2). */
    public Builder workers(int count) {
      this.workers = count;
      return this;
    }

    /** Cores each worker offers (default 1). */
    public Builder coresPerWorker(int count) {
      this.cores = count;
      return this;
    }

    /** Memory each worker offers, e.g. {@code 1536m}. */
    public Builder memoryPerWorker(String amount) {
      this.memory = amount;
      return this;
    }

    /** A Spark property of every worker JVM (e.g. {@code spark.worker.resource.gpu.amount}). */
    public Builder workerConf(String key, String value) {
      workerConf.put(key, value);
      return this;
    }

    /** Starts the master and the workers and waits until every worker is registered. */
    public StandaloneCluster start() throws IOException, InterruptedException {
      StandaloneCluster cluster = new StandaloneCluster(dir, workers, cores, memory, workerConf);
      try {
        cluster.startAll();
      } catch (IOException | InterruptedException | RuntimeException e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The folder holding SPARK_HOME, the logs and the workers' work folders. */
  public Path dir() {
    return dir;
  }

  /** The cluster jar under test. */
  public static Path clusterJar() {
    return requiredFile(CLUSTER_JAR);
  }

  /** The libtorch CPU natives jar, submitted with {@code --jars} as on a CPU cluster. */
  public static Path nativeJar() {
    return requiredFile(NATIVE_JAR);
  }

  /** The Java 17 options Spark needs (from the build). */
  public static List<String> jvmOptions() {
    return Arrays.asList(required(JVM_OPTIONS).trim().split("\\s+"));
  }

  /** DJL's engine cache folder (the libtorch natives extracted once for every JVM). */
  public static String djlCache() {
    return required(DJL_CACHE);
  }

  /**
   * Runs {@code SparkSubmit} in client mode against this master with the given arguments (options,
   * the application jar, its arguments) and waits for it; output goes to {@code log}.
   *
   * @return the driver's exit status
   */
  public int submit(List<String> arguments, Path log, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = java("512m");
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", masterUrl(), "--deploy-mode", "client"));
    command.addAll(arguments);
    Process driver = start(command, log);
    if (!driver.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      destroy(driver);
      throw new IllegalStateException(
          "spark-submit did not finish within "
              + timeout.toSeconds()
              + " s; its output:\n"
              + tail(log));
    }
    return driver.exitValue();
  }

  /** Kills worker {@code index} (0-based) and the executors it launched, at once. */
  public void killWorker(int index) throws InterruptedException {
    Process worker = workerProcesses[index];
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** The stderr files of every executor launched so far, worker by worker. */
  public List<Path> executorLogs() throws IOException {
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Path work = dir.resolve("work-" + i);
      if (Files.isDirectory(work)) {
        try (Stream<Path> files = Files.walk(work)) {
          files
              .filter(f -> f.getFileName().toString().equals("stderr"))
              .sorted()
              .forEach(logs::add);
        }
      }
    }
    return logs;
  }

  /**
   * {@code spark-submit} options of the application on a CPU cluster: main class, the natives jar
   * ({@code --jars}), executor size, the Java 17 and DJL settings of the executors, and a wait for
   * every executor before the first job.
   */
  public static List<String> submitOptions(int maxCores, int executorCores) {
    String cache = djlCache();
    return List.of(
        "--class",
        "io.oodseg.cli.OodSeg",
        "--name",
        "oodseg-it",
        "--jars",
        nativeJar().toString(),
        "--conf",
        "spark.cores.max=" + maxCores,
        "--conf",
        "spark.executor.cores=" + executorCores,
        "--conf",
        "spark.executor.memory=1g",
        "--conf",
        "spark.executor.extraJavaOptions="
            + String.join(" ", jvmOptions())
            + " -Dai.djl.offline=true",
        "--conf",
        "spark.executorEnv.ENGINE_CACHE_DIR=" + cache,
        "--conf",
        "spark.executorEnv.DJL_CACHE_DIR=" + cache,
        "--conf",
        "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf",
        "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
        "--conf",
        "spark.sql.shuffle.partitions=4",
        "--conf",
        "spark.ui.enabled=false");
  }

  /** How often {@code needle} occurs in {@code text}. */
  public static int count(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  /** Stops every child JVM (executors first) and waits for them. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is shutting down, or the hook was never added
    }
  }

  /** The last 4,000 characters of a log, for failure messages. */
  public static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private void startAll() throws IOException, InterruptedException {
    org.apache.commons.io.FileUtils.deleteDirectory(
        dir.toFile()); // logs and work folders of an earlier start
    Files.createDirectories(sparkHome.resolve("jars"));
    Files.createDirectories(sparkHome.resolve("conf"));
    for (String entry :
        Files.readString(requiredFile(SPARK_CLASSPATH)).trim().split(java.io.File.pathSeparator)) {
      Path jar = Paths.get(entry);
      Path link = sparkHome.resolve("jars").resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    Runtime.getRuntime().addShutdownHook(reaper);
    masterPort = freePort();
    Path masterLog = dir.resolve("master.log");
    List<String> master = java("512m");
    master.addAll(
        List.of(
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(masterPort),
            "--webui-port",
            Integer.toString(freePort())));
    Process masterProcess = start(master, masterLog);
    awaitLog(masterProcess, masterLog, "I have been elected leader", 1);
    for (int i = 0; i < workers; i++) {
      Path work = Files.createDirectories(dir.resolve("work-" + i));
      List<String> worker = java("256m");
      int javaOptions = 1;
      for (Map.Entry<String, String> e : workerConf.entrySet()) {
        worker.add(javaOptions++, "-D" + e.getKey() + "=" + e.getValue());
      }
      worker.addAll(
          List.of(
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              Integer.toString(coresPerWorker),
              "--memory",
              memoryPerWorker,
              "--work-dir",
              work.toString(),
              "--webui-port",
              Integer.toString(freePort()),
              masterUrl()));
      workerProcesses[i] = start(worker, dir.resolve("worker-" + i + ".log"));
    }
    awaitLog(masterProcess, masterLog, "Registering worker", workers);
  }

  private List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions());
    command.addAll(
        List.of(
            "-cp",
            sparkHome.resolve("conf")
                + java.io.File.pathSeparator
                + sparkHome.resolve("jars")
                + "/*"));
    return command;
  }

  private Process start(List<String> command, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", required(SCALA_BINARY));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    env.remove("SPARK_TESTING");
    Process process = builder.start();
    synchronized (processes) {
      processes.add(process);
    }
    return process;
  }

  private static void awaitLog(Process process, Path log, String text, int times)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            log.getFileName()
                + ": process exited with status "
                + process.exitValue()
                + " before logging \""
                + text
                + "\"; its output:\n"
                + tail(log));
      }
      String content = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (content.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "\""
            + text
            + "\" did not appear "
            + times
            + " time(s) in "
            + log
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s; its output:\n"
            + tail(log));
  }

  private void destroyAll() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes);
      processes.clear();
    }
    // the driver and workers first (with their executors), the master last
    for (int i = all.size() - 1; i >= 0; i--) {
      destroy(all.get(i));
    }
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set (it is "
              + value
              + "); run this test through Maven's verify phase (maven-failsafe-plugin sets it after packaging)");
    }
    return value;
  }

  private static Path requiredFile(String property) {
    Path path = Paths.get(required(property));
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "system property "
              + property
              + " names "
              + path
              + ", which does not exist; run `mvn package` first");
    }
    return path;
  }
}
