package io.oodseg.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An S3-API server for tests: s3proxy 2.6.0 ({@code jar-with-dependencies}, a declared test
 * dependency kept off the test classpath) run as a child JVM on 127.0.0.1 and a free port, with the
 * in-memory {@code transient} blob store and AWS v2/v4 signatures checked against a planted key
 * pair. In-process s3proxy clashes with Spark's javax/jakarta libraries, hence the child JVM
 * (docs/design.md §9).
 *
 * <p>Register it on a test class with {@code @RegisterExtension static final S3Server S3 = new
 * S3Server();}: it starts before the class's first test and is stopped (destroyed, waited for)
 * after its last. Its output goes to {@code target/s3proxy/s3proxy-<port>.log}.
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback {
  /** Access key the server accepts. */
  public static final String ACCESS_KEY = "AKIATESTPLANTED";

  /** Secret key the server accepts. */
  public static final String SECRET_KEY = "planted-secret-7f3c";

  /** Region the clients sign for. */
  public static final String REGION = "us-east-1";

  /** System property with the s3proxy jar's path (set by the build from the dependency). */
  public static final String JAR_PROPERTY = "oodseg.test.s3proxy.jar";

  private static final String VERSION = "2.6.0";
  private static final long START_TIMEOUT_MS = 60_000;

  private Process process;
  private int port;
  private Path log;
  private Thread reaper;

  /** Starts the server (JUnit calls this before the class's tests). */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** Stops the server (JUnit calls this after the class's tests). */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /**
   * Starts the child JVM and waits until it answers HTTP; a few tries in case the port is taken
   * meanwhile.
   */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null) {
      return;
    }
    Path jar = jar();
    Path dir = Paths.get("target", "s3proxy").toAbsolutePath();
    Files.createDirectories(dir);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int candidate = freePort();
      Path properties = dir.resolve("s3proxy-" + candidate + ".properties");
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + candidate,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=transient",
              "jclouds.identity=local",
              "jclouds.credential=local",
              ""),
          StandardCharsets.UTF_8);
      Path out = dir.resolve("s3proxy-" + candidate + ".log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jar.toString(),
                  "--properties",
                  properties.toString()));
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
              .start();
      try {
        awaitHttp(child, candidate, out);
        process = child;
        port = candidate;
        log = out;
        reaper = new Thread(child::destroyForcibly, "s3proxy-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        return;
      } catch (IOException e) {
        destroy(child);
        last = e;
      }
    }
    throw last;
  }

  /** Stops the child JVM: a polite destroy, then a forcible one after 10 s. */
  public synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    destroy(process);
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
    process = null;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    requireStarted();
    return "http://127.0.0.1:" + port;
  }

  /** The child's port. */
  public int port() {
    requireStarted();
    return port;
  }

  /** The file holding the child's stdout and stderr. */
  public Path log() {
    return log;
  }

  /**
   * Creates a bucket with the planted credentials: one S3 REST call signed with AWS signature V2,
   * which needs no AWS SDK (hadoop-aws brings SDK v1 on the spark3.5 line and v2 on spark4).
   */
  public void createBucket(String bucket) throws IOException, InterruptedException {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String toSign = "PUT\n\n\n\nx-amz-date:" + date + "\n/" + bucket;
      signature =
          Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
            .header("x-amz-date", date)
            .header("Authorization", "AWS " + ACCESS_KEY + ":" + signature)
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "creating bucket " + bucket + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  /** The S3A settings of docs/design.md §9 for this server with the given key pair. */
  public Map<String, String> s3aSettings(String accessKey, String secretKey) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("fs.s3a.endpoint", endpoint());
    keys.put("fs.s3a.endpoint.region", REGION);
    keys.put("fs.s3a.path.style.access", "true");
    keys.put("fs.s3a.connection.ssl.enabled", "false");
    keys.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    keys.put("fs.s3a.access.key", accessKey);
    keys.put("fs.s3a.secret.key", secretKey);
    // s3proxy answers a bulk DeleteObjects with a checksum header (what AWS SDK v2, on the spark4
    // line, always sends) by 501 Not Implemented: the test's server deletes object by object
    keys.put("fs.s3a.multiobjectdelete.enable", "false");
    return keys;
  }

  /**
   * Sets {@link #s3aSettings} on {@code conf}; closing the result unsets them and puts back any
   * value set before, so later tests see the configuration unchanged.
   */
  public Restore configure(Configuration conf, String accessKey, String secretKey) {
    Map<String, String> previous = new LinkedHashMap<>();
    s3aSettings(accessKey, secretKey)
        .forEach(
            (key, value) -> {
              previous.put(key, conf.get(key));
              conf.set(key, value);
            });
    return () ->
        previous.forEach(
            (key, value) -> {
              conf.unset(key);
              // a value that came from a default resource (core-default.xml) is back once unset
              if (value != null && !value.equals(conf.get(key))) {
                conf.set(key, value);
              }
            });
  }

  /** Undoes {@link #configure}. */
  @FunctionalInterface
  public interface Restore extends AutoCloseable {
    @Override
    void close();
  }

  /** The s3proxy jar: from the build's property, else from the local Maven repository. */
  static Path jar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
      Path path = Paths.get(configured);
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    String repo =
        System.getProperty(
            "maven.repo.local",
            Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
    Path path =
        Paths.get(
            repo,
            "org",
            "gaul",
            "s3proxy",
            VERSION,
            "s3proxy-" + VERSION + "-jar-with-dependencies.jar");
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "s3proxy "
              + VERSION
              + " (jar-with-dependencies) not found: system property "
              + JAR_PROPERTY
              + " is "
              + configured
              + " and "
              + path
              + " does not exist; run the tests through Maven "
              + "(pipeline/pom.xml declares it as a test dependency)");
    }
    return path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void awaitHttp(Process child, int port, Path out)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!child.isAlive()) {
        throw new IOException(
            "s3proxy exited with status "
                + child.exitValue()
                + " before answering on port "
                + port
                + "; its output:\n"
                + tail(out));
      }
      try {
        HttpURLConnection http =
            (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
        http.setConnectTimeout(500);
        http.setReadTimeout(2_000);
        http.getResponseCode(); // any status (403 for an anonymous request) means it is serving
        http.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException(
        "s3proxy did not answer on port "
            + port
            + " within "
            + START_TIMEOUT_MS / 1000
            + " s; its output:\n"
            + tail(out));
  }

  private static String tail(Path out) {
    try {
      String text = Files.readString(out, StandardCharsets.UTF_8);
      return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void destroy(Process child) throws InterruptedException {
    child.destroy();
    if (!child.waitFor(10, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException("the S3 server is not running");
    }
  }
}
