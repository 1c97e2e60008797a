package io.oodseg.udfs.metrics;

import java.io.Serializable;

/**
 * One point of the pooled exact curve: pixels scoring &ge; {@code threshold} are predicted OoD.
 * {@code recall} equals {@code tpr}; both are kept so that a curves table reads as a PR and as a
 * ROC curve. A rate whose denominator is 0 (no positive, or no negative pixel) is NaN.
 *
 * @param threshold the score (a distinct score of the data)
 * @param tpr true-positive rate {@code TP / P}
 * @param fpr false-positive rate {@code FP / N}
 * @param precision {@code TP / (TP + FP)}
 * @param recall {@code TP / P}
 */
public record CurvePoint(double threshold, double tpr, double fpr, double precision, double recall)
    implements Serializable {

  /** The point of a threshold with {@code tp} and {@code fp} pixels at or above it. */
  static CurvePoint of(double threshold, long tp, long fp, long totalP, long totalN) {
    double tpr = totalP > 0 ? (double) tp / (double) totalP : Double.NaN;
    return new CurvePoint(
        threshold,
        tpr,
        totalN > 0 ? (double) fp / (double) totalN : Double.NaN,
        (double) tp / (double) (tp + fp),
        tpr);
  }
}
