package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.oodseg.cluster.DeviceKMeans;
import io.oodseg.cluster.FeatureGrid;
import io.oodseg.config.MethodParams;
import io.oodseg.config.MetricsParams;
import io.oodseg.metrics.PixelCounter;
import io.oodseg.score.ClusterFlags;
import io.oodseg.score.ClusterScorer;
import io.oodseg.score.Confidence;
import io.oodseg.udfs.metrics.BinaryMetrics;
import io.oodseg.udfs.metrics.ExactMetrics;
import io.oodseg.udfs.metrics.ScoreCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The device-side chain for one image after the forward pass: logits to the label's size,
 * confidence maps, K-Means on the feature grid, cluster flags, score maps, and their reduction
 * to counts per distinct score and per-image metrics. Only counts and a few numbers leave the
 * device.
 */
public final class ImageAnalyzer {
  /** Name of the method's row in every result table: {@code clusters_<score mode>}. */
  public static String methodName(MethodParams params) {
    return "clusters_" + params.scoreMode().name().toLowerCase(java.util.Locale.ROOT);
  }

  private final MethodParams method;
  private final MetricsParams metrics;
  private final int[] featureOutputs;
  private final int logitsOutput;
  private final FeatureGrid grid;
  private final DeviceKMeans kmeans;
  private final ClusterScorer scorer;

  public ImageAnalyzer(ModelDescriptor d, MethodParams method, MetricsParams metrics) {
    this.method = method;
    this.metrics = metrics;
    List<String> levels = method.levels();
    featureOutputs = levels.isEmpty()
        ? new int[] {d.deepestFeatures()}
        : levels.stream().mapToInt(d::outputIndex).toArray();
    logitsOutput = d.logitsIndex();
    int stride = method.gridStride() > 0 ? method.gridStride() : d.outputs().get(featureOutputs[0]).stride();
    grid = new FeatureGrid(d.height() / stride, d.width() / stride, method.norm());
    kmeans = new DeviceKMeans(method.k(), method.maxIter(), method.tol(), method.seed());
    scorer = new ClusterScorer(method);
  }

  /** Analyses image {@code index} of a batch's outputs. */
  public ImageOutcome analyze(DecodedImage image, NDList outputs, int index, StageTimes times) {
    int h = image.labelHeight();
    int w = image.labelWidth();
    long t0 = System.nanoTime();
    NDList levels = new NDList();
    for (int o : featureOutputs) {
      levels.add(outputs.get(o).get(index));
    }
    DeviceKMeans.Result clusters = kmeans.fit(grid.rows(levels));
    long t1 = System.nanoTime();
    times.add(StageTimes.CLUSTERING, t1 - t0);

    NDArray logits = Resampler.bilinear(outputs.get(logitsOutput).get(index), h, w);
    NDManager manager = logits.getManager();
    Map<String, NDArray> scoreMaps = new LinkedHashMap<>();
    List<NDArray> confidences = Confidence.computeAll(logits);
    NDArray methodConfidence = confidences.get(method.confidence().ordinal()).reshape(-1);
    NDArray gridClusters = manager.create(toFloats(clusters.assignments()), new Shape(1, grid.height(), grid.width()));
    NDArray pixelClusters = Resampler.nearest(gridClusters, h, w).reshape(-1).toType(DataType.INT64, false);
    ClusterFlags flags = scorer.flag(pixelClusters, methodConfidence, clusters.clusters());
    scoreMaps.put(methodName(method), scorer.score(pixelClusters, methodConfidence, flags));
    for (int i = 0; i < confidences.size(); i++) {
      scoreMaps.put(Confidence.values()[i].key(), confidences.get(i).reshape(-1).neg());
    }
    long t2 = System.nanoTime();
    times.add(StageTimes.SCORING, t2 - t1);

    PixelCounter counter = new PixelCounter(image.label(), metrics.positive(), metrics.voidValue(),
        manager.getDevice().isGpu());
    Map<String, ScoreCounts> counts = new LinkedHashMap<>();
    Map<String, BinaryMetrics> perImage = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : scoreMaps.entrySet()) {
      ScoreCounts c;
      try {
        c = counter.count(e.getValue());
      } catch (IllegalArgumentException nan) {
        throw new IllegalArgumentException("method " + e.getKey() + ": " + nan.getMessage(), nan);
      }
      counts.put(e.getKey(), c);
      perImage.put(e.getKey(), ExactMetrics.compute(c));
    }
    times.add(StageTimes.COUNTING, System.nanoTime() - t2);
    return ImageOutcome.success(image.record(), w, h, flags.count(), counts, perImage, times);
  }

  private static float[] toFloats(int[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
