package io.oodseg.image;

import java.io.Serializable;

/** Nanoseconds one image spent in each executor-side stage. */
public final class StageTimes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Stage names in pipeline order; indexes of {@link #nanos()}. */
  public static final String[] STAGES = {
    "decode", "inference", "clustering", "scoring", "counting"
  };

  public static final int DECODE = 0;
  public static final int INFERENCE = 1;
  public static final int CLUSTERING = 2;
  public static final int SCORING = 3;
  public static final int COUNTING = 4;

  private final long[] nanos = new long[STAGES.length];

  /** Adds time to a stage. */
  public void add(int stage, long value) {
    nanos[stage] += value;
  }

  /** Copy of the per-stage nanoseconds. */
  public long[] nanos() {
    return nanos.clone();
  }

  /** Milliseconds of one stage. */
  public double millis(int stage) {
    return nanos[stage] / 1e6;
  }
}
