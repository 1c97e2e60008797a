package io.oodseg.catalog;

import io.oodseg.config.BenchmarkSpec;
import io.oodseg.config.UsageException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Picks the {@link BenchmarkReader} of {@code oodseg.benchmark.layout} and checks the settings it
 * needs, naming the key of any bad one. Layouts (docs/design.md §6):
 *
 * <table>
 *   <caption>layouts</caption>
 *   <tr><th>layout</th><th>reader</th><th>OoD</th><th>ID</th><th>void</th></tr>
 *   <tr><td>synthetic, smiyc</td><td>{@link SmiycReader}</td><td>1</td><td>0</td><td>255</td></tr>
 *   <tr><td>road-anomaly</td><td>{@link RoadAnomalyReader}</td><td>2</td><td>0</td><td>none</td></tr>
 *   <tr><td>ade-ood</td><td>{@link AdeOodReader}</td><td>1</td><td>0</td><td>255</td></tr>
 *   <tr><td>fishyscapes-laf</td><td>{@link FishyscapesLafReader}</td><td>1</td><td>0</td><td>255</td></tr>
 *   <tr><td>lost-and-found</td><td>{@link LostAndFoundReader}</td><td>2..200</td><td>1</td><td>0</td></tr>
 *   <tr><td>generic</td><td>{@link GenericReader}</td><td colspan="3">{@code benchmark.labels.*}</td></tr>
 * </table>
 *
 * Non-empty {@code benchmark.labels.ood/id/void} replace a layout's value map.
 */
public final class BenchmarkReaders {
  /** Every value of {@code oodseg.benchmark.layout}. */
  public static final List<String> LAYOUTS =
      List.of(
          "synthetic",
          SmiycReader.LAYOUT,
          RoadAnomalyReader.LAYOUT,
          AdeOodReader.LAYOUT,
          FishyscapesLafReader.LAYOUT,
          LostAndFoundReader.LAYOUT,
          GenericReader.LAYOUT);

  private static final Set<String> WITH_SPLIT =
      Set.of(SmiycReader.LAYOUT, LostAndFoundReader.LAYOUT);
  private static final String KEY = "oodseg.benchmark.";
  private static final Pattern GROUP_REFERENCE = Pattern.compile("(?<!\\\\)\\$(\\d)");

  private BenchmarkReaders() {}

  /**
   * The reader of a benchmark spec.
   *
   * @throws UsageException naming the key when the layout is unknown or a setting it needs is
   *     missing or bad
   */
  public static BenchmarkReader forSpec(BenchmarkSpec spec) {
    String layout = spec.layout();
    if (!LAYOUTS.contains(layout)) {
      throw new UsageException(KEY + "layout = \"" + layout + "\" is not one of " + LAYOUTS);
    }
    if (!spec.split().isEmpty() && !WITH_SPLIT.contains(layout)) {
      throw new UsageException(
          KEY
              + "split = \""
              + spec.split()
              + "\" is not used by layout "
              + layout
              + " (only by "
              + WITH_SPLIT
              + "); leave it empty");
    }
    LabelMap custom = customMap(spec);
    int expected = spec.expectedCount();
    return switch (layout) {
      case RoadAnomalyReader.LAYOUT ->
          new RoadAnomalyReader(
              orElse(custom, LabelMap.ROAD_ANOMALY),
              expected > 0 ? expected : RoadAnomalyReader.EXPECTED_FRAMES);
      case AdeOodReader.LAYOUT -> new AdeOodReader(orElse(custom, LabelMap.COMMON), expected);
      case FishyscapesLafReader.LAYOUT ->
          new FishyscapesLafReader(orElse(custom, LabelMap.COMMON), expected);
      case LostAndFoundReader.LAYOUT ->
          new LostAndFoundReader(orElse(custom, LabelMap.LOST_AND_FOUND), expected, spec.split());
      case GenericReader.LAYOUT -> generic(spec, custom);
      default -> new SmiycReader(orElse(custom, LabelMap.COMMON), expected, spec.split());
    };
  }

  private static LabelMap orElse(LabelMap custom, LabelMap layoutDefault) {
    return custom != null ? custom : layoutDefault;
  }

  /** The configured value map, or null when the layout's own applies. */
  private static LabelMap customMap(BenchmarkSpec spec) {
    if (!spec.customLabels()) {
      return null;
    }
    if (spec.oodValues().isEmpty() || spec.idValues().isEmpty()) {
      throw new UsageException(
          KEY
              + "labels.ood and "
              + KEY
              + "labels.id must both list values when any of "
              + KEY
              + "labels.* is set (got ood "
              + spec.oodValues()
              + ", id "
              + spec.idValues()
              + ")");
    }
    try {
      return LabelMap.of(spec.name(), spec.oodValues(), spec.idValues(), spec.voidValues());
    } catch (IllegalArgumentException e) {
      throw new UsageException(KEY + "labels: " + e.getMessage(), e);
    }
  }

  private static GenericReader generic(BenchmarkSpec spec, LabelMap custom) {
    required(spec.imageGlob(), "generic.images");
    required(spec.labelRegex(), "generic.label-regex");
    required(spec.labelReplacement(), "generic.label-replacement");
    if (custom == null) {
      throw new UsageException(
          KEY
              + "labels.ood and "
              + KEY
              + "labels.id must list the raw label values "
              + "for layout generic (and "
              + KEY
              + "labels.void any ignored ones)");
    }
    Pattern regex;
    try {
      regex = Pattern.compile(spec.labelRegex());
    } catch (PatternSyntaxException e) {
      throw new UsageException(
          KEY
              + "generic.label-regex = \""
              + spec.labelRegex()
              + "\" is not a valid "
              + "regular expression: "
              + e.getDescription(),
          e);
    }
    int groups = regex.matcher("").groupCount();
    Matcher reference = GROUP_REFERENCE.matcher(spec.labelReplacement());
    while (reference.find()) {
      if (Integer.parseInt(reference.group(1)) > groups) {
        throw new UsageException(
            KEY
                + "generic.label-replacement = \""
                + spec.labelReplacement()
                + "\" refers to "
                + reference.group()
                + " but "
                + KEY
                + "generic.label-regex has "
                + groups
                + " group(s)");
      }
    }
    return new GenericReader(
        spec.imageGlob(), regex, spec.labelReplacement(), custom, spec.expectedCount());
  }

  private static void required(String value, String key) {
    if (value.isBlank()) {
      throw new UsageException(KEY + key + " must be set for layout generic");
    }
  }
}
