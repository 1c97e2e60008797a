package io.oodseg.udfs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ExactMetrics} against scikit-learn ({@code make_exact_reference.py}). */
class ExactReferenceTest {
  @Test
  void matchesScikitLearn() {
    for (TestData.Case c : TestData.referenceCases()) {
      BinaryMetrics actual = ExactMetrics.compute(ScoreCounts.mergeAll(c.images()));
      assertThat(actual.ap()).as(c.name()).isNotNull();
      TestData.assertClose(c.name(), actual, c.expected(), 1e-9);
    }
  }
}
