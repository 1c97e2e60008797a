package io.oodseg.cli;

import io.oodseg.job.SparkSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a command: the cluster's master under spark-submit, else local. */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession create(String appName) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    conf.setIfMissing("spark.scheduler.mode", "FAIR");
    return SparkSession.builder().config(SparkSettings.withJobDefaults(conf)).getOrCreate();
  }
}
