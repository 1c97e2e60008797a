package io.oodseg.infer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.oodseg.engine.Libtorch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per executor JVM and device, keyed by the model's SHA-256, its descriptor's
 * contract and the device. Tasks of the same JVM share it; the first task that needs it loads it,
 * the others wait. Models stay loaded for the life of the JVM.
 */
public final class ModelCache {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static final Map<String, LoadedModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ModelCache() {}

  /**
   * The model of this descriptor on this device, loaded and checked (numerics probe on) on first
   * use.
   *
   * @param threads libtorch intra-op threads to set before the engine starts; 0 = default
   */
  public static LoadedModel get(ModelDescriptor d, Device device, int threads, Configuration conf) {
    return get(d, Placement.of(device), threads, true, conf);
  }

  /**
   * The model of this descriptor for this placement: one per assigned GPU address and device,
   * loaded and checked against its descriptor on first use; with {@code probe}, the numerics probe
   * has passed on it ({@link NumericsProbe}) before it is returned.
   *
   * @param threads libtorch intra-op threads to set before the engine starts; 0 = default
   * @param probe whether the descriptor's numerics probe must have passed ({@code inference.probe})
   */
  public static LoadedModel get(
      ModelDescriptor d, Placement placement, int threads, boolean probe, Configuration conf) {
    String key = d.cacheKey() + "@" + placement.key();
    LoadedModel model = MODELS.get(key);
    if (model == null) {
      synchronized (ModelCache.class) {
        model =
            MODELS.computeIfAbsent(
                key,
                k -> {
                  LoadedModel loaded = load(d, placement, threads, conf);
                  LOADS.incrementAndGet();
                  return loaded;
                });
      }
    }
    if (probe) {
      try {
        model.probe();
      } catch (RuntimeException e) {
        if (MODELS.remove(key, model)) {
          LOADS.decrementAndGet();
        }
        model.close();
        throw e;
      }
    }
    return model;
  }

  /**
   * A model loaded afresh, outside the cache (for {@code oodseg doctor}, which checks a newly
   * loaded model); the caller closes it.
   */
  public static LoadedModel loadFresh(
      ModelDescriptor d, Placement placement, int threads, Configuration conf) {
    return load(d, placement, threads, conf);
  }

  /**
   * How many models this JVM has loaded into the cache since it started (less those whose probe
   * failed).
   */
  public static int loads() {
    return LOADS.get();
  }

  /** The cache keys (model SHA-256, assigned GPU and device) loaded in this JVM. */
  public static java.util.Set<String> keys() {
    return java.util.Set.copyOf(MODELS.keySet());
  }

  private static LoadedModel load(
      ModelDescriptor d, Placement placement, int threads, Configuration conf) {
    Device device = placement.device();
    if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Libtorch.prepare(); // after the thread settings: the engine reads them when it starts
    long start = System.nanoTime();
    try {
      Path file = ModelFiles.localCopy(d, conf);
      Criteria<NDList, NDList> criteria =
          Criteria.builder()
              .setTypes(NDList.class, NDList.class)
              .optModelPath(file)
              .optEngine(Libtorch.ENGINE)
              .optDevice(device)
              .optOption("mapLocation", "true")
              .build();
      ZooModel<NDList, NDList> model = criteria.loadModel();
      try {
        ModelValidator.check(model, d);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
      LOG.info(
          "loaded model {} ({}) on {} in {} ms",
          d.name(),
          d.sha256().substring(0, 12),
          placement,
          (System.nanoTime() - start) / 1_000_000);
      return new LoadedModel(model, d, placement);
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException(
          "model " + d.fileUri() + " cannot be loaded on " + device + ": " + e.getMessage(), e);
    }
  }
}
