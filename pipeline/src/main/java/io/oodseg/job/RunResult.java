package io.oodseg.job;

import io.oodseg.udfs.metrics.BinaryMetrics;
import java.util.Map;

/**
 * What a finished run reports to its caller.
 *
 * @param runDir the run's output folder
 * @param pooled pooled exact metrics per method
 * @param images images evaluated
 * @param errors images that failed
 * @param stageSeconds driver wall seconds per stage
 * @param executorSeconds summed executor seconds per image stage (decode, inference, ...)
 * @param clusteringWallSeconds wall time clustering occupied: the mllib engine's fit phase, or the
 *     device engine's summed clustering task time divided by the cores running tasks
 */
public record RunResult(
    String runDir,
    Map<String, BinaryMetrics> pooled,
    long images,
    long errors,
    Map<String, Double> stageSeconds,
    Map<String, Double> executorSeconds,
    double clusteringWallSeconds) {}
