package io.oodseg.sweep;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What a finished sweep reports.
 *
 * @param dir the sweep's folder
 * @param configurations configurations × benchmarks × models
 * @param rows rows of {@code sweep.parquet}
 * @param stageSeconds driver wall seconds per stage of this invocation (inference,
 *     clustering_and_binning, exact, write)
 * @param storeBytes bytes of the tensor stores
 * @param best the best row per benchmark and model
 * @param top the top rows per benchmark and model (as in {@code top.csv})
 * @param heldOut the held-out rows of the configurations chosen on validation images, under the
 *     first protocol (empty without {@code sweep.select-on})
 * @param selection where the best configuration is selected and reported, in words
 */
public record SweepResult(
    String dir,
    int configurations,
    long rows,
    Map<String, Double> stageSeconds,
    long storeBytes,
    List<Row> best,
    List<Row> top,
    List<Row> heldOut,
    String selection) {}
