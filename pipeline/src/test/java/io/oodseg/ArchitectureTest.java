package io.oodseg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.oodseg.cli.OodSeg;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the pipeline's main code ({@code io.oodseg.*}, module {@code udfs} apart).
 * The packages form a DAG that follows the data flow; a package may use only the packages before it
 * in this order (lowest first):
 *
 * <ol>
 *   <li>{@code io}: Hadoop file and image helpers, usable by all;
 *   <li>{@code config}: the run's settings, their loader and the method's options ({@code
 *       Confidence}, {@code FeatureNorm}, {@code ClusteringEngine}, …); the loader checks the
 *       benchmark section through {@code BenchmarkLayouts}, which the catalog provides as a
 *       service;
 *   <li>{@code engine}: the libtorch entry ({@code Libtorch}, {@code HostFacts});
 *   <li>{@code catalog}: benchmark readers, {@code ImageRecord}, {@code LabelMap};
 *   <li>{@code demo}: the synthetic benchmark, written in a catalog layout;
 *   <li>{@code image}: the per-image values that cross stages ({@code PerImage}, {@code
 *       ImageOutcome}, {@code ImageTensors}, {@code StageTimes});
 *   <li>{@code infer}: model, decoding, {@code InferencePartition} with its {@code BatchAnalyzer};
 *   <li>{@code cluster}: feature grid, device and MLlib K-Means;
 *   <li>{@code score}: cluster flags, score maps, per-image counts ({@code PixelCounter});
 *   <li>{@code wiring}: the clustering engines put together from infer, cluster and score ({@code
 *       DeviceEngine}, {@code MllibEngine}, their analyzers and {@code ModelOutputs});
 *   <li>{@code metrics}: pooled metrics over the outcomes;
 *   <li>{@code output}: result tables, manifest, run folder;
 *   <li>{@code report}: curves, overlays, {@code report.html};
 *   <li>{@code sweep}: the parameter sweep (its own job, reusing the stages and the report);
 *   <li>{@code job}: the evaluation run, stage by stage;
 *   <li>{@code cli}: the command line.
 * </ol>
 *
 * <p>Every package of the main code must hold a place in this list, so a new one is placed
 * deliberately. The benchmarks ({@code io.oodseg.bench}) are not main code: they live in the module
 * {@code bench}, outside the application jar.
 */
class ArchitectureTest {
  /** The layers, lowest first: a layer may be used only by the layers after it. */
  static final List<String> LAYERS =
      List.of(
          "io", "config", "engine", "catalog", "demo", "image", "infer", "cluster", "score",
          "wiring", "metrics", "output", "report", "sweep", "job", "cli");

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() throws URISyntaxException {
    // the folder (or jar) of the main classes only: no test classes, no udfs
    main =
        new ClassFileImporter()
            .importPath(
                Path.of(OodSeg.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.oodseg.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void noStageUsesALaterOne() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : LAYERS) {
      layers = layers.layer(layer).definedBy("io.oodseg." + layer + "..");
    }
    for (int i = 0; i < LAYERS.size(); i++) {
      List<String> later = LAYERS.subList(i + 1, LAYERS.size());
      layers =
          later.isEmpty()
              ? layers.whereLayer(LAYERS.get(i)).mayNotBeAccessedByAnyLayer()
              : layers
                  .whereLayer(LAYERS.get(i))
                  .mayOnlyBeAccessedByLayers(later.toArray(String[]::new));
    }
    layers.check(main);
  }

  @Test
  void everyPackageHasAPlaceInTheOrder() {
    classes()
        .should()
        .resideInAnyPackage(
            LAYERS.stream().map(l -> "io.oodseg." + l + "..").toArray(String[]::new))
        .check(main);
  }
}
