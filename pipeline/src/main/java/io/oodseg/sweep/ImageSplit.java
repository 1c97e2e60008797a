package io.oodseg.sweep;

import io.oodseg.config.UsageException;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeded image split of one benchmark ({@code sweep.select-on.fraction} or {@code folds}): each
 * image id is ranked by the SHA-256 of {@code "<seed>\n<id>"} (UTF-8, compared as lowercase hex,
 * ties by id); with a fraction f of n images the first {@code round(f·n)} (at least 1, at most n −
 * 1) are the validation split 0 and the rest the held-out split 1; with k folds the image of rank r
 * is in fold {@code r mod k}. The split therefore depends only on the ids and the seed, not on the
 * order in which images are read, and anyone can rebuild it from the image ids.
 */
public final class ImageSplit implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, Integer> splitOf;

  private ImageSplit(Map<String, Integer> splitOf) {
    this.splitOf = Map.copyOf(splitOf);
  }

  /**
   * The split of {@code ids} that {@code select} asks for (every image in split 0 when it asks for
   * none).
   *
   * @throws UsageException when the benchmark has too few images for the split
   */
  static ImageSplit of(List<String> ids, SelectOn select, String benchmark) {
    Map<String, Integer> out = new HashMap<>();
    List<String> ranked =
        ids.stream()
            .distinct()
            .sorted(
                Comparator.comparing((String id) -> rankKey(select.seed(), id))
                    .thenComparing(Comparator.naturalOrder()))
            .toList();
    int n = ranked.size();
    switch (select.mode()) {
      case SPLIT -> {
        if (n < 2) {
          throw new UsageException(
              "sweep.select-on.fraction: benchmark "
                  + benchmark
                  + " has "
                  + n
                  + " image(s); a validation split needs at least 2");
        }
        long validation = Math.max(1, Math.min(n - 1, Math.round(select.fraction() * n)));
        for (int r = 0; r < n; r++) {
          out.put(ranked.get(r), r < validation ? 0 : 1);
        }
      }
      case FOLDS -> {
        if (n < select.folds()) {
          throw new UsageException(
              "sweep.select-on.folds = "
                  + select.folds()
                  + ": benchmark "
                  + benchmark
                  + " has "
                  + n
                  + " image(s), fewer than the folds");
        }
        for (int r = 0; r < n; r++) {
          out.put(ranked.get(r), r % select.folds());
        }
      }
      default -> ranked.forEach(id -> out.put(id, 0));
    }
    return new ImageSplit(out);
  }

  /** The rank key of an image: SHA-256 of {@code "<seed>\n<id>"} as lowercase hex. */
  public static String rankKey(long seed, String imageId) {
    return SweepPlan.sha64(Long.toString(seed), imageId);
  }

  /**
   * The split of an image.
   *
   * @throws IllegalStateException for an image the split was not made for
   */
  int of(String imageId) {
    Integer s = splitOf.get(imageId);
    if (s == null) {
      throw new IllegalStateException("image " + imageId + " is not in the sweep's image split");
    }
    return s;
  }

  /** Images in split {@code s}. */
  long count(int s) {
    return splitOf.values().stream().filter(v -> v == s).count();
  }
}
