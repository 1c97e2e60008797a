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

  /** How the levels reach the clustering grid: its stride or {@code label}, and the upsampling. */
  public static final String FEATURES = "features";

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

  /**
   * The images a row is computed on: {@code all} (every image of its benchmark), or a validation or
   * held-out split of {@code sweep.select-on}, named with its settings.
   */
  public static final String SPLIT = "split";

  /** The 95 % bootstrap interval of a held-out row (null on other rows). */
  public static final String AP_LOW = "ap_low";

  public static final String AP_HIGH = "ap_high";
  public static final String FPR95_LOW = "fpr95_low";
  public static final String FPR95_HIGH = "fpr95_high";

  /**
   * On a held-out row, the chosen configuration's binned figures on its validation images: their
   * split label, the configuration's key there (another benchmark's key when selected on one), the
   * images and AP, FPR95, AUROC under the row's protocol (null on other rows).
   */
  public static final String VALIDATION_SPLIT = "validation_split";

  public static final String VALIDATION_KEY = "validation_key";
  public static final String VALIDATION_IMAGES = "validation_images";
  public static final String VALIDATION_AP = "validation_ap";
  public static final String VALIDATION_FPR95 = "validation_fpr95";
  public static final String VALIDATION_AUROC = "validation_auroc";

  /** The {@link #SPLIT} of rows over every image of their benchmark. */
  public static final String ALL = "all";

  /** The method parameters, in table order: what a heatmap axis may use. */
  public static final List<String> PARAMETERS =
      List.of(K, LEVELS, FEATURES, CONFIDENCE, STATISTIC, THRESHOLD_MODE, THRESHOLD, SCORE_MODE);

  /** The default heatmap rows. */
  public static final String DEFAULT_ROWS = K;

  /** The default heatmap columns. */
  public static final String DEFAULT_COLUMNS = THRESHOLD;

  private SweepColumns() {}
}
