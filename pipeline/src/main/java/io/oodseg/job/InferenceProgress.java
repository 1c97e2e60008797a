package io.oodseg.job;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Console progress line of the inference stage on the driver: images done / total, images/s and
 * ETA, printed to a stream (stderr) at most once per interval. Tasks count their images in an
 * accumulator; running tasks report it with each executor heartbeat ({@code
 * spark.executor.heartbeatInterval}), finished tasks with their end event, so the line moves while
 * long partitions are still running. Failed task attempts are not counted.
 */
public final class InferenceProgress extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final LongAccumulator images;
  private final long total;
  private final long intervalNanos;
  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final AtomicLong finished = new AtomicLong();
  private long lastPrint;

  private InferenceProgress(
      SparkContext sc, long total, int intervalSeconds, PrintStream out, boolean terminal) {
    this.sc = sc;
    this.total = total;
    this.intervalNanos = intervalSeconds * 1_000_000_000L;
    this.out = out;
    this.terminal = terminal;
    this.images = sc.longAccumulator("oodseg images inferred");
    this.lastPrint = start;
  }

  /**
   * Registers a progress listener for {@code total} images on the driver.
   *
   * @param terminal rewrite one line ({@code \r}) instead of printing a line per update
   */
  public static InferenceProgress start(
      SparkContext sc, long total, int intervalSeconds, PrintStream out, boolean terminal) {
    InferenceProgress progress = new InferenceProgress(sc, total, intervalSeconds, out, terminal);
    sc.addSparkListener(progress);
    return progress;
  }

  /** The accumulator the inference tasks add their image counts to. */
  public LongAccumulator accumulator() {
    return images;
  }

  /** Images done: those of finished tasks plus the last heartbeat of each running task. */
  public long done() {
    return finished.get() + running.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    // var: the tuple's Seq is scala.collection.Seq on Scala 2.12 and immutable.Seq on 2.13
    for (var task : JavaConverters.seqAsJavaList(update.accumUpdates())) {
      Long value = ours(task._4());
      if (value != null) {
        running.put((Long) task._1(), value);
      }
    }
    maybePrint(false);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    long taskId = end.taskInfo().taskId();
    running.remove(taskId);
    Long value = ours(end.taskInfo().accumulables());
    if (value != null && end.taskInfo().successful()) {
      finished.addAndGet(value);
    }
    maybePrint(false);
  }

  /** Unregisters the listener and prints the final line. */
  @Override
  public void close() {
    sc.removeSparkListener(this);
    maybePrint(true);
    if (terminal) {
      out.println();
    }
    out.flush();
  }

  /**
   * The progress line: {@code inference: 120/500 images (24 %), 8.1 images/s, ETA 0:47, 0:15
   * elapsed} (seconds per image instead when below one image per second).
   */
  public static String format(long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        done >= total ? "done" : rate > 0 ? "ETA " + clock((total - done) / rate) : "ETA --";
    long percent = total > 0 ? done * 100 / total : 100;
    String speed =
        rate > 0 && rate < 1
            ? String.format(Locale.ROOT, "%.1f s/image", 1 / rate)
            : String.format(Locale.ROOT, "%.1f images/s", rate);
    return String.format(
        Locale.ROOT,
        "inference: %d/%d images (%d %%), %s, %s, %s elapsed",
        done,
        total,
        percent,
        speed,
        eta,
        clock(seconds));
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private Long ours(Seq<AccumulableInfo> infos) {
    for (AccumulableInfo info : JavaConverters.seqAsJavaList(infos)) {
      if (info.id() == images.id() && info.update().isDefined()) {
        return ((Number) info.update().get()).longValue();
      }
    }
    return null;
  }

  private synchronized void maybePrint(boolean last) {
    long now = System.nanoTime();
    if (!last && now - lastPrint < intervalNanos) {
      return;
    }
    lastPrint = now;
    String line = format(Math.min(done(), total), total, (now - start) / 1e9);
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }
}
