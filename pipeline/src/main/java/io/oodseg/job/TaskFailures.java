package io.oodseg.job;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the task attempts that ended in failure while a run is registered (failed tasks that Spark
 * retried, lost executors), so the manifest shows what a run survived.
 */
final class TaskFailures extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicLong failed = new AtomicLong();

  private TaskFailures(SparkSession spark) {
    this.spark = spark;
  }

  /** Starts counting; {@link #close} stops. */
  static TaskFailures register(SparkSession spark) {
    TaskFailures listener = new TaskFailures(spark);
    spark.sparkContext().addSparkListener(listener);
    return listener;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.reason() != Success$.MODULE$) {
      failed.incrementAndGet();
    }
  }

  /** Failed task attempts so far. */
  long count() {
    return failed.get();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
