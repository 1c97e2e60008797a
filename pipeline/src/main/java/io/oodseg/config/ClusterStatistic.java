package io.oodseg.config;

/** Statistic of the confidence over the pixels of one cluster. */
public enum ClusterStatistic {
  MEAN,
  MEDIAN,
  MIN,
  MAX
}
