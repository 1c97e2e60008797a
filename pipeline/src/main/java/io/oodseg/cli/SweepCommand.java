package io.oodseg.cli;

import io.oodseg.sweep.SweepConfigLoader;
import io.oodseg.sweep.SweepJob;
import io.oodseg.sweep.SweepResult;
import io.oodseg.sweep.SweepSpec;
import io.oodseg.sweep.SweepSummary;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sweep}: a grid of method parameters over benchmarks and models, inference once per pair.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a grid of method parameters (conf/sweeps/*.conf) over one or more benchmarks and models: "
            + "inference once per benchmark and model, clustering once per K and feature setting, binned metrics for "
            + "every configuration and exact ones for the best; rerunning computes only what is missing.")
public final class SweepCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "The sweep config (see conf/sweeps/).")
  File config;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Override one base setting, e.g. --set benchmark.synthetic.count=20 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--sweep-id",
      description = "Name of the sweep folder (default: sweep.id, else the file's name).")
  String sweepId;

  @Option(
      names = "--output",
      description = "Root of the sweep folder (default: the base's output).")
  String output;

  @Override
  public Integer call() {
    List<String> all = new ArrayList<>(overrides);
    if (output != null) {
      all.add("output=\"" + output + "\"");
    }
    SweepSpec spec = SweepConfigLoader.load(config, all, sweepId);
    boolean shared = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create("oodseg sweep " + spec.id());
    try {
      SweepResult result = new SweepJob(spark, spec).run();
      System.out.print(
          SweepSummary.render(
              "Best configuration per benchmark and model on all its images (sweep "
                  + spec.id()
                  + "):",
              result.best()));
      System.out.print(SweepSummary.render("Top configurations:", result.top()));
      System.out.println("Selection: " + result.selection() + ".");
      if (!result.heldOut().isEmpty()) {
        System.out.print(
            SweepSummary.renderHeldOut(
                "Chosen on the validation images, reported on the held-out images only:",
                result.heldOut()));
      }
      System.out.printf(
          "%d configurations, %d rows in %s/sweep.parquet (top rows in top.csv); tensor stores "
              + "%.1f MB; seconds %s%n",
          result.configurations(),
          result.rows(),
          result.dir(),
          result.storeBytes() / 1e6,
          result.stageSeconds());
      return 0;
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }
}
