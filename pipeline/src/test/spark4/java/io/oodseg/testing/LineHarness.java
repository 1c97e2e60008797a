package io.oodseg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark 4 line, where no Spark Testing Base is served: the same local session as Spark Testing
 * Base starts on the spark3.5 line ({@code local[*]}, UI off, driver on localhost, snappy, a
 * temporary warehouse, no Hive) and the same row comparison (same schema, same rows as multisets).
 * Used through {@link LocalSpark}.
 */
final class LineHarness {
  private LineHarness() {}

  static SparkSession start() {
    String warehouse;
    try {
      warehouse = Files.createTempDirectory("oodseg-test-warehouse").toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the test session's warehouse folder", e);
    }
    return SparkSession.builder()
        .master("local[*]")
        .appName("test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "localhost")
        .config("spark.io.compression.codec", "snappy")
        .config("spark.sql.warehouse.dir", warehouse)
        .getOrCreate();
  }

  static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertThat(actual.schema().treeString())
        .as("schema")
        .isEqualTo(expected.schema().treeString());
    assertThat(expected.exceptAll(actual).collectAsList())
        .as("expected rows missing from the actual data frame")
        .isEmpty();
    assertThat(actual.exceptAll(expected).collectAsList())
        .as("actual rows not expected")
        .isEmpty();
  }
}
