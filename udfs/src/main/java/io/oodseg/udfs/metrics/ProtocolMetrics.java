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

  /**
   * Assembles the protocols from the exact curve and (for {@link Protocol#SMIYC}) the binned SMIYC
   * curve, and logs a warning per undefined metric, naming {@code what} (e.g. the key; null logs
   * nothing).
   */
  static ProtocolMetrics assemble(
      Object what,
      Set<Protocol> protocols,
      ProtocolSweep.Curve exact,
      ProtocolSweep.Curve smiyc,
      BinnedComparison binned,
      BootstrapInterval bootstrap) {
    BinaryMetrics step = exact.step;
    EnumMap<Protocol, BinaryMetrics> out = new EnumMap<>(Protocol.class);
    for (Protocol p : protocols) {
      switch (p) {
        case EXACT, FISHYSCAPES -> out.put(p, step);
        case ADE_OOD ->
            out.put(
                p,
                new BinaryMetrics(
                    step.ap(),
                    exact.nearestFpr95,
                    step.auroc(),
                    step.positives(),
                    step.negatives(),
                    step.thresholds()));
        case SMIYC ->
            out.put(
                p,
                new BinaryMetrics(
                    smiyc.trapzAp,
                    smiyc.step.fpr95(),
                    smiyc.step.auroc(),
                    step.positives(),
                    step.negatives(),
                    smiyc.step.thresholds()));
        default -> throw new IllegalStateException("unknown protocol " + p);
      }
    }
    List<String> warnings = new ArrayList<>();
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
