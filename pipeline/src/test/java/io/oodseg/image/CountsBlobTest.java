package io.oodseg.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.oodseg.udfs.metrics.CompactCounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CountsBlob} gives back, after serialization, the counts it was made of, in order. */
class CountsBlobTest {

  private static CompactCounts randomCounts(Random rnd, int pixels, double raisedOffset) {
    int positives = pixels / 5;
    int[] pos = new int[positives];
    int[] neg = new int[pixels - positives];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = CompactCounts.key((float) rnd.nextGaussian());
    }
    for (int i = 0; i < neg.length; i++) {
      neg[i] = CompactCounts.key((float) rnd.nextGaussian() - 1);
    }
    int raised = raisedOffset == 0 ? 0 : 3;
    return CompactCounts.sortKeys(pos, pos.length - raised, neg, neg.length - raised, raisedOffset);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void serializedBlobDecodesToTheSameCountsInMethodOrder() throws Exception {
    Random rnd = new Random(3);
    Map<String, CompactCounts> counts = new LinkedHashMap<>();
    counts.put("clusters_fused", randomCounts(rnd, 5000, 1 << 20));
    counts.put("max_logit", randomCounts(rnd, 5000, 0));
    counts.put("energy", randomCounts(rnd, 17, 0));
    CountsBlob blob = CountsBlob.of(counts);
    assertThat(blob.get()).isEqualTo(counts); // the executor's map, as made
    CountsBlob back = roundTrip(blob);
    assertThat(back.size()).isEqualTo(blob.size()).isGreaterThan(2 * 5000);
    assertThat(List.copyOf(back.get().keySet()))
        .containsExactly("clusters_fused", "max_logit", "energy");
    counts.forEach(
        (method, c) -> {
          assertThat(back.get().get(method).table()).as(method).isEqualTo(c.table());
          assertThat(back.get().get(method).metrics()).as(method).isEqualTo(c.metrics());
        });
    assertThat(back.get()).isSameAs(back.get()); // decoded once
  }

  @Test
  void noCountsMakeAnEmptyBlob() throws Exception {
    CountsBlob empty = roundTrip(CountsBlob.of(Map.of()));
    assertThat(empty.size()).isZero();
    assertThat(empty.get()).isEmpty();
  }
}
