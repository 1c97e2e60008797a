package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.TestData.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LocalMetrics}: every protocol against the Python reference, and the edge cases. */
class LocalMetricsTest {
  private static final EnumSet<Protocol> ALL = EnumSet.allOf(Protocol.class);

  @Test
  void everyProtocolMatchesTheReference() {
    for (TestData.Case c : TestData.referenceCases()) {
      ProtocolMetrics m = LocalMetrics.compute(c.images(), MetricsOptions.defaults());
      TestData.assertProtocols(c.name(), m, c, 1e-9);
      assertThat(m.warnings()).as(c.name()).isEmpty();
    }
  }

  @Test
  void dropIntermediateChangesAdeOodOnlyWhereTheCurveIsCollinear() {
    TestData.Case c =
        TestData.referenceCases().stream()
            .filter(k -> k.name().equals("collinear_roc"))
            .findFirst()
            .orElseThrow();
    ProtocolMetrics m = LocalMetrics.compute(c.images(), MetricsOptions.defaults());
    // TPR 0.90 (FPR 0) and 1.0 are kept, the run between them is dropped; 0.9 is (just) closer
    assertThat(m.get(Protocol.ADE_OOD).fpr95()).isEqualTo(0.0);
    assertThat(m.adeOodFpr95AllPoints()).isCloseTo(5.0 / 210.0, within(1e-15));
    assertThat(m.get(Protocol.EXACT).fpr95()).isCloseTo(5.0 / 210.0, within(1e-15));
  }

  /** Metrics of one table under every protocol. */
  private static ProtocolMetrics of(ScoreCounts... images) {
    return LocalMetrics.compute(List.of(images), MetricsOptions.defaults());
  }

  private static void assertAll(
      ProtocolMetrics m, Protocol p, Double ap, Double fpr95, Double auroc) {
    TestData.assertClose(p + " ap", m.get(p).ap(), ap, 1e-15);
    TestData.assertClose(p + " fpr95", m.get(p).fpr95(), fpr95, 1e-15);
    TestData.assertClose(p + " auroc", m.get(p).auroc(), auroc, 1e-15);
  }

  @Test
  void allScoresEqual() {
    // one threshold with P=1, N=3: step AP = precision = 1/4; ROC (0,0)->(1,1)
    // (smiyc merges the two images' equal top bins, see Protocol.SMIYC)
    ProtocolMetrics m =
        of(counts(new double[] {0.3, 0.3}, 0, 1), counts(new double[] {0.3, 0.3}, 0, 0));
    for (Protocol p : ALL) {
      // np.interp(0.95, [0, 1], [0, 1]) = 0.95; every other rule takes the point (1, 1)
      assertAll(m, p, 0.25, p == Protocol.FPR95_INTERP ? 0.95 : 1.0, 0.5);
    }
    assertThat(m.get(Protocol.SMIYC).thresholds()).isEqualTo(1);
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void noPositivePixelGivesNullsAndAWarning() {
    ProtocolMetrics m = of(counts(new double[] {0.9, 0.1, 0.4}, 0, 0, 255));
    for (Protocol p : ALL) {
      assertAll(m, p, null, null, null);
      assertThat(m.get(p).negatives()).isEqualTo(2);
    }
    assertThat(m.warnings()).singleElement().asString().contains("no positive");
  }

  @Test
  void noNegativePixelHasAnApButNoRocMetrics() {
    ProtocolMetrics m = of(counts(new double[] {0.9, 0.2, 0.2}, 1, 1, 1));
    for (Protocol p : ALL) {
      assertAll(m, p, 1.0, null, null); // precision is 1 everywhere
    }
    assertThat(m.warnings()).singleElement().asString().contains("no negative");
  }

  @Test
  void singlePixel() {
    ProtocolMetrics pos = of(counts(new double[] {0.4}, 1));
    ProtocolMetrics neg = of(counts(new double[] {0.4}, 0));
    for (Protocol p : ALL) {
      assertAll(pos, p, 1.0, null, null);
      assertAll(neg, p, null, null, null);
    }
    ProtocolMetrics none = of(ScoreCounts.empty());
    assertAll(none, Protocol.SMIYC, null, null, null);
    assertThat(none.positives() + none.negatives()).isZero();
  }

  @Test
  void smiycKeepsAtMost768BinsPerImageAndEveryPixel() {
    ScoreCounts image = TestData.randomImage(new Random(3), 30_000, 0, 0.2);
    ScoreCounts binned = SmiycBinning.bin(image);
    assertThat(binned.size()).isBetween(700, SmiycBinning.NUM_BINS);
    assertThat(binned.totalPositives()).isEqualTo(image.totalPositives());
    assertThat(binned.totalNegatives()).isEqualTo(image.totalNegatives());
  }

  @Test
  void curvePointsAreTheFirstThresholdsReachingEachLevel() {
    ScoreCounts table = TestData.randomImage(new Random(4), 5_000, 0, 0.1);
    int maxPoints = 41;
    List<CurvePoint> curve =
        LocalMetrics.compute(List.of(table), MetricsOptions.defaults().withCurvePoints(maxPoints))
            .curve();
    // independent pick: every threshold whose TP or FP crosses a multiple of total / 20
    List<CurvePoint> expected = new ArrayList<>();
    long tp = 0;
    long fp = 0;
    long p = table.totalPositives();
    long n = table.totalNegatives();
    for (int i = 0; i < table.size(); i++) {
      long tp0 = tp;
      long fp0 = fp;
      tp += table.positives(i);
      fp += table.negatives(i);
      if (i == 0 || tp * 20 / p > tp0 * 20 / p || fp * 20 / n > fp0 * 20 / n) {
        expected.add(CurvePoint.of(table.score(i), tp, fp, p, n));
      }
    }
    assertThat(curve).isEqualTo(expected).hasSizeLessThanOrEqualTo(maxPoints);
    assertThat(curve.get(curve.size() - 1).tpr()).isEqualTo(1.0);
    assertThat(curve.get(curve.size() - 1).fpr()).isEqualTo(1.0);
  }

  @Test
  void binnedDiffersFromExactWithinItsStatedBound() {
    for (TestData.Case c : TestData.referenceCases()) {
      ScoreCounts all = ScoreCounts.mergeAll(c.images());
      double[] range = BinnedCounts.finiteRange(all);
      for (int bins : new int[] {8, 100, 1024}) {
        BinnedComparison cmp = BinnedCounts.compare(all, range[0], range[1], bins);
        String what = c.name() + " @" + bins;
        assertThat(Math.abs(cmp.binned().ap() - cmp.exact().ap()))
            .as(what + " ap")
            .isLessThanOrEqualTo(cmp.apBound() + 1e-12);
        assertThat(Math.abs(cmp.binned().fpr95() - cmp.exact().fpr95()))
            .as(what + " fpr95")
            .isLessThanOrEqualTo(cmp.fpr95Bound() + 1e-12);
        assertThat(Math.abs(cmp.binned().auroc() - cmp.exact().auroc()))
            .as(what + " auroc")
            .isLessThanOrEqualTo(cmp.aurocBound() + 1e-12);
        assertThat(cmp.maxAbsDifference())
            .as(what)
            .isLessThanOrEqualTo(
                Math.max(cmp.apBound(), Math.max(cmp.fpr95Bound(), cmp.aurocBound())) + 1e-12);
      }
    }
  }

  @Test
  void binnedCountsMergeLikeTheirPixels() {
    Random rnd = new Random(6);
    List<ScoreCounts> images =
        List.of(
            TestData.randomImage(rnd, 800, 0, 0.2),
            TestData.randomImage(rnd, 300, 3, 0.2),
            TestData.randomImage(rnd, 50, 0, 0.5));
    BinnedCounts merged = new BinnedCounts(-2, 3, 50);
    for (ScoreCounts image : images) {
      merged.merge(new BinnedCounts(-2, 3, 50).add(image));
    }
    BinnedCounts direct = new BinnedCounts(-2, 3, 50).add(ScoreCounts.mergeAll(images));
    assertThat(merged.table()).isEqualTo(direct.table());
    assertThat(merged.metrics()).isEqualTo(direct.metrics());
  }

  @Test
  void bootstrapIsSeededAndIndependentOfImageOrder() {
    Random rnd = new Random(7);
    List<ScoreCounts> images = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      images.add(TestData.randomImage(rnd, 200 + rnd.nextInt(400), i % 3, 0.1));
    }
    images.add(images.get(0)); // a duplicate image counts twice
    MetricsOptions options = MetricsOptions.defaults().withBinned(256).withBootstrap(100, 42);
    ProtocolMetrics a = LocalMetrics.compute(images, options);
    List<ScoreCounts> shuffled = new ArrayList<>(images);
    Collections.shuffle(shuffled, new Random(1));
    ProtocolMetrics b = LocalMetrics.compute(shuffled, options);
    BootstrapInterval ia = a.bootstrap().orElseThrow();
    assertThat(ia.toString()).isEqualTo(b.bootstrap().orElseThrow().toString());
    assertThat(ia.apLow()).isLessThan(ia.apHigh());
    assertThat(ia.fpr95Low()).isLessThan(ia.fpr95High());
    double binnedAp = a.binned().orElseThrow().binned().ap();
    assertThat(binnedAp).isBetween(ia.apLow(), ia.apHigh());
    assertThat(ia.apDefined()).isEqualTo(100);
    BootstrapInterval other =
        LocalMetrics.compute(images, MetricsOptions.defaults().withBootstrap(100, 43))
            .bootstrap()
            .orElseThrow();
    assertThat(other.apLow()).isNotEqualTo(ia.apLow());
  }

  @Test
  void protocolNames() {
    assertThat(Protocol.of("ADE_OOD")).isEqualTo(Protocol.ADE_OOD);
    assertThat(Protocol.of(" smiyc ")).isEqualTo(Protocol.SMIYC);
    assertThat(Protocol.FISHYSCAPES.sqlName()).isEqualTo("fishyscapes");
  }
}
