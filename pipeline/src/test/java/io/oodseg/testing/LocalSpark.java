package io.oodseg.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for every test of the JVM: local mode on all cores, UI off, no Hive. The
 * session and the row comparison come from the build's Spark line ({@link LineHarness}, one small
 * class in {@code src/test/<line>/java}): Spark Testing Base on the spark3.5 line, the project's
 * own on the spark4 line, where no Spark Testing Base is served.
 */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  /** The shared session, started on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = LineHarness.start();
    }
    return session;
  }

  /** Asserts both data frames hold the same rows (order ignored, exact values). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    LineHarness.assertSameRows(expected, actual);
  }
}
