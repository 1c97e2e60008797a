package io.oodseg.cli;

import io.oodseg.config.RunConfig;
import io.oodseg.config.UsageException;
import io.oodseg.demo.DemoSettings;
import io.oodseg.demo.SceneGenerator;
import io.oodseg.demo.SyntheticBenchmarkWriter;
import io.oodseg.infer.FailFastException;
import io.oodseg.job.EvaluationJob;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line of the product: {@code demo}, {@code run}, {@code sweep}, {@code report}, {@code
 * generate} and {@code doctor}.
 */
@Command(
    name = "oodseg",
    mixinStandardHelpOptions = true,
    version = "oodseg 0.1.0",
    description =
        "Distributed evaluation of training-free OoD segmentation (K-Means on backbone features, "
            + "max-logit flags, pooled AP / FPR95 / AUROC).",
    subcommands = {
      OodSeg.Demo.class,
      OodSeg.Run.class,
      SweepCommand.class,
      ReportCommand.class,
      OodSeg.Generate.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  oodseg demo                       (embedded model, generated benchmark)",
      "  oodseg demo --set kmeans.k=12 --set threshold.value=-0.5",
      "  oodseg run --config conf/examples/smiyc.conf --run-id ra21-k8",
      "  oodseg generate --out /tmp/bench --count 100",
      "  oodseg report runs/ra21-k8              (rebuild report.html from the run's Parquet)",
      "  oodseg doctor                     (check a host: versions, CPU flags, numerics probe, soak)",
      "Exit codes: 0 done, 2 bad configuration, benchmark or model (numerics probe), 3 stopped at a bad image (--fail-fast),",
      "1 other failure."
    })
public final class OodSeg {
  private OodSeg() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new OodSeg());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UsageException) {
              cmd.getErr().println("error: " + t.getMessage());
              return 2;
            }
            if (t instanceof FailFastException) {
              cmd.getErr()
                  .println(
                      "error: stopped at the first bad image (--fail-fast): " + t.getMessage());
              return 3;
            }
          }
          cmd.getErr().println("error: " + e);
          throw e;
        });
    return cli.execute(args);
  }

  static int evaluate(RunConfig config) {
    return evaluate(List.of(config));
  }

  /** Runs the evaluations one after the other in one Spark session (all configs checked first). */
  static int evaluate(List<RunConfig> configs) {
    boolean shared = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create("oodseg " + configs.get(0).runId());
    try {
      for (RunConfig config : configs) {
        new EvaluationJob(spark, config).run();
      }
      return 0;
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  /** {@code demo}: the embedded model on the generated benchmark. */
  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description =
          "Evaluate the embedded demo model on a generated road benchmark (no config needed).")
  static final class Demo implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(
        names = "--count",
        description = "Scenes in the generated benchmark (default: ${DEFAULT-VALUE}).")
    int count = 40;

    @Override
    public Integer call() {
      return evaluate(options.load(null, DemoSettings.with("benchmark.synthetic.count=" + count)));
    }
  }

  /** {@code run}: an evaluation described by a config file. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Evaluate a model on a benchmark as the config file says (HOCON, keys of conf/defaults.conf).")
  static final class Run implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(
        names = {"-c", "--config"},
        description = "The run's config file.")
    File config;

    @Option(
        names = {"-b", "--benchmark"},
        paramLabel = "FILE",
        description =
            "A benchmark config (e.g. conf/benchmarks/ade-ood.conf), layered over --config; repeat it to "
                + "evaluate several benchmarks in one go, each into <output>/<run-id>-<benchmark name>/.")
    List<File> benchmarks = new ArrayList<>();

    @Override
    public Integer call() {
      if (benchmarks.isEmpty()) {
        return evaluate(options.load(config, List.of()));
      }
      String given = options.runId;
      List<RunConfig> runs = new ArrayList<>();
      for (File benchmark : benchmarks) {
        List<File> files = new ArrayList<>();
        if (config != null) {
          files.add(config);
        }
        files.add(benchmark);
        options.runId = given;
        RunConfig probe = options.loadLayered(files, List.of());
        options.runId =
            probe.runId() + "-" + probe.benchmark().name().replaceAll("[^A-Za-z0-9._-]", "_");
        runs.add(options.loadLayered(files, List.of()));
      }
      options.runId = given;
      return evaluate(runs);
    }
  }

  /** {@code generate}: write the synthetic benchmark or a training set. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description =
          "Write generated road scenes: an OoD benchmark (SMIYC layout) or, with --training, "
              + "ID-only scenes with class labels for training the demo model.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder (any Hadoop path).")
    String out;

    @Option(names = "--count", description = "Number of scenes (default: ${DEFAULT-VALUE}).")
    int count = 40;

    @Option(
        names = "--first",
        description = "Index of the first scene (default: ${DEFAULT-VALUE}).")
    int first = 0;

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(names = "--width", description = "Scene width (default: ${DEFAULT-VALUE}).")
    int width = 512;

    @Option(names = "--height", description = "Scene height (default: ${DEFAULT-VALUE}).")
    int height = 256;

    @Option(names = "--training", description = "Write ID-only scenes with semantic class labels.")
    boolean training;

    @Override
    public Integer call() throws Exception {
      SyntheticBenchmarkWriter writer =
          new SyntheticBenchmarkWriter(
              new SceneGenerator(width, height, seed), new org.apache.hadoop.conf.Configuration());
      if (training) {
        writer.writeTraining(out, first, count);
      } else {
        writer.writeBenchmark(out, first, count);
      }
      System.out.println(
          "wrote " + count + (training ? " training" : " benchmark") + " scenes to " + out);
      return 0;
    }
  }
}
