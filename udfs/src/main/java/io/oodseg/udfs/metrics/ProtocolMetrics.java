package io.oodseg.udfs.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled metrics of one key (or one image) under each requested {@link Protocol}, with the
 * optional curve points, binned comparison and bootstrap interval, and the warnings that explain
 * every null metric. Immutable.
 */
public final class ProtocolMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolMetrics.class);

  private final EnumMap<Protocol, BinaryMetrics> byProtocol;
  private final long positives;
  private final long negatives;
  private final List<CurvePoint> curve;
  private final BinnedComparison binned;
  private final BootstrapInterval bootstrap;
  private final List<String> warnings;
  private final Double adeOodFpr95AllPoints;

  private ProtocolMetrics(
      EnumMap<Protocol, BinaryMetrics> byProtocol,
      ProtocolSweep.Curve exact,
      BinnedComparison binned,
      BootstrapInterval bootstrap,
      List<String> warnings) {
    this.byProtocol = byProtocol;
    this.positives = exact.step.positives();
    this.negatives = exact.step.negatives();
    this.curve = exact.points;
    this.binned = binned;
    this.bootstrap = bootstrap;
    this.warnings = List.copyOf(warnings);
    this.adeOodFpr95AllPoints = exact.nearestFpr95AllPoints;
  }

  /** Warning of a key whose scores overflow float16, so smiyc is undefined. */
  static final String SMIYC_OVERFLOW =
      "smiyc: a score lies beyond float16's range (|s| > 65504, as every flagged pixel of the"
          + " fused score mode); SegmentMeIfYouCan casts scores to float16, where they become"
          + " infinite, so smiyc's AP, FPR95 and AUROC are null";

  /**
   * Assembles the protocols from the curves, and logs a warning per undefined metric, naming {@code
   * what} (e.g. the key; null logs nothing).
   *
   * @param exact the curve of the scores as given
   * @param float32 the curve of the float32-cast scores ({@link Protocol#FISHYSCAPES}, {@link
   *     Protocol#FPR95_INTERP}); {@code exact} itself when every score is a float32 value
   * @param smiyc the binned SMIYC curve, null if not computed or if a score overflows float16
   */
  static ProtocolMetrics assemble(
      Object what,
      Set<Protocol> protocols,
      ProtocolSweep.Curve exact,
      ProtocolSweep.Curve float32,
      ProtocolSweep.Curve smiyc,
      BinnedComparison binned,
      BootstrapInterval bootstrap) {
    BinaryMetrics step = exact.step;
    EnumMap<Protocol, BinaryMetrics> out = new EnumMap<>(Protocol.class);
    boolean smiycOverflow = false;
    for (Protocol p : protocols) {
      BinaryMetrics m =
          switch (p) {
            case EXACT -> step;
            case ADE_OOD -> exact.withFpr95(exact.nearestFpr95);
            case SMIYC -> smiyc != null ? smiyc.step : undefined(step);
            case FISHYSCAPES -> float32.step;
            case FPR95_GT -> exact.withFpr95(exact.firstAboveFpr95);
            case FPR95_INTERP -> float32.withFpr95(float32.interpolatedFpr95);
            case FPR95_NEAREST -> exact.withFpr95(exact.nearestReversedFpr95);
          };
      smiycOverflow |= p == Protocol.SMIYC && smiyc == null;
      out.put(p, m);
    }
    List<String> warnings = new ArrayList<>();
    if (smiycOverflow) {
      warnings.add(SMIYC_OVERFLOW);
    }
    if (step.positives() == 0) {
      warnings.add("no positive (OoD) pixel: AP, FPR95 and AUROC are undefined (null)");
    } else if (step.negatives() == 0) {
      warnings.add("no negative (in-distribution) pixel: FPR95 and AUROC are undefined (null)");
    }
    if (bootstrap != null && bootstrap.apDefined() < bootstrap.replicates()) {
      warnings.add(
          (bootstrap.replicates() - bootstrap.apDefined())
              + " of "
              + bootstrap.replicates()
              + " bootstrap replicates drew no positive pixel; left out");
    }
    for (String w : what == null ? List.<String>of() : warnings) {
      LOG.warn("{}: {}", what, w);
    }
    return new ProtocolMetrics(out, exact, binned, bootstrap, warnings);
  }

  private static BinaryMetrics undefined(BinaryMetrics counts) {
    return new BinaryMetrics(null, null, null, counts.positives(), counts.negatives(), 0);
  }

  /**
   * The metrics under {@code protocol}.
   *
   * @throws IllegalArgumentException if the protocol was not computed
   */
  public BinaryMetrics get(Protocol protocol) {
    BinaryMetrics m = byProtocol.get(protocol);
    if (m == null) {
      throw new IllegalArgumentException(protocol + " was not computed; have " + protocols());
    }
    return m;
  }

  /** The protocols computed. */
  public Set<Protocol> protocols() {
    return Collections.unmodifiableSet(byProtocol.keySet());
  }

  /** Metrics per computed protocol. */
  public Map<Protocol, BinaryMetrics> all() {
    return Collections.unmodifiableMap(byProtocol);
  }

  /** Positive (OoD) pixels pooled. */
  public long positives() {
    return positives;
  }

  /** Negative (non-void, in-distribution) pixels pooled. */
  public long negatives() {
    return negatives;
  }

  /** Points of the pooled exact curve, by descending threshold; empty unless requested. */
  public List<CurvePoint> curve() {
    return curve;
  }

  /** The binned comparison, if requested. */
  public Optional<BinnedComparison> binned() {
    return Optional.ofNullable(binned);
  }

  /** The bootstrap interval, if requested. */
  public Optional<BootstrapInterval> bootstrap() {
    return Optional.ofNullable(bootstrap);
  }

  /** Why metrics are null, or replicates left out (also logged at WARN); empty if none. */
  public List<String> warnings() {
    return warnings;
  }

  /** ADE-OoD's FPR95 over {@code roc_curve(drop_intermediate=False)}, for tests. */
  Double adeOodFpr95AllPoints() {
    return adeOodFpr95AllPoints;
  }

  @Override
  public String toString() {
    return "ProtocolMetrics{"
        + byProtocol
        + ", curvePoints="
        + curve.size()
        + (binned == null ? "" : ", binned=" + binned)
        + (bootstrap == null ? "" : ", bootstrap=" + bootstrap)
        + (warnings.isEmpty() ? "" : ", warnings=" + warnings)
        + "}";
  }
}
