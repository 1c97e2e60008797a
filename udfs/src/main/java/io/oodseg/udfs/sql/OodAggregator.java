package io.oodseg.udfs.sql;

import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.CountsCodec;
import io.oodseg.udfs.metrics.LocalMetrics;
import io.oodseg.udfs.metrics.MetricsOptions;
import io.oodseg.udfs.metrics.Protocol;
import io.oodseg.udfs.metrics.ProtocolMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The typed {@link Aggregator} behind every SQL function of {@link OodMetrics}: it reads either
 * pixel rows {@code (image_id, score, label[, argument])} or per-image counts rows {@code (counts[,
 * argument])}, keeps them per image ({@link ImageBuffer}), and finishes with one {@link Output}.
 * All pooling is exact ({@link LocalMetrics} on the group's images).
 */
final class OodAggregator<O> extends Aggregator<Row, ImageBuffer, O> {
  private static final long serialVersionUID = 1L;

  /** What the aggregate returns, with its encoder. */
  interface Output<O> extends Serializable {
    O finish(ImageBuffer buffer);

    Encoder<O> encoder();
  }

  private final boolean pixelRows;
  private final int positiveValue;
  private final int voidValue;
  private final Output<O> output;

  /**
   * An aggregator of pixel rows ({@code pixelRows}) or counts rows, with labels {@code
   * positiveValue} positive and {@code voidValue} ignored.
   */
  OodAggregator(boolean pixelRows, int positiveValue, int voidValue, Output<O> output) {
    this.pixelRows = pixelRows;
    this.positiveValue = positiveValue;
    this.voidValue = voidValue;
    this.output = output;
  }

  @Override
  public ImageBuffer zero() {
    return new ImageBuffer();
  }

  @Override
  public ImageBuffer reduce(ImageBuffer buffer, Row row) {
    int extra = pixelRows ? 3 : 1;
    if (pixelRows) {
      buffer.addPixel(
          row.isNullAt(0) ? null : row.getString(0),
          row.isNullAt(1) ? null : row.getDouble(1),
          row.isNullAt(2) ? null : row.getInt(2),
          positiveValue,
          voidValue);
    } else if (!row.isNullAt(0)) {
      buffer.addTable(CountsCodec.decode((byte[]) row.get(0)));
    }
    if (row.size() > extra && !row.isNullAt(extra)) {
      buffer.argument(row.get(extra));
    }
    return buffer;
  }

  @Override
  public ImageBuffer merge(ImageBuffer a, ImageBuffer b) {
    return a.mergeWith(b);
  }

  @Override
  public O finish(ImageBuffer buffer) {
    return output.finish(buffer);
  }

  @Override
  public Encoder<ImageBuffer> bufferEncoder() {
    return Encoders.javaSerialization(ImageBuffer.class);
  }

  @Override
  public Encoder<O> outputEncoder() {
    return output.encoder();
  }

  /** The merged counts of the group, as bytes. */
  static Output<byte[]> counts() {
    return output(b -> CountsCodec.encode(merged(b.perImage())), Encoders.BINARY());
  }

  /** Every protocol, as {@link MetricsRows#METRICS}. */
  static Output<Row> metrics() {
    return output(
        b -> MetricsRows.metrics(compute(b, MetricsOptions.defaults())),
        Encoders.row(MetricsRows.METRICS));
  }

  /** One metric of the protocol named by the argument ({@code exact} if none). */
  static Output<Double> metric(Metric pick) {
    return output(
        b -> {
          Protocol p = b.argument() == null ? Protocol.EXACT : Protocol.of(b.argument().toString());
          return pick.of(compute(b, MetricsOptions.defaults().withProtocols(EnumSet.of(p))).get(p));
        },
        Encoders.DOUBLE());
  }

  /** The curve, with at most the argument's number of points (101 if none). */
  static Output<Row> curve() {
    return output(
        b -> {
          int points = b.argument() == null ? 101 : ((Number) b.argument()).intValue();
          return MetricsRows.curve(
              compute(
                  b,
                  MetricsOptions.defaults()
                      .withProtocols(EnumSet.of(Protocol.EXACT))
                      .withCurvePoints(points)));
        },
        Encoders.row(MetricsRows.CURVE));
  }

  private static ProtocolMetrics compute(ImageBuffer buffer, MetricsOptions options) {
    List<ScoreCounts> images = buffer.perImage();
    return LocalMetrics.compute(images, options);
  }

  private static ScoreCounts merged(List<ScoreCounts> images) {
    return images.isEmpty() ? ScoreCounts.empty() : ScoreCounts.mergeAll(images);
  }

  /** A serializable metric accessor, e.g. {@code BinaryMetrics::ap}. */
  interface Metric extends Serializable {
    Double of(BinaryMetrics m);
  }

  /** A serializable finishing function. */
  private interface Finisher<O> extends Serializable {
    O finish(ImageBuffer buffer);
  }

  private static <O> Output<O> output(Finisher<O> finisher, Encoder<O> encoder) {
    return new Output<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public O finish(ImageBuffer buffer) {
        return finisher.finish(buffer);
      }

      @Override
      public Encoder<O> encoder() {
        return encoder;
      }
    };
  }
}
