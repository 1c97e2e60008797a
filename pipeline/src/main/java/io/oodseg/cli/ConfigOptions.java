package io.oodseg.cli;

import io.oodseg.config.ConfigLoader;
import io.oodseg.config.RunConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that run an evaluation. */
final class ConfigOptions {
  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Override one setting, e.g. --set kmeans.k=12 (repeatable; wins over --config).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--run-id",
      description = "Name of the run folder (default: time and config hash).")
  String runId;

  @Option(names = "--output", description = "Root of the run folders (default: runs).")
  String output;

  @Option(names = "--fail-fast", description = "Stop at the first bad image.")
  boolean failFast;

  @Option(
      names = "--resume",
      description =
          "Complete an interrupted run with this --run-id: images whose results "
              + "were committed are not evaluated again (the run must have the same configuration and not be complete).")
  boolean resume;

  RunConfig load(File file, List<String> extra) {
    return loadLayered(file == null ? List.of() : List.of(file), extra);
  }

  RunConfig loadLayered(List<File> files, List<String> extra) {
    List<String> all = new ArrayList<>(extra);
    if (runId != null) {
      all.add("run-id=\"" + runId + "\"");
    }
    if (output != null) {
      all.add("output=\"" + output + "\"");
    }
    if (failFast) {
      all.add("fail-fast=true");
    }
    if (resume) {
      all.add("resume=true");
    }
    all.addAll(overrides);
    return ConfigLoader.loadLayered(files, all);
  }
}
