package io.oodseg.sweep;

import com.typesafe.config.Config;
import io.oodseg.config.UsageException;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a sweep selects its configuration ({@code sweep.select-on}, keys documented in {@code
 * conf/sweep-defaults.conf}): nowhere (the best row is chosen on the images it is reported on, an
 * optimistic figure), on a second benchmark, on a seeded fraction of each benchmark's images, or in
 * k folds. The image splits are made by {@link ImageSplit}; this class names them: the {@code
 * split} column of {@code sweep.parquet} holds {@link #ALL} or one of the labels below, which carry
 * the split's settings so that rows of another split are never taken for these.
 *
 * @param mode how the validation images are chosen
 * @param benchmark {@link Mode#BENCHMARK}: the validation benchmark's config, else null
 * @param fraction {@link Mode#SPLIT}: the fraction of each benchmark's images used for selection
 * @param folds {@link Mode#FOLDS}: the number of folds
 * @param seed the image split's seed, also the bootstrap's
 * @param replicates bootstrap replicates of the held-out interval
 */
public record SelectOn(
    Mode mode, File benchmark, double fraction, int folds, long seed, int replicates)
    implements Serializable {
  /** The split label of rows over every image of their benchmark. */
  public static final String ALL = "all";

  /** How the validation images are chosen. */
  public enum Mode {
    /** No validation split: selected and reported on the same images. */
    NONE,
    /** Selected on a second benchmark, reported on the sweep's benchmarks. */
    BENCHMARK,
    /** Selected on a seeded fraction of each benchmark's images, reported on the rest. */
    SPLIT,
    /** Selected on k − 1 folds, reported on the held-out fold, each fold in turn. */
    FOLDS
  }

  /** No selection split. */
  public static SelectOn none() {
    return new SelectOn(Mode.NONE, null, 0, 0, 0, 0);
  }

  /**
   * Parses the {@code select-on} block (with its defaults).
   *
   * @throws UsageException naming the key when a value is out of range or two modes are set
   */
  static SelectOn parse(Config c) {
    String benchmark = c.getString("benchmark");
    double fraction = c.getDouble("fraction");
    int folds = c.getInt("folds");
    long seed = c.getLong("seed");
    int replicates = c.getInt("replicates");
    List<String> set = new ArrayList<>();
    if (!benchmark.isEmpty()) {
      set.add("benchmark = \"" + benchmark + "\"");
    }
    if (fraction != 0) {
      set.add("fraction = " + fraction);
    }
    if (folds != 0) {
      set.add("folds = " + folds);
    }
    if (set.size() > 1) {
      throw new UsageException(
          "sweep.select-on: set one of benchmark, fraction and folds, got " + set);
    }
    if (fraction != 0 && !(fraction > 0 && fraction < 1)) {
      throw new UsageException(
          "sweep.select-on.fraction must lie strictly between 0 and 1 (0 = unset), got "
              + fraction);
    }
    if (folds != 0 && folds < 2) {
      throw new UsageException(
          "sweep.select-on.folds must be at least 2 (0 = unset), got " + folds);
    }
    if (replicates < 1) {
      throw new UsageException("sweep.select-on.replicates must be at least 1, got " + replicates);
    }
    if (!benchmark.isEmpty() && !new File(benchmark).isFile()) {
      throw new UsageException(
          "sweep.select-on.benchmark: benchmark config " + benchmark + " does not exist");
    }
    Mode mode =
        !benchmark.isEmpty()
            ? Mode.BENCHMARK
            : fraction != 0 ? Mode.SPLIT : folds != 0 ? Mode.FOLDS : Mode.NONE;
    return new SelectOn(
        mode, benchmark.isEmpty() ? null : new File(benchmark), fraction, folds, seed, replicates);
  }

  /** Whether the selection is made on other images than the reported ones. */
  public boolean honest() {
    return mode != Mode.NONE;
  }

  /** Image sets each benchmark's counts are kept for: 2 for a split, k for folds, else 1. */
  int splits() {
    return switch (mode) {
      case SPLIT -> 2;
      case FOLDS -> folds;
      default -> 1;
    };
  }

  /**
   * Rounds of selection: one per fold, else one (the held-out images of round {@code r} are split
   * {@code r} for folds, split 1 for a fraction, every image for a benchmark).
   */
  int rounds() {
    return mode == Mode.FOLDS ? folds : mode == Mode.NONE ? 0 : 1;
  }

  /** The image split reported on in round {@code r}; -1 = every image of the benchmark. */
  int heldOutSplit(int round) {
    return switch (mode) {
      case SPLIT -> 1;
      case FOLDS -> round;
      default -> -1;
    };
  }

  /** Whether split {@code s} is among the validation images of round {@code r}. */
  boolean validates(int round, int split) {
    return switch (mode) {
      case SPLIT -> split == 0;
      case FOLDS -> split != round;
      default -> false;
    };
  }

  /**
   * The split label of round {@code r}'s binned validation rows ({@link #ALL} for a validation
   * benchmark, whose rows are all validation rows).
   */
  String validationLabel(int round) {
    return switch (mode) {
      case SPLIT -> "validation " + settings();
      case FOLDS -> "validation fold " + (round + 1) + "/" + folds + " " + settings();
      default -> ALL;
    };
  }

  /** The split label of round {@code r}'s held-out row. */
  String heldOutLabel(int round, String validationBenchmark) {
    return switch (mode) {
      case SPLIT -> "held-out " + settings();
      case FOLDS -> "held-out fold " + (round + 1) + "/" + folds + " " + settings();
      case BENCHMARK -> "held-out, selected on " + validationBenchmark;
      case NONE -> throw new IllegalStateException("no held-out images without select-on");
    };
  }

  /** The labels of every round's validation rows that the binned step writes (none for ALL). */
  List<String> binnedLabels() {
    List<String> labels = new ArrayList<>();
    if (mode == Mode.SPLIT || mode == Mode.FOLDS) {
      for (int r = 0; r < rounds(); r++) {
        labels.add(validationLabel(r));
      }
    }
    return labels;
  }

  /**
   * Every split label this selection writes rows for: {@link #ALL}, the validation labels and the
   * held-out labels ({@code validationBenchmark}: the validation benchmark's name, or null).
   */
  List<String> labels(String validationBenchmark) {
    List<String> labels = new ArrayList<>(List.of(ALL));
    labels.addAll(binnedLabels());
    for (int r = 0; r < rounds(); r++) {
      labels.add(heldOutLabel(r, validationBenchmark));
    }
    return labels;
  }

  /** One line saying where the best configuration is selected and where it is reported. */
  public String describe() {
    return switch (mode) {
      case NONE ->
          "the best configuration is selected on the same images it is reported on: its figures"
              + " are optimistic (set sweep.select-on for a held-out figure)";
      case BENCHMARK ->
          "selected on benchmark config " + benchmark + ", reported on each other benchmark";
      case SPLIT ->
          String.format(
              Locale.ROOT,
              "selected on a seeded %s of each benchmark's images, reported on the rest %s",
              fraction,
              settings());
      case FOLDS ->
          "selected on "
              + (folds - 1)
              + " of "
              + folds
              + " folds, reported on the held-out fold, each fold in turn "
              + settings();
    };
  }

  private String settings() {
    return mode == Mode.SPLIT
        ? "(fraction=" + fraction + ", seed=" + seed + ")"
        : "(seed=" + seed + ")";
  }
}
