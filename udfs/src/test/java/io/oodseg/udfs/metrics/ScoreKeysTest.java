package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ScoreKeys} sorts as {@link Arrays#sort(double[])} does, bit for bit. */
class ScoreKeysTest {

  private static void assertSortsLikeArraysSort(double[] scores) {
    ScoreKeys keys = new ScoreKeys(4);
    for (double s : scores) {
      keys.add(s);
    }
    keys.sort();
    double[] expected = scores.clone();
    Arrays.sort(expected);
    double[] actual = new double[keys.size()];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = keys.score(i);
    }
    // Arrays.equals on double[] compares bit patterns: -0.0 must come before 0.0
    assertThat(Arrays.equals(actual, expected)).as("sorted like Arrays.sort").isTrue();
  }

  @Test
  void radixSortsFloatScoresOfEverySign() {
    Random rnd = new Random(1);
    for (int n : new int[] {0, 1, 5, 1023, 1024, 5000, 100_000}) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
      }
      assertSortsLikeArraysSort(s);
    }
  }

  @Test
  void radixSortsDoubleScoresFusedAndWide() {
    Random rnd = new Random(3);
    for (int n : new int[] {2, 7, 1024, 50_000}) {
      double[] fused = new double[n];
      double[] wide = new double[n];
      for (int i = 0; i < n; i++) {
        float confidence = (float) (rnd.nextGaussian() * 4);
        fused[i] = (rnd.nextInt(5) == 0 ? 1048576.0 : 0.0) - confidence;
        wide[i] =
            rnd.nextGaussian() * Math.pow(10, rnd.nextInt(600) - 300) * (i % 97 == 0 ? 0.0 : 1.0);
      }
      wide[0] = -0.0;
      wide[n - 1] = Double.NEGATIVE_INFINITY;
      assertSortsLikeArraysSort(fused);
      assertSortsLikeArraysSort(wide);
    }
  }

  @Test
  void narrowRangesTiesZerosAndInfinities() {
    Random rnd = new Random(2);
    double[] s = new double[20_000];
    double[] special = {
      0.0,
      -0.0,
      Float.MIN_VALUE,
      -Float.MIN_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Float.MAX_VALUE
    };
    for (int i = 0; i < s.length; i++) {
      s[i] =
          i % 10 == 0
              ? special[rnd.nextInt(special.length)]
              : (float) (0.4 + 0.01 * rnd.nextInt(50) + 1e-5 * rnd.nextInt(3));
    }
    assertSortsLikeArraysSort(s);
    double[] equal = new double[3000];
    Arrays.fill(equal, 0.75);
    assertSortsLikeArraysSort(equal);
  }

  @Test
  void floatKeysRoundTripAndMixWithDoubles() {
    Random rnd = new Random(4);
    ScoreKeys keys = new ScoreKeys(0);
    double[] expected = new double[3000];
    for (int i = 0; i < expected.length; i++) {
      float f = (float) rnd.nextGaussian();
      assertThat(ScoreKeys.floatScore(ScoreKeys.floatKey(f))).isEqualTo(f);
      expected[i] = i == 1500 ? 1e-300 : f; // from there on the column holds double keys
      if (i == 1500) {
        keys.add(expected[i]);
      } else {
        keys.addFloatKey(ScoreKeys.floatKey(f));
      }
    }
    keys.sort();
    Arrays.sort(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(keys.score(i)).isEqualTo(expected[i]);
    }
  }

  @Test
  void aNonFloatScoreSwitchesToExactDoubleKeys() {
    Random rnd = new Random(3);
    for (int n : new int[] {10, 3000}) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = (float) rnd.nextGaussian();
      }
      s[n / 2] = 0.1; // not a float
      s[n - 1] = Math.nextUp(s[0]); // differs from s[0] in the last double bit only
      assertSortsLikeArraysSort(s);
    }
  }
}
