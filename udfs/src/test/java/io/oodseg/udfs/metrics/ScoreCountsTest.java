package io.oodseg.udfs.metrics;

import static io.oodseg.udfs.metrics.TestData.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCountsTest {

  @Test
  void fromPixelsCountsPerDistinctScoreDescending() {
    ScoreCounts c =
        counts(new double[] {0.5, 0.2, 0.5, -0.0, 0.0, 0.2, 0.7}, 1, 0, 0, 1, 0, 1, 255);
    assertThat(c.scoresArray()).containsExactly(0.5, 0.2, 0.0); // -0.0 folded into 0.0
    assertThat(c.positivesArray()).containsExactly(1, 1, 1);
    assertThat(c.negativesArray()).containsExactly(1, 1, 1);
    assertThat(c.totalPositives()).isEqualTo(3);
    assertThat(c.totalNegatives()).isEqualTo(3);
    assertThat(Double.doubleToRawLongBits(c.score(2))).isEqualTo(0L);
  }

  @Test
  void fromPixelsRejectsBadInput() {
    assertThatThrownBy(() -> counts(new double[] {0.1, 0.2}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length");
    assertThatThrownBy(() -> ScoreCounts.fromPixels(new double[] {0.1}, new byte[1], 3, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void floatPixelsCountLikeTheirDoubleWidening() {
    Random rnd = new Random(7);
    int n = 20_000;
    float[] f = new float[n];
    double[] d = new double[n];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      f[i] = i % 11 == 0 ? -0.0f : (float) Math.round(rnd.nextGaussian() * 1000) / 64f;
      d[i] = f[i];
      labels[i] = (byte) (i % 13 == 0 ? 255 : i % 5 == 0 ? 1 : 0);
    }
    ScoreCounts fromFloats = ScoreCounts.fromPixels(f, labels, 1, 255);
    assertThat(fromFloats).isEqualTo(ScoreCounts.fromPixels(d, labels, 1, 255));
    assertThat(fromFloats.size()).isLessThan(n / 2); // ties were counted together
    f[3] = Float.NaN;
    assertThatThrownBy(() -> ScoreCounts.fromPixels(f, labels, 1, 255))
        .hasMessageContaining("NaN score at pixel index 3");
    labels[3] = (byte) 255; // a NaN on a void pixel is ignored
    assertThat(ScoreCounts.fromPixels(f, labels, 1, 255).totalPositives())
        .isEqualTo(fromFloats.totalPositives());
  }

  @Test
  void fromSortedDescendingValidates() {
    long[] one = {1, 1};
    assertThat(ScoreCounts.fromSortedDescending(new double[] {2, 1}, one, new long[] {0, 3}).size())
        .isEqualTo(2);
    assertThatThrownBy(() -> ScoreCounts.fromSortedDescending(new double[] {1, 2}, one, one))
        .hasMessageContaining("strictly descending at index 1");
    assertThatThrownBy(() -> ScoreCounts.fromSortedDescending(new double[] {1, 1}, one, one))
        .hasMessageContaining("strictly descending at index 1");
    assertThatThrownBy(
            () -> ScoreCounts.fromSortedDescending(new double[] {1}, one, new long[] {1}))
        .hasMessageContaining("lengths differ");
    assertThatThrownBy(
            () ->
                ScoreCounts.fromSortedDescending(
                    new double[] {Double.NaN}, new long[] {1}, new long[] {1}))
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> ScoreCounts.fromSortedDescending(new double[] {2, 1}, one, new long[] {0, -1}))
        .hasMessageContaining("negative count at index 1");
    assertThatThrownBy(
            () ->
                ScoreCounts.fromSortedDescending(
                    new double[] {2, 1}, new long[] {1, 0}, new long[] {0, 0}))
        .hasMessageContaining("no pixel at index 1");
  }

  @Test
  void mergeSumsEqualScores() {
    ScoreCounts a = counts(new double[] {0.9, 0.5, 0.1}, 1, 0, 0);
    ScoreCounts b = counts(new double[] {0.7, 0.5, 0.0}, 0, 1, 1);
    ScoreCounts m = ScoreCounts.merge(a, b);
    assertThat(m.scoresArray()).containsExactly(0.9, 0.7, 0.5, 0.1, 0.0);
    assertThat(m.positivesArray()).containsExactly(1, 0, 1, 0, 1);
    assertThat(m.negativesArray()).containsExactly(0, 1, 1, 1, 0);
    assertThat(ScoreCounts.merge(a, ScoreCounts.empty())).isEqualTo(a);
  }

  @Test
  void mergeIsAssociativeAndCommutative() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      ScoreCounts a = TestData.randomImage(rnd, 1 + rnd.nextInt(300), 1 + rnd.nextInt(20), 0.3);
      ScoreCounts b = TestData.randomImage(rnd, 1 + rnd.nextInt(300), 1 + rnd.nextInt(20), 0.3);
      ScoreCounts c = TestData.randomImage(rnd, 1 + rnd.nextInt(300), 0, 0.3);
      assertThat(ScoreCounts.merge(a, b)).isEqualTo(ScoreCounts.merge(b, a));
      assertThat(ScoreCounts.merge(ScoreCounts.merge(a, b), c))
          .isEqualTo(ScoreCounts.merge(a, ScoreCounts.merge(b, c)));
      assertThat(ScoreCounts.mergeAll(List.of(c, a, b)))
          .isEqualTo(ScoreCounts.merge(ScoreCounts.merge(a, b), c));
    }
  }

  @Test
  void fromPixelsOfConcatenationEqualsMergeAllOfImages() {
    Random rnd = new Random(11);
    List<ScoreCounts> parts = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    List<byte[]> labels = new ArrayList<>();
    int total = 0;
    for (int img = 0; img < 9; img++) {
      int n = img == 4 ? 0 : 1 + rnd.nextInt(500);
      double[] s = new double[n];
      byte[] l = new byte[n];
      for (int i = 0; i < n; i++) {
        s[i] = Math.round(rnd.nextDouble() * 50) / 50.0;
        l[i] = (byte) (rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(4) == 0 ? 1 : 0);
      }
      scores.add(s);
      labels.add(l);
      parts.add(ScoreCounts.fromPixels(s, l, 1, 255));
      total += n;
    }
    double[] allScores = new double[total];
    byte[] allLabels = new byte[total];
    int at = 0;
    for (int img = 0; img < scores.size(); img++) {
      System.arraycopy(scores.get(img), 0, allScores, at, scores.get(img).length);
      System.arraycopy(labels.get(img), 0, allLabels, at, labels.get(img).length);
      at += scores.get(img).length;
    }
    ScoreCounts pooled = ScoreCounts.fromPixels(allScores, allLabels, 1, 255);
    assertThat(ScoreCounts.mergeAll(parts)).isEqualTo(pooled);
    assertThat(pooled.size()).isGreaterThan(40);
  }

  @Test
  void mergeAllOfNothingIsEmpty() {
    assertThat(ScoreCounts.mergeAll(List.of())).isEqualTo(ScoreCounts.empty());
    assertThat(ScoreCounts.mergeAll(List.of(ScoreCounts.empty(), ScoreCounts.empty())).size())
        .isZero();
  }

  @Test
  void sliceAndBoundarySearch() {
    ScoreCounts c = counts(new double[] {0.1, 0.9, 0.5}, 0, 1, 1);
    assertThat(c.indexOfFirstBelowOrEqual(1.0)).isEqualTo(0);
    assertThat(c.indexOfFirstBelowOrEqual(0.9)).isEqualTo(0);
    assertThat(c.indexOfFirstBelowOrEqual(0.5)).isEqualTo(1);
    assertThat(c.indexOfFirstBelowOrEqual(0.3)).isEqualTo(2);
    assertThat(c.indexOfFirstBelowOrEqual(0.0)).isEqualTo(3);
    ScoreCounts s = c.slice(1, 3);
    assertThat(s.scoresArray()).containsExactly(0.5, 0.1);
    assertThat(s.totalPositives()).isEqualTo(1);
    assertThat(s.totalNegatives()).isEqualTo(1);
    assertThat(ScoreCounts.merge(c.slice(0, 1), s)).isEqualTo(c);
    assertThatThrownBy(() -> c.slice(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void millionPixelsAreCounted() {
    Random rnd = new Random(3);
    int n = 1_000_000;
    double[] s = new double[n];
    byte[] l = new byte[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextDouble();
      l[i] = (byte) (i % 100 == 0 ? 1 : i % 37 == 0 ? 255 : 0);
      kept += l[i] == (byte) 255 ? 0 : 1;
    }
    ScoreCounts c = ScoreCounts.fromPixels(s, l, 1, 255);
    assertThat(c.totalPositives() + c.totalNegatives()).isEqualTo(kept);
    assertThat(c.totalPositives()).isEqualTo(n / 100);
  }
}
