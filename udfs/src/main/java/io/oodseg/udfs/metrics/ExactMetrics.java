package io.oodseg.udfs.metrics;

import java.util.List;

/**
 * Exact AP, FPR95 and AUROC of one {@link ScoreCounts} table, computed locally in a single sweep
 * where every distinct score is one threshold (ties form one threshold).
 */
public final class ExactMetrics {
  private ExactMetrics() {}

  /**
   * Computes the metrics of {@code counts}.
   *
   * <ul>
   *   <li>AP as scikit-learn {@code average_precision_score}: {@code sum_n (R_n - R_{n-1}) P_n};
   *   <li>FPR95: FPR at the first (highest) threshold with TPR &ge; 0.95, which is the lowest such
   *       FPR;
   *   <li>AUROC: trapezoid over the ROC points from (0,0) to (1,1), as {@code roc_auc_score}.
   * </ul>
   */
  public static BinaryMetrics compute(ScoreCounts counts) {
    long p = counts.totalPositives();
    long n = counts.totalNegatives();
    return CurveSweep.finish(List.of(CurveSweep.sweep(counts, 0, 0, p, n)), p, n);
  }
}
