package io.oodseg.infer;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.oodseg.catalog.BenchmarkReaders;
import io.oodseg.catalog.ImageRecord;
import io.oodseg.config.RunConfig;
import io.oodseg.image.PerImage;
import io.oodseg.io.SerializableHadoopConf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code mapPartitions} body: takes the model of this executor and device from {@link
 * ModelCache}, opens one predictor for the task, and streams the partition through it in batches
 * (decode, forward, device-side analysis). Results are produced lazily, one batch at a time; the
 * predictor is closed when the partition is done or the task ends. A bad image becomes a failure
 * outcome, or stops the task under fail-fast.
 */
public final class InferencePartition<T extends PerImage>
    implements FlatMapFunction<Iterator<ImageRecord>, T> {
  private static final long serialVersionUID = 1L;
  private final RunConfig config;
  private final ModelDescriptor descriptor;
  private final SerializableHadoopConf hadoopConf;
  private final AnalyzerFactory<T> analyzers;
  private final LongAccumulator progress;
  private final CollectionAccumulator<NumericsReport> reports;

  /** Makes the per-task analyzer on the executor. */
  public interface AnalyzerFactory<T extends PerImage> extends java.io.Serializable {
    BatchAnalyzer<T> create(ModelDescriptor descriptor, RunConfig config);
  }

  public InferencePartition(
      RunConfig config,
      ModelDescriptor descriptor,
      SerializableHadoopConf hadoopConf,
      AnalyzerFactory<T> analyzers) {
    this(config, descriptor, hadoopConf, analyzers, null, null);
  }

  private InferencePartition(
      RunConfig config,
      ModelDescriptor descriptor,
      SerializableHadoopConf hadoopConf,
      AnalyzerFactory<T> analyzers,
      LongAccumulator progress,
      CollectionAccumulator<NumericsReport> reports) {
    this.config = config;
    this.descriptor = descriptor;
    this.hadoopConf = hadoopConf;
    this.analyzers = analyzers;
    this.progress = progress;
    this.reports = reports;
  }

  /** The same partition function, adding each batch's image count to {@code images}. */
  public InferencePartition<T> countingInto(LongAccumulator images) {
    return new InferencePartition<>(config, descriptor, hadoopConf, analyzers, images, reports);
  }

  /**
   * The same partition function, adding each task's numerics report (host facts, probe) to {@code
   * into}.
   */
  public InferencePartition<T> reportingTo(CollectionAccumulator<NumericsReport> into) {
    return new InferencePartition<>(config, descriptor, hadoopConf, analyzers, progress, into);
  }

  @Override
  public Iterator<T> call(Iterator<ImageRecord> records) {
    if (!records.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    config.faults().maybeFail("inference");
    TaskContext task = TaskContext.get();
    LoadedModel model =
        ModelCache.get(
            descriptor,
            DeviceSelector.forCurrentTask(),
            config.inference().threadsFor(task == null ? 1 : task.cpus()),
            config.inference().probe(),
            hadoopConf.get());
    if (reports != null) {
      reports.add(model.report());
    }
    BatchAnalyzer<T> analyzer = analyzers.create(descriptor, config);
    Predictor<List<DecodedImage>, List<T>> predictor =
        model.newPredictor(new OodTranslator<>(descriptor, analyzer));
    ImageDecoder decoder =
        new ImageDecoder(
            new Preprocessor(descriptor), BenchmarkReaders.forSpec(config.benchmark()).labelMap());
    return new BatchIterator(records, predictor, decoder, analyzer);
  }

  /** Pulls one batch of records at a time through decode and predict. */
  private final class BatchIterator implements Iterator<T> {
    private final Iterator<ImageRecord> records;
    private final Predictor<List<DecodedImage>, List<T>> predictor;
    private final ImageDecoder decoder;
    private final BatchAnalyzer<T> analyzer;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private final InputPipeline pipeline = descriptor.pipeline();
    private DecodedImage held;
    private boolean closed;

    BatchIterator(
        Iterator<ImageRecord> records,
        Predictor<List<DecodedImage>, List<T>> predictor,
        ImageDecoder decoder,
        BatchAnalyzer<T> analyzer) {
      this.records = records;
      this.predictor = predictor;
      this.decoder = decoder;
      this.analyzer = analyzer;
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(
            (org.apache.spark.util.TaskCompletionListener) ctx -> close());
      }
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && (held != null || records.hasNext())) {
        nextBatch();
      }
      if (ready.isEmpty()) {
        close();
      }
      return !ready.isEmpty();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    /**
     * Decodes up to a batch of records and runs them; an image whose input cannot share the batch's
     * forward pass ({@link InputPipeline#stacks}) is held for the next batch.
     */
    private void nextBatch() {
      List<DecodedImage> batch = new ArrayList<>();
      if (held != null) {
        batch.add(held);
        held = null;
      }
      int taken = 0;
      while (batch.size() < config.inference().batchSize() && held == null && records.hasNext()) {
        ImageRecord record = records.next();
        taken++;
        try {
          DecodedImage image = decoder.decode(record, hadoopConf.get());
          if (batch.isEmpty() || pipeline.stacks(batch.get(0).canvas(), image.canvas())) {
            batch.add(image);
          } else {
            held = image;
          }
        } catch (ImageDecoder.BadImageException e) {
          if (config.failFast()) {
            throw new FailFastException("image " + record.id() + ": " + e.getMessage(), e);
          }
          ready.add(analyzer.failure(record, "decode", e.getMessage()));
        }
      }
      try {
        for (T outcome : batch.isEmpty() ? List.<T>of() : predictor.predict(batch)) {
          if (config.failFast() && outcome.failed()) {
            throw new FailFastException(analyzer.reason(outcome), null);
          }
          ready.add(outcome);
        }
      } catch (TranslateException e) {
        throw new IllegalStateException(
            "inference failed on images "
                + batch.stream().map(d -> d.record().id()).toList()
                + ": "
                + e.getMessage(),
            e);
      }
      if (progress != null) {
        progress.add(taken);
      }
    }

    private synchronized void close() {
      if (!closed) {
        closed = true;
        predictor.close();
      }
    }
  }
}
