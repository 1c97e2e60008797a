package io.oodseg.config;

/** Where K-Means runs. */
public enum ClusteringEngine {
  /** On the inference device, inside the partition that ran the model. */
  DEVICE,
  /** With Spark MLlib's KMeans on exploded feature rows, many images in flight at once. */
  MLLIB
}
