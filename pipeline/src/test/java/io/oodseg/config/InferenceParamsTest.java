package io.oodseg.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InferenceParamsTest {
  private static InferenceParams partitions(int partitions) {
    return new InferenceParams(4, partitions, 0);
  }

  @Test
  void leftToTheJobThePartitionsFollowTheCoresUntilAPartitionWouldHoldMoreThan64Images() {
    assertThat(partitions(0).partitionsFor(40, 8)).isEqualTo(8);
    assertThat(partitions(0).partitionsFor(512, 8)).isEqualTo(8); // 64 images each
    assertThat(partitions(0).partitionsFor(513, 8)).isEqualTo(9);
    assertThat(partitions(0).partitionsFor(1000, 2)).isEqualTo(16); // ceil(1000 / 64)
    assertThat(partitions(0).partitionsFor(3, 8))
        .as("never more partitions than images")
        .isEqualTo(3);
    assertThat(partitions(0).partitionsFor(0, 8)).as("at least one partition").isEqualTo(1);
  }

  @Test
  void aConfiguredNumberIsKeptUpToTheNumberOfImages() {
    assertThat(partitions(5).partitionsFor(1000, 2)).isEqualTo(5);
    assertThat(partitions(5).partitionsFor(3, 2)).isEqualTo(3);
  }

  @Test
  void threadsDefaultToTheCoresOfATask() {
    assertThat(partitions(0).threadsFor(3)).isEqualTo(3);
    assertThat(new InferenceParams(4, 0, 2).threadsFor(3)).isEqualTo(2);
    assertThat(partitions(0).threadsFor(0)).isEqualTo(1);
  }
}
