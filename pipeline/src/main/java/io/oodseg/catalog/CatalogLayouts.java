package io.oodseg.catalog;

import io.oodseg.config.BenchmarkLayouts;
import io.oodseg.config.BenchmarkSpec;
import java.util.List;

/**
 * The catalog's answers to the configuration loader ({@link BenchmarkLayouts}): the layouts of
 * {@link BenchmarkReaders} and the common labels of {@link LabelMap}. Found through {@code
 * META-INF/services/io.oodseg.config.BenchmarkLayouts}.
 */
public final class CatalogLayouts implements BenchmarkLayouts {
  @Override
  public List<String> layouts() {
    return BenchmarkReaders.LAYOUTS;
  }

  @Override
  public void check(BenchmarkSpec spec) {
    BenchmarkReaders.forSpec(spec);
  }

  @Override
  public int oodLabel() {
    return LabelMap.OOD;
  }

  @Override
  public int voidLabel() {
    return LabelMap.VOID;
  }
}
