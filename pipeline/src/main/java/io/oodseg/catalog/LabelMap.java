package io.oodseg.catalog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Maps a benchmark's raw 8-bit label values to the common labels every later stage uses: {@link
 * #ID} = 0 (in-distribution), {@link #OOD} = 1 (out-of-distribution), {@link #VOID} = 255
 * (ignored). A raw value listed in none of the map's three lists is invalid; an image whose label
 * holds one fails with a message naming the file, the value and the map.
 *
 * <p>Immutable and serializable, so a reader's map ships to the executors with the records.
 */
public final class LabelMap implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Common label of in-distribution pixels. */
  public static final int ID = 0;

  /** Common label of out-of-distribution pixels. */
  public static final int OOD = 1;

  /** Common label of pixels that no metric counts. */
  public static final int VOID = 255;

  private static final short INVALID = -1;

  /** The common labels themselves: OoD 1, ID 0, void 255 (SMIYC, ADE-OoD, Fishyscapes, demo). */
  public static final LabelMap COMMON = of("common", List.of(1), List.of(0), List.of(255));

  /** RoadAnomaly: OoD 2, ID 0, no void. */
  public static final LabelMap ROAD_ANOMALY = of("road-anomaly", List.of(2), List.of(0), List.of());

  /** LostAndFound {@code gtCoarse} label ids: OoD 2..200, ID 1 (free road), void 0 (unlabelled). */
  public static final LabelMap LOST_AND_FOUND =
      of("lost-and-found", range(2, 200), List.of(1), List.of(0));

  private final String name;
  private final short[] table;
  private final String description;

  private LabelMap(String name, short[] table, String description) {
    this.name = name;
    this.table = table;
    this.description = description;
  }

  /**
   * Builds a map from the raw values of each common label.
   *
   * @param name name shown in error messages (the benchmark or layout)
   * @param ood raw values that mean OoD
   * @param id raw values that mean ID
   * @param voidValues raw values to ignore
   * @throws IllegalArgumentException when a value is outside 0..255 or in two lists
   */
  public static LabelMap of(
      String name,
      Collection<Integer> ood,
      Collection<Integer> id,
      Collection<Integer> voidValues) {
    Objects.requireNonNull(name, "name");
    short[] table = new short[256];
    Arrays.fill(table, INVALID);
    put(table, ood, OOD, "OoD");
    put(table, id, ID, "ID");
    put(table, voidValues, VOID, "void");
    String description =
        name
            + " (OoD "
            + ranges(table, OOD)
            + ", ID "
            + ranges(table, ID)
            + ", void "
            + ranges(table, VOID)
            + ")";
    return new LabelMap(name, table, description);
  }

  /** The values {@code from..to}, both included. */
  public static List<Integer> range(int from, int to) {
    List<Integer> values = new ArrayList<>();
    for (int v = from; v <= to; v++) {
      values.add(v);
    }
    return values;
  }

  private static void put(short[] table, Collection<Integer> values, int label, String what) {
    for (int v : values) {
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException(what + " value " + v + " is outside 0..255");
      }
      if (table[v] != INVALID) {
        throw new IllegalArgumentException(
            "value " + v + " is listed as " + what + " and as " + labelName(table[v]));
      }
      table[v] = (short) label;
    }
  }

  private static String labelName(int label) {
    return label == OOD ? "OoD" : label == ID ? "ID" : "void";
  }

  /**
   * Compact listing of the raw values mapped to {@code label}, e.g. {@code 2..200} or {@code none}.
   */
  private static String ranges(short[] table, int label) {
    StringBuilder out = new StringBuilder();
    for (int v = 0; v < 256; v++) {
      if (table[v] != label) {
        continue;
      }
      int end = v;
      while (end + 1 < 256 && table[end + 1] == label) {
        end++;
      }
      out.append(out.length() == 0 ? "" : ", ").append(v).append(end > v ? ".." + end : "");
      v = end;
    }
    return out.length() == 0 ? "none" : out.toString();
  }

  /** The map's name. */
  public String name() {
    return name;
  }

  /** The common label of one raw value, or -1 when the value is not in the map. */
  public int map(int raw) {
    return raw < 0 || raw > 255 ? INVALID : table[raw];
  }

  /**
   * Maps raw label values to the common labels in place and returns the same array.
   *
   * @param raw raw 8-bit values, row-major; overwritten (its content is unspecified on failure)
   * @param labelUri the label's location, for the message
   * @throws InvalidLabelException when a value is not in the map; the message names the file, the
   *     first bad value, how many pixels hold bad values, and the map
   */
  public byte[] apply(byte[] raw, String labelUri) throws InvalidLabelException {
    int bad = 0;
    boolean[] badValues = null;
    for (int i = 0; i < raw.length; i++) {
      short mapped = table[raw[i] & 0xFF];
      if (mapped == INVALID) {
        if (badValues == null) {
          badValues = new boolean[256];
        }
        badValues[raw[i] & 0xFF] = true;
        bad++;
      } else {
        raw[i] = (byte) mapped;
      }
    }
    if (bad > 0) {
      List<Integer> values = new ArrayList<>();
      for (int v = 0; v < 256; v++) {
        if (badValues[v]) {
          values.add(v);
        }
      }
      throw new InvalidLabelException(
          "label "
              + labelUri
              + " holds value "
              + values.get(0)
              + (values.size() > 1 ? " (values outside the map: " + values + ")" : "")
              + " in "
              + bad
              + " pixel(s), outside the map "
              + description);
    }
    return raw;
  }

  /** The map in words, e.g. {@code road-anomaly (OoD 2, ID 0, void none)}. */
  @Override
  public String toString() {
    return description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap other
        && name.equals(other.name)
        && Arrays.equals(table, other.table);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(table);
  }
}
