package io.oodseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.cli.OodSeg;
import io.oodseg.config.Secrets;
import io.oodseg.testing.CapturedOutput;
import io.oodseg.testing.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted in the configuration (S3 keys and other keys that look secret, in the {@code
 * hadoop} section) reach the Hadoop configuration but appear in no output file, log line or console
 * output of the run; the manifest shows them masked.
 */
class SecretRedactionIT {
  private static final List<String> PLANTED =
      List.of(
          "AKIAPLANTED0001",
          "planted-s3-secret-9d2e",
          "planted-session-token-51",
          "planted-db-password-77");
  private static final List<String> KEYS =
      List.of(
          "fs.s3a.access.key",
          "fs.s3a.secret.key",
          "fs.s3a.session.token",
          "metastore.db.password");
  @TempDir static Path dir;

  @AfterAll
  static void unsetPlantedKeys() {
    KEYS.forEach(LocalSpark.session().sparkContext().hadoopConfiguration()::unset);
  }

  @Test
  void plantedSecretsAppearInNoOutputFileLogOrConsoleOutput() throws Exception {
    Configuration hadoop = LocalSpark.session().sparkContext().hadoopConfiguration();
    String captured;
    try (CapturedOutput output = new CapturedOutput()) {
      int code =
          OodSeg.execute(
              "demo",
              "--count",
              "2",
              "--output",
              dir.toUri().toString(),
              "--run-id",
              "secret",
              "--set",
              "hadoop." + KEYS.get(0) + "=" + PLANTED.get(0),
              "--set",
              "hadoop." + KEYS.get(1) + "=" + PLANTED.get(1),
              "--set",
              "hadoop." + KEYS.get(2) + "=" + PLANTED.get(2),
              "--set",
              "hadoop." + KEYS.get(3) + "=" + PLANTED.get(3));
      assertThat(code).isZero();
      captured = output.text();
    }
    for (int i = 0; i < KEYS.size(); i++) {
      assertThat(hadoop.get(KEYS.get(i)))
          .as("the run used " + KEYS.get(i))
          .isEqualTo(PLANTED.get(i));
    }
    assertThat(captured).contains("Pooled metrics");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files)
        .anyMatch(f -> f.endsWith("manifest.json"))
        .anyMatch(f -> f.toString().endsWith(".parquet"));
    for (String secret : PLANTED) {
      assertThat(captured).doesNotContain(secret);
      for (Path file : files) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain(secret);
      }
    }
    var manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("secret/manifest.json").toFile());
    assertThat(manifest.at("/config/hadoop/fs/s3a/secret/key").asText()).isEqualTo(Secrets.MASK);
    assertThat(manifest.at("/config/hadoop/metastore/db/password").asText())
        .isEqualTo(Secrets.MASK);
  }
}
