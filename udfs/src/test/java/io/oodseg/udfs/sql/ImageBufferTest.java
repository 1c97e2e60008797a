package io.oodseg.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.oodseg.udfs.metrics.CountsCodec;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ImageBuffer} (counting, flushing, serialization) and {@link CountsCodec}. */
class ImageBufferTest {

  @Test
  void countsEveryImageAcrossFlushesMergesAndSerialization() throws Exception {
    Random rnd = new Random(1);
    int n = ImageBuffer.FLUSH_AT + 12_345; // one flush on the way
    double[] scores = new double[n];
    byte[] labels = new byte[n];
    ImageBuffer a = new ImageBuffer();
    ImageBuffer b = new ImageBuffer();
    for (int i = 0; i < n; i++) {
      scores[i] = (float) rnd.nextGaussian();
      labels[i] = (byte) (i % 50 == 0 ? 1 : i % 97 == 0 ? 255 : 0);
      (i % 3 == 0 ? b : a).addPixel("img", scores[i], labels[i] & 0xFF, 1, 255);
    }
    b.addPixel("other", 0.5, 1, 1, 255);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(b);
    }
    ImageBuffer back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ImageBuffer) in.readObject();
    }
    back.addPixel("other", 0.25, 0, 1, 255); // still usable after reading
    List<ScoreCounts> images = a.mergeWith(back).perImage();
    assertThat(images).hasSize(2);
    assertThat(images.get(0)).isEqualTo(ScoreCounts.fromPixels(scores, labels, 1, 255));
    assertThat(images.get(1))
        .isEqualTo(ScoreCounts.fromPixels(new double[] {0.5, 0.25}, new byte[] {1, 0}, 1, 255));
  }

  @Test
  void nanAndNullScoresNameTheImage() {
    ImageBuffer buffer = new ImageBuffer();
    buffer.addPixel("a", Double.NaN, 255, 1, 255); // void: fine
    buffer.addPixel("a", 0.2, null, 1, 255); // no label: void
    assertThatThrownBy(() -> buffer.addPixel("cam3/0001", null, 1, 1, 255))
        .hasMessageContaining("null score")
        .hasMessageContaining("cam3/0001");
    assertThatThrownBy(() -> buffer.addPixel("x", Double.NaN, 0, 1, 255))
        .hasMessage("NaN score of a non-void pixel (label 0) in image x");
  }

  @Test
  void codecRoundTripsAndRejectsGarbage() {
    ScoreCounts c =
        ScoreCounts.fromSortedDescending(
            new double[] {3.5, 0.1f, -2}, new long[] {1, 0, 7}, new long[] {0, 1, 1L << 40});
    byte[] bytes = CountsCodec.encode(c);
    assertThat(CountsCodec.decode(bytes)).isEqualTo(c);
    assertThat(CountsCodec.decode(CountsCodec.encode(ScoreCounts.empty())))
        .isEqualTo(ScoreCounts.empty());
    assertThatThrownBy(() -> CountsCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CountsCodec.decode(new byte[] {7, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
