package io.oodseg.score;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.KMeansParams;
import io.oodseg.config.MethodParams;
import io.oodseg.config.MetricsParams;
import io.oodseg.image.ImageOutcome;
import io.oodseg.image.StageTimes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The {@code mllib} engine's scoring pass: each row joins an image's cluster assignments with its
 * confidence maps and label; {@link ImageScorer} (the same code as the device engine's) turns it
 * into an {@link ImageOutcome}. Runs on the executor's CPU with one NDManager per image.
 */
public final class ScoringPartition implements FlatMapFunction<Iterator<Row>, ImageOutcome> {
  private static final long serialVersionUID = 1L;
  private final MethodParams method;
  private final MetricsParams metrics;
  private final KMeansParams kmeans;

  public ScoringPartition(MethodParams method, MetricsParams metrics) {
    this.method = method;
    this.kmeans = method.kmeans();
    this.metrics = metrics;
  }

  @Override
  public Iterator<ImageOutcome> call(Iterator<Row> rows) {
    ImageScorer scorer = new ImageScorer(method, metrics);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ImageOutcome next() {
        return score(scorer, rows.next());
      }
    };
  }

  private ImageOutcome score(ImageScorer scorer, Row row) {
    ImageRecord record =
        new ImageRecord(row.getAs("image_id"), row.getAs("image_uri"), row.getAs("label_uri"));
    StageTimes times = new StageTimes();
    times.add(StageTimes.DECODE, (long) ((double) row.getAs("ms_decode") * 1e6));
    times.add(StageTimes.INFERENCE, (long) ((double) row.getAs("ms_inference") * 1e6));
    times.add(StageTimes.CLUSTERING, (long) ((double) row.getAs("fit_ms") * 1e6));
    List<Row> cells = row.getList(row.fieldIndex("cells"));
    int[] assignments = new int[cells.size()];
    int clusters = 0;
    for (int i = 0; i < assignments.length; i++) {
      assignments[i] = cells.get(i).getInt(1);
      clusters = Math.max(clusters, assignments[i] + 1);
    }
    try (NDManager manager = io.oodseg.engine.Libtorch.newBaseManager(Device.cpu())) {
      List<NDArray> confidences = new ArrayList<>();
      for (Object map : row.getList(row.fieldIndex("confidences"))) {
        scala.collection.Seq<?> seq = (scala.collection.Seq<?>) map;
        float[] values = new float[seq.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (Float) seq.apply(i);
        }
        confidences.add(manager.create(values));
      }
      return scorer.score(
          record,
          assignments,
          Math.max(clusters, kmeans.effectiveK(assignments.length)),
          row.getAs("grid_height"),
          row.getAs("grid_width"),
          confidences,
          row.getAs("label"),
          row.getAs("width"),
          row.getAs("height"),
          times);
    } catch (IllegalArgumentException e) {
      return ImageOutcome.failure(record, "scoring", e.getMessage());
    }
  }
}
