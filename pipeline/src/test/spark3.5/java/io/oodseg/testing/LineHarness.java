package io.oodseg.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark 3.5 line: the local session and row comparison of Spark Testing Base (its JUnit 4 base
 * class used by composition). Used through {@link LocalSpark}.
 */
final class LineHarness {
  private static final JavaDataFrameSuiteBase BASE =
      new JavaDataFrameSuiteBase() {
        @Override
        public boolean enableHiveSupport() {
          return false;
        }
      };

  private LineHarness() {}

  static SparkSession start() {
    BASE.runBefore();
    return BASE.spark();
  }

  static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    BASE.assertDataFrameNoOrderEquals(expected, actual);
  }
}
