package io.oodseg.report;

import java.util.List;

/**
 * The columns of a sweep's table {@code sweep.parquet}, named once for the sweep that writes it and
 * ranks its rows and for the report that reads it (here, since the report comes before the sweep in
 * the package order). The schema itself is {@code io.oodseg.sweep.SweepRows}.
 */
public final class SweepColumns {
  /** The sweep's table in its folder. */
  public static final String TABLE = "sweep.parquet";

  public static final String SWEEP_ID = "sweep_id";
  public static final String CONFIG_KEY = "config_key";
  public static final String BENCHMARK = "benchmark";
  public static final String MODEL = "model";
  public static final String PROTOCOL = "protocol";
  public static final String K = "k";
  public static final String LEVELS = "levels";
  public static final String CONFIDENCE = "confidence";
  public static final String STATISTIC = "statistic";
  public static final String THRESHOLD_MODE = "threshold_mode";
  public static final String THRESHOLD = "threshold";
  public static final String SCORE_MODE = "score_mode";
  public static final String AP = "ap";
  public static final String FPR95 = "fpr95";
  public static final String AUROC = "auroc";
  public static final String EXACT = "exact";
  public static final String IMAGES = "images";
  public static final String POSITIVES = "positives";
  public static final String NEGATIVES = "negatives";
  public static final String GROUP_KEY = "group_key";
  public static final String PARAMS = "params";

  /** The method parameters, in table order: what a heatmap axis may use. */
  public static final List<String> PARAMETERS =
      List.of(K, LEVELS, CONFIDENCE, STATISTIC, THRESHOLD_MODE, THRESHOLD, SCORE_MODE);

  /** The default heatmap rows. */
  public static final String DEFAULT_ROWS = K;

  /** The default heatmap columns. */
  public static final String DEFAULT_COLUMNS = THRESHOLD;

  private SweepColumns() {}
}
