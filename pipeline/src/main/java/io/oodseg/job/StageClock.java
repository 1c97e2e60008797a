package io.oodseg.job;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock laps of the driver-side stages, in seconds. */
final class StageClock {
  private final Map<String, Double> laps = new LinkedHashMap<>();
  private long last = System.nanoTime();

  void lap(String stage) {
    long now = System.nanoTime();
    laps.merge(stage, (now - last) / 1e9, Double::sum);
    last = now;
  }

  Map<String, Double> stages() {
    return new LinkedHashMap<>(laps);
  }
}
