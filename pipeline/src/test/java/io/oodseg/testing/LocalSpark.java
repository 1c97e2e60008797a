package io.oodseg.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for every test of the JVM, through Spark Testing Base (its JUnit 4 base
 * class used by composition from JUnit 5). Local mode on all cores, UI off.
 */
public final class LocalSpark {
  private static final JavaDataFrameSuiteBase BASE =
      new JavaDataFrameSuiteBase() {
        @Override
        public boolean enableHiveSupport() {
          return false;
        }
      };
  private static boolean started;

  private LocalSpark() {}

  /** The shared session, started on first use. */
  public static synchronized SparkSession session() {
    if (!started) {
      BASE.runBefore();
      started = true;
    }
    return BASE.spark();
  }

  /** Asserts both data frames hold the same rows (order ignored, exact values). */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    BASE.assertDataFrameNoOrderEquals(expected, actual);
  }
}
