package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep of one score range that feeds every {@link Protocol} at once: the step sums of {@link
 * CurveSweep} (AP, AUROC, first FPR at TPR &ge; 0.95), the {@link NearestTpr} FPR95 over the points
 * scikit-learn's {@code roc_curve} keeps with {@code drop_intermediate=True} (and over all points),
 * the {@link Fpr95Rules}, and optionally the {@link CurveSampler} points.
 *
 * <p>Whether a threshold is a corner of the ROC curve depends on the next threshold's counts, so
 * each threshold is decided one threshold late, and the last one of the range from the counts at
 * the next range's highest score ({@link RangeInfo#nextP}).
 */
final class ProtocolSweep implements RangeSweepEngine.Sweeper<ProtocolSweep.Partial> {
  private final RangeInfo range;
  private final CurveSweep.Running step;
  private final NearestTpr kept;
  private final NearestTpr all;
  private final Fpr95Rules rules;
  private final CurveSampler sampler;
  private boolean pending;
  private boolean pendingFirst;
  private long pendingTp;
  private long pendingFp;
  private long pendingDtp;
  private long pendingDfp;

  /** A sweep of {@code range}; {@code curvePoints} 0 picks no curve points, else at least 3. */
  ProtocolSweep(RangeInfo range, int curvePoints) {
    this.range = range;
    this.step = new CurveSweep.Running(range.tpBefore, range.fpBefore, range.totalP, range.totalN);
    this.kept = new NearestTpr(step.tpAtTarget());
    this.all = new NearestTpr(step.tpAtTarget());
    this.rules = new Fpr95Rules(range.totalP);
    this.sampler =
        curvePoints == 0
            ? null
            : new CurveSampler(
                curvePoints, range.tpBefore, range.fpBefore, range.totalP, range.totalN);
  }

  /** The factory of sweeps picking {@code curvePoints} points (0: none). */
  static RangeSweepEngine.Factory<Partial> factory(int curvePoints) {
    return range -> new ProtocolSweep(range, curvePoints);
  }

  /** Sweeps a whole table locally. */
  static Curve sweepAll(ScoreCounts table, int curvePoints) {
    RangeInfo whole = RangeInfo.whole(table);
    ProtocolSweep sweep = new ProtocolSweep(whole, curvePoints);
    for (int i = 0; i < table.size(); i++) {
      sweep.accept(table.score(i), table.positives(i), table.negatives(i));
    }
    return combine(List.of(sweep.finish()), whole.totalP, whole.totalN);
  }

  @Override
  public void accept(double score, long dtp, long dfp) {
    long tpPrev = step.truePositives();
    long fpPrev = step.falsePositives();
    step.accept(score, dtp, dfp);
    long tp = tpPrev + dtp;
    long fp = fpPrev + dfp;
    all.accept(tp, fp);
    rules.accept(tp, fp);
    if (pending) {
      resolve(pendingDtp != dtp || pendingDfp != dfp);
    }
    pending = true;
    pendingFirst = tpPrev == 0 && fpPrev == 0;
    pendingTp = tp;
    pendingFp = fp;
    pendingDtp = dtp;
    pendingDfp = dfp;
    if (sampler != null) {
      sampler.accept(score, tp, fp, pendingFirst);
    }
  }

  /** Decides the pending threshold: kept if a corner (counts change next) or the first. */
  private void resolve(boolean corner) {
    if (corner || pendingFirst) {
      kept.accept(pendingTp, pendingFp);
      rules.acceptKept(pendingTp, pendingFp);
    }
    pending = false;
  }

  @Override
  public long truePositives() {
    return step.truePositives();
  }

  @Override
  public long falsePositives() {
    return step.falsePositives();
  }

  @Override
  public Partial finish() {
    if (pending) {
      resolve(!range.hasNext || range.nextP != pendingDtp || range.nextN != pendingDfp);
    }
    return new Partial(
        step.finish(), kept, all, rules, sampler == null ? List.of() : sampler.points());
  }

  /** What one range contributes. */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    final CurveSweep.Partial step;
    final NearestTpr kept;
    final NearestTpr all;
    final Fpr95Rules rules;
    final List<CurvePoint> points;

    Partial(
        CurveSweep.Partial step,
        NearestTpr kept,
        NearestTpr all,
        Fpr95Rules rules,
        List<CurvePoint> points) {
      this.step = step;
      this.kept = kept;
      this.all = all;
      this.rules = rules;
      this.points = new ArrayList<>(points);
    }
  }

  /** The values of one whole curve, from its partials. */
  static final class Curve {
    /** {@link Protocol#EXACT} metrics of the curve. */
    final BinaryMetrics step;

    /** {@code fpr[argmin |tpr - 0.95|]} with scikit-learn's {@code drop_intermediate=True}. */
    final Double nearestFpr95;

    /** The same over every threshold ({@code drop_intermediate=False}). */
    final Double nearestFpr95AllPoints;

    /** {@link Fpr95Rules#firstAbove} ({@link Protocol#FPR95_GT}). */
    final Double firstAboveFpr95;

    /** {@link Fpr95Rules#interpolated} ({@link Protocol#FPR95_INTERP}). */
    final Double interpolatedFpr95;

    /** {@link Fpr95Rules#nearestReversed} ({@link Protocol#FPR95_NEAREST}). */
    final Double nearestReversedFpr95;

    /** The sampled points, in sweep order. */
    final List<CurvePoint> points;

    private Curve(
        BinaryMetrics step,
        Double nearestFpr95,
        Double nearestFpr95AllPoints,
        List<Fpr95Rules> rules,
        List<CurvePoint> points) {
      this.step = step;
      this.nearestFpr95 = nearestFpr95;
      this.nearestFpr95AllPoints = nearestFpr95AllPoints;
      long p = step.positives();
      long n = step.negatives();
      this.firstAboveFpr95 = Fpr95Rules.firstAbove(rules, p, n);
      this.interpolatedFpr95 = Fpr95Rules.interpolated(rules, p, n);
      this.nearestReversedFpr95 = Fpr95Rules.nearestReversed(rules, p, n);
      this.points = points;
    }

    /** The curve's metrics with {@code fpr95} in place of its FPR95. */
    BinaryMetrics withFpr95(Double fpr95) {
      return new BinaryMetrics(
          step.ap(), fpr95, step.auroc(), step.positives(), step.negatives(), step.thresholds());
    }
  }

  /** Combines the partials of a key given in sweep order (sums taken in that order). */
  static Curve combine(List<Partial> inSweepOrder, long totalP, long totalN) {
    List<CurveSweep.Partial> steps = new ArrayList<>();
    List<NearestTpr> kept = new ArrayList<>();
    List<NearestTpr> all = new ArrayList<>();
    List<Fpr95Rules> rules = new ArrayList<>();
    List<CurvePoint> points = new ArrayList<>();
    for (Partial p : inSweepOrder) {
      steps.add(p.step);
      kept.add(p.kept);
      all.add(p.all);
      rules.add(p.rules);
      points.addAll(p.points);
    }
    return new Curve(
        CurveSweep.finish(steps, totalP, totalN),
        NearestTpr.fpr95(kept, totalP, totalN),
        NearestTpr.fpr95(all, totalP, totalN),
        rules,
        List.copyOf(points));
  }
}
