package io.oodseg.image;

import io.oodseg.catalog.ImageRecord;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CompactCounts;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one image leaves after the executor-side stages: per-method counts per distinct score (void
 * dropped), per-method per-image metrics, cluster facts and timings; or, for a bad image, the stage
 * and reason it failed. The counts are kept compact ({@link CompactCounts}: at most 4 bytes per
 * valid pixel and method, about 2 serialized), serialized once ({@link CountsBlob}) so that passes
 * that do not read them do not decode them, and counted into tables when a pass reads them.
 */
public final class ImageOutcome implements Serializable, PerImage {
  private static final long serialVersionUID = 3L;
  private final ImageRecord record;
  private final int width;
  private final int height;
  private final long validPixels;
  private final long oodPixels;
  private final int flaggedClusters;
  private final ClusterLayout clusters;
  private final CountsBlob counts;
  private final Map<String, BinaryMetrics> metrics;
  private final StageTimes times;
  private final String errorStage;
  private final String errorReason;

  /**
   * Cluster facts of one image.
   *
   * @param gridHeight grid rows
   * @param gridWidth grid columns
   * @param assignments cluster per grid cell, row-major
   * @param statistics confidence statistic per cluster
   * @param flagged flag per cluster
   */
  public record ClusterLayout(
      int gridHeight, int gridWidth, int[] assignments, double[] statistics, boolean[] flagged)
      implements Serializable {}

  private ImageOutcome(
      ImageRecord record,
      int width,
      int height,
      long validPixels,
      long oodPixels,
      int flaggedClusters,
      ClusterLayout clusters,
      CountsBlob counts,
      Map<String, BinaryMetrics> metrics,
      StageTimes times,
      String errorStage,
      String errorReason) {
    this.record = record;
    this.width = width;
    this.height = height;
    this.validPixels = validPixels;
    this.oodPixels = oodPixels;
    this.flaggedClusters = flaggedClusters;
    this.clusters = clusters;
    this.counts = counts;
    this.metrics = metrics;
    this.times = times;
    this.errorStage = errorStage;
    this.errorReason = errorReason;
  }

  /** A successfully evaluated image. Maps keep their insertion order (method order). */
  public static ImageOutcome success(
      ImageRecord record,
      int width,
      int height,
      ClusterLayout clusters,
      Map<String, CompactCounts> counts,
      Map<String, BinaryMetrics> metrics,
      StageTimes times) {
    int flaggedClusters = 0;
    for (boolean f : clusters.flagged()) {
      flaggedClusters += f ? 1 : 0;
    }
    CompactCounts any = counts.values().iterator().next();
    long ood = any.totalPositives();
    long valid = ood + any.totalNegatives();
    return new ImageOutcome(
        record,
        width,
        height,
        valid,
        ood,
        flaggedClusters,
        clusters,
        CountsBlob.of(counts),
        Collections.unmodifiableMap(new LinkedHashMap<>(metrics)),
        times,
        null,
        null);
  }

  /** An image that failed in {@code stage} for {@code reason}. */
  public static ImageOutcome failure(ImageRecord record, String stage, String reason) {
    return new ImageOutcome(
        record,
        0,
        0,
        0,
        0,
        0,
        null,
        CountsBlob.of(Map.of()),
        Map.of(),
        new StageTimes(),
        stage,
        reason);
  }

  public boolean failed() {
    return errorStage != null;
  }

  public ImageRecord record() {
    return record;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public long validPixels() {
    return validPixels;
  }

  public long oodPixels() {
    return oodPixels;
  }

  public int flaggedClusters() {
    return flaggedClusters;
  }

  /** Cluster assignments, statistics and flags (null for a failed image). */
  public ClusterLayout clusters() {
    return clusters;
  }

  /**
   * Counts per distinct score, by method name, in their compact form (method order); decoded from
   * their serialized form on the first call after the outcome was deserialized.
   */
  public Map<String, CompactCounts> compactCounts() {
    return counts.get();
  }

  /**
   * Counts per distinct score, by method name (method order), each table counted from its compact
   * form on this call.
   */
  public Map<String, ScoreCounts> counts() {
    Map<String, ScoreCounts> tables = new LinkedHashMap<>();
    compactCounts().forEach((method, c) -> tables.put(method, c.table()));
    return tables;
  }

  /** Per-image exact metrics, by method name. */
  public Map<String, BinaryMetrics> metrics() {
    return metrics;
  }

  public StageTimes times() {
    return times;
  }

  public String errorStage() {
    return errorStage;
  }

  public String errorReason() {
    return errorReason;
  }
}
