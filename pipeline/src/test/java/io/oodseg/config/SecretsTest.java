package io.oodseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void keysThatLookSecretAreRecognised() {
    assertThat(
            List.of(
                "hadoop.fs.s3a.secret.key",
                "hadoop.fs.s3a.access.key",
                "hadoop.fs.s3a.session.token",
                "hadoop.db.password",
                "hadoop.fs.azure.account.key",
                "hadoop.my.credentials",
                "hadoop.\"fs.s3a.secret.key\"",
                "hadoop.AccessKey"))
        .allMatch(Secrets::isSecret);
    assertThat(
            List.of(
                "hadoop.fs.s3a.endpoint",
                "kmeans.k",
                "hadoop.fs.s3a.path.style.access",
                "benchmark.root",
                "hadoop.fs.s3a.keyprefix"))
        .noneMatch(Secrets::isSecret);
  }

  @Test
  void secretValuesAreMaskedInTheEffectiveConfigurationAndItsToString() {
    RunConfig c =
        ConfigLoader.load(
            null,
            List.of(
                "hadoop.fs.s3a.secret.key=planted-1",
                "hadoop.fs.s3a.access.key=planted-2",
                "hadoop.fs.s3a.endpoint=\"http://127.0.0.1:9\"",
                "hadoop.\"custom.password\"=planted-3"));
    assertThat(c.effectiveJson())
        .doesNotContain("planted")
        .contains(Secrets.MASK)
        .contains("http://127.0.0.1:9");
    assertThat(c.toString())
        .doesNotContain("planted")
        .contains("fs.s3a.endpoint=http://127.0.0.1:9");
    assertThat(c.hadoop().size()).isEqualTo(4);
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    c.hadoop().applyTo(conf);
    assertThat(conf.get("fs.s3a.secret.key")).isEqualTo("planted-1");
    assertThat(conf.get("custom.password")).isEqualTo("planted-3");
  }

  @Test
  void anUnparsableSecretOverrideIsReportedWithoutItsValue() {
    assertThatThrownBy(
            () -> ConfigLoader.load(null, List.of("hadoop.fs.s3a.secret.key={planted-4")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("hadoop.fs.s3a.secret.key")
        .hasMessageNotContaining("planted")
        .hasNoCause();
  }

  @Test
  void theHashIgnoresHadoopPropertiesAndTestSwitches() {
    String base = ConfigLoader.load(null, List.of()).hash();
    assertThat(
            ConfigLoader.load(
                    null,
                    List.of(
                        "hadoop.fs.s3a.secret.key=x", "testing.halt-after-parts=3", "resume=true"))
                .hash())
        .isEqualTo(base);
  }
}
