package io.oodseg.io;

import static io.oodseg.testing.S3Server.ACCESS_KEY;
import static io.oodseg.testing.S3Server.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oodseg.config.UsageException;
import io.oodseg.job.EvaluationJob;
import io.oodseg.job.RunResult;
import io.oodseg.testing.CapturedOutput;
import io.oodseg.testing.LocalSpark;
import io.oodseg.testing.S3Server;
import io.oodseg.testing.TestRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end against an S3-API server (s3proxy in a child JVM on 127.0.0.1): the synthetic
 * benchmark is generated into and read from {@code s3a://}, every table and the manifest are
 * written there, the numbers equal those of the same run on the local file system, and the
 * credentials (set through Hadoop's configuration, docs/design.md §9) appear in no file, log line,
 * console output or error message. Wrong credentials fail with a benchmark-level error.
 */
class S3RoundTripIT {
  @RegisterExtension static final S3Server S3 = new S3Server();
  private static final String BUCKET = "oodseg-runs";
  private static final String OUTPUT = "s3a://" + BUCKET + "/runs";
  private static final String RUN = "round-trip";
  private static final String RUN_DIR = OUTPUT + "/" + RUN;
  private static final String DENIED_BUCKET = "oodseg-denied";
  private static final String WRONG_SECRET = "wrong-secret-91ab";
  private static final String WRONG_ACCESS_KEY = "AKIAWRONGKEY0000";
  private static final String[] SETTINGS = {
    "benchmark.synthetic.count=6", "inference.partitions=2"
  };
  private static final String[] METRIC_COLUMNS = {
    "method",
    "protocol",
    "ap",
    "fpr95",
    "auroc",
    "positives",
    "negatives",
    "thresholds",
    "images",
    "config_hash"
  };

  @TempDir static Path local;
  static SparkSession spark;
  static Configuration hadoop;
  static RunResult localResult;
  static RunResult s3Result;
  static String captured;
  static final Map<String, String> before = new java.util.HashMap<>();

  @BeforeAll
  static void runLocallyAndOnS3() throws Exception {
    spark = LocalSpark.session();
    hadoop = spark.sparkContext().hadoopConfiguration();
    S3.s3aSettings(ACCESS_KEY, SECRET_KEY)
        .keySet()
        .forEach(key -> before.put(key, hadoop.get(key)));
    S3.createBucket(BUCKET);
    S3.createBucket(DENIED_BUCKET);
    localResult = new EvaluationJob(spark, TestRuns.config(local, RUN, SETTINGS)).run();
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY);
        CapturedOutput output = new CapturedOutput()) {
      s3Result =
          new EvaluationJob(
                  spark, TestRuns.config(local, RUN, with(SETTINGS, "output=\"" + OUTPUT + "\"")))
              .run();
      captured = output.text();
    }
  }

  @AfterAll
  static void closeS3aFileSystems() throws IOException {
    // cached S3A instances hold this server's endpoint and keys: drop them before it stops
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      FileSystem.get(URI.create("s3a://" + BUCKET + "/"), hadoop).close();
      FileSystem.get(URI.create("s3a://" + DENIED_BUCKET + "/"), hadoop).close();
    }
  }

  @Test
  void settingsAreTakenBackAfterTheRun() {
    S3.s3aSettings(ACCESS_KEY, SECRET_KEY)
        .keySet()
        .forEach(key -> assertThat(hadoop.get(key)).as(key).isEqualTo(before.get(key)));
    assertThat(hadoop.get("fs.s3a.access.key")).isNull();
    assertThat(hadoop.get("fs.s3a.secret.key")).isNull();
  }

  @Test
  void manifestOnS3aSaysComplete() throws IOException {
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      JsonNode manifest =
          new ObjectMapper().readTree(HadoopFiles.readAll(RUN_DIR + "/manifest.json", hadoop));
      assertThat(manifest.get("status").asText()).isEqualTo("complete");
      assertThat(manifest.get("run_id").asText()).isEqualTo(RUN);
      assertThat(manifest.get("counts").get("images").asLong()).isEqualTo(6);
      assertThat(manifest.get("counts").get("errors").asLong()).isZero();
      assertThat(manifest.get("config").toString()).contains(OUTPUT);
    }
    assertThat(s3Result.runDir()).isEqualTo(RUN_DIR);
  }

  @Test
  void benchmarkIsGeneratedIntoAndReadFromS3a() throws IOException {
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      Map<String, Long> bytes = files(OUTPUT + "/_data");
      assertThat(bytes.keySet())
          .filteredOn(p -> p.endsWith(".jpg"))
          .hasSize(6)
          .allMatch(p -> p.contains("/images/"));
      assertThat(bytes.keySet()).filteredOn(p -> p.endsWith("_labels_semantic.png")).hasSize(6);
      assertThat(bytes.keySet()).anyMatch(p -> p.endsWith("/_COMPLETE"));
      Dataset<Row> images = spark.read().parquet(RUN_DIR + "/images.parquet");
      assertThat(images.count()).isEqualTo(6);
      assertThat(
              images.select("image_uri").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
          .hasSize(6)
          .allMatch(uri -> uri.startsWith(OUTPUT + "/_data/"));
      assertThat(spark.read().parquet(RUN_DIR + "/errors.parquet").count()).isZero();
      assertThat(spark.read().parquet(RUN_DIR + "/clusters.parquet").count()).isEqualTo(6);
    }
  }

  @Test
  void metricsEqualThoseOfTheSameRunWrittenLocally() {
    assertThat(s3Result.images()).isEqualTo(6);
    assertThat(s3Result.errors()).isZero();
    assertThat(s3Result.pooled()).isEqualTo(localResult.pooled());
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      Dataset<Row> fromS3 = spark.read().parquet(RUN_DIR + "/metrics.parquet");
      Dataset<Row> fromDisk =
          spark.read().parquet(local.resolve(RUN).resolve("metrics.parquet").toString());
      assertThat(fromS3.count()).isEqualTo(5);
      LocalSpark.assertSameRows(
          fromDisk.selectExpr(METRIC_COLUMNS), fromS3.selectExpr(METRIC_COLUMNS));
      String[] perImage = {
        "image_id",
        "valid_pixels",
        "ood_pixels",
        "flagged_clusters",
        "ap_clusters_fused",
        "ap_max_logit"
      };
      LocalSpark.assertSameRows(
          spark
              .read()
              .parquet(local.resolve(RUN).resolve("images.parquet").toString())
              .selectExpr(perImage),
          spark.read().parquet(RUN_DIR + "/images.parquet").selectExpr(perImage));
    }
  }

  @Test
  void credentialsAppearInNoFileLogLineOrConsoleOutput() throws IOException {
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      Map<String, byte[]> written = contents("s3a://" + BUCKET + "/");
      assertThat(written.keySet())
          .anyMatch(p -> p.equals(RUN_DIR + "/manifest.json"))
          .anyMatch(p -> p.startsWith(RUN_DIR + "/images.parquet/part-"))
          .anyMatch(p -> p.startsWith(RUN_DIR + "/metrics.parquet/part-"))
          .anyMatch(p -> p.startsWith(RUN_DIR + "/errors.parquet/"))
          .anyMatch(p -> p.startsWith(RUN_DIR + "/clusters.parquet/"));
      written.forEach((path, bytes) -> assertNoCredentials(path, bytes, ACCESS_KEY, SECRET_KEY));
    }
    assertThat(captured)
        .as("the run's logs and console output")
        .contains("run " + RUN + " complete")
        .contains("Pooled metrics")
        .contains("DEBUG org.apache.hadoop.fs.s3a.")
        .doesNotContain(SECRET_KEY)
        .doesNotContain(ACCESS_KEY);
  }

  @Test
  void wrongSecretIsABenchmarkLevelErrorThatNamesTheRootAndKeepsTheSecretOut() throws IOException {
    String root = copyBenchmarkTo(DENIED_BUCKET);
    Throwable thrown =
        deniedRun(
            ACCESS_KEY, WRONG_SECRET, "benchmark.layout=smiyc", "benchmark.root=\"" + root + "\"");
    assertBenchmarkLevelRefusal(thrown, root);
    assertKeptOut(thrown, WRONG_SECRET, SECRET_KEY, ACCESS_KEY);
  }

  @Test
  void unknownAccessKeyIsABenchmarkLevelErrorToo() throws IOException {
    String root = copyBenchmarkTo(DENIED_BUCKET);
    Throwable thrown =
        deniedRun(
            WRONG_ACCESS_KEY,
            SECRET_KEY,
            "benchmark.layout=smiyc",
            "benchmark.root=\"" + root + "\"");
    assertBenchmarkLevelRefusal(thrown, root);
    assertKeptOut(thrown, WRONG_ACCESS_KEY, SECRET_KEY, ACCESS_KEY);
  }

  @Test
  void wrongSecretForTheOutputNamesTheRunFolderAndKeepsTheSecretOut() {
    String output = "s3a://" + DENIED_BUCKET + "/runs";
    Throwable thrown = deniedRun(ACCESS_KEY, WRONG_SECRET, "output=\"" + output + "\"");
    assertThat(thrown.getMessage()).contains(output + "/denied");
    assertThat(thrown)
        .rootCause()
        .hasMessageContaining("Status Code: 403")
        .hasMessageContaining(
            "Forbidden"); // SDK v1: "403 Forbidden", v2: "Forbidden (Service: S3, ..."
    assertThat(chain(thrown))
        .as("cause chain")
        .anyMatch(t -> t instanceof java.nio.file.AccessDeniedException);
    assertKeptOut(thrown, WRONG_SECRET, SECRET_KEY, ACCESS_KEY);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Runs with the given keys (a fresh S3A instance for the denied bucket) and returns what it
   * threw.
   */
  private static Throwable deniedRun(String accessKey, String secretKey, String... overrides) {
    Throwable thrown;
    String logs;
    try (S3Server.Restore s3a = S3.configure(hadoop, accessKey, secretKey)) {
      try (CapturedOutput output = new CapturedOutput()) {
        thrown =
            catchThrowable(
                () ->
                    new EvaluationJob(
                            spark,
                            TestRuns.config(
                                local.resolve("denied-runs"), "denied", with(SETTINGS, overrides)))
                        .run());
        logs = output.text();
      }
      closeCached("s3a://" + DENIED_BUCKET + "/");
    }
    assertThat(thrown).as("a run with refused credentials").isNotNull();
    assertThat(logs)
        .as("logs of the refused run")
        .doesNotContain(secretKey)
        .doesNotContain(accessKey)
        .doesNotContain(SECRET_KEY)
        .doesNotContain(ACCESS_KEY);
    return thrown;
  }

  /** Copies the generated benchmark into another bucket; returns its root there. */
  private static String copyBenchmarkTo(String bucket) throws IOException {
    String root = "s3a://" + bucket + "/bench";
    try (S3Server.Restore s3a = S3.configure(hadoop, ACCESS_KEY, SECRET_KEY)) {
      org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(OUTPUT + "/_data");
      FileSystem source = from.getFileSystem(hadoop);
      org.apache.hadoop.fs.Path data = source.listStatus(from)[0].getPath();
      org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(root);
      FileSystem target = to.getFileSystem(hadoop);
      if (!target.exists(to)) {
        FileUtil.copy(source, data, target, to, false, true, hadoop);
      }
      // the cached instance holds the right keys: the refused run must build its own
      closeCached("s3a://" + bucket + "/");
    }
    return root;
  }

  private static void closeCached(String uri) {
    try {
      FileSystem.get(URI.create(uri), hadoop).close();
    } catch (IOException e) {
      // closing a refused instance may fail; it has left the cache either way
    }
  }

  /** Every file under {@code root} with its length. */
  private static Map<String, Long> files(String root) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root);
    RemoteIterator<LocatedFileStatus> it = path.getFileSystem(hadoop).listFiles(path, true);
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      out.put(status.getPath().toString(), status.getLen());
    }
    return out;
  }

  /** Every file under {@code root}, read back as bytes through s3a. */
  private static Map<String, byte[]> contents(String root) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String path : files(root).keySet()) {
      out.put(path, HadoopFiles.readAll(path, hadoop));
    }
    return out;
  }

  private static void assertNoCredentials(String path, byte[] bytes, String... secrets) {
    for (String secret : secrets) {
      byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
      assertThat(indexOf(bytes, needle)).as("%s holds a credential", path).isEqualTo(-1);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * A benchmark-level error (UsageException, the CLI's exit code 2) naming the root and saying the
   * server refused the request (an AccessDeniedException with HTTP 403 in the cause); the refused
   * run's manifest says failed.
   */
  private static void assertBenchmarkLevelRefusal(Throwable thrown, String root)
      throws IOException {
    assertThat(thrown).isInstanceOf(UsageException.class);
    assertThat(thrown.getMessage())
        .startsWith("benchmark root " + root + " (layout smiyc): access was denied")
        .contains("credentials were refused");
    assertThat(chain(thrown))
        .anyMatch(
            t ->
                t instanceof java.nio.file.AccessDeniedException
                    && t.getMessage().contains("getFileStatus on " + root)
                    && t.getMessage().contains("403"));
    JsonNode manifest =
        new ObjectMapper().readTree(local.resolve("denied-runs/denied/manifest.json").toFile());
    assertThat(manifest.get("status").asText()).isEqualTo("failed");
  }

  private static List<Throwable> chain(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** Neither the messages of the whole chain nor its printed stack trace hold any of these. */
  private static void assertKeptOut(Throwable thrown, String... secrets) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    for (String secret : secrets) {
      assertThat(messages(thrown)).doesNotContain(secret);
      assertThat(trace.toString()).doesNotContain(secret);
    }
  }

  private static String messages(Throwable thrown) {
    StringBuilder out = new StringBuilder();
    for (Throwable t : chain(thrown)) {
      out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return out.toString();
  }

  private static String[] with(String[] base, String... more) {
    return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
  }
}
