package io.oodseg.config;

import java.util.List;

/**
 * What the configuration loader checks of the benchmark section against the catalog, which defines
 * the layouts: their names, the settings each layout needs, and the common label values every
 * reader maps to. The catalog provides the one implementation ({@code
 * io.oodseg.catalog.CatalogLayouts}, registered in {@code
 * META-INF/services/io.oodseg.config.BenchmarkLayouts}), so that configuration, the first stage,
 * depends on none of the later ones.
 */
public interface BenchmarkLayouts {
  /** Every value of {@code oodseg.benchmark.layout}. */
  List<String> layouts();

  /**
   * Checks the settings the spec's layout needs.
   *
   * @throws UsageException naming the key when the layout is unknown or a setting it needs is
   *     missing or bad
   */
  void check(BenchmarkSpec spec);

  /** Common label of out-of-distribution pixels. */
  int oodLabel();

  /** Common label of pixels that no metric counts. */
  int voidLabel();
}
