package io.oodseg.config;

import io.oodseg.udfs.metrics.Protocol;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric protocols of a run ({@code metrics.protocols}), parsed: at least one, each once, in
 * configured order. The first is the run's primary protocol (the one a summary or a ranking uses).
 *
 * @param all the protocols, in configured order
 */
public record Protocols(List<Protocol> all) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Keeps the first of repeated protocols; refuses an empty list. */
  public Protocols {
    all = List.copyOf(new LinkedHashSet<>(all));
    if (all.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol is needed");
    }
  }

  /**
   * The protocols of names as {@link Protocol#of} reads them.
   *
   * @throws IllegalArgumentException for an unknown name or an empty list
   */
  public static Protocols parse(List<String> names) {
    List<Protocol> parsed = new ArrayList<>();
    for (String name : names) {
      parsed.add(Protocol.of(name));
    }
    return new Protocols(parsed);
  }

  /** The run's primary protocol: the first configured. */
  public Protocol primary() {
    return all.get(0);
  }

  /** The protocols as a set, in configured order. */
  public Set<Protocol> set() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(all));
  }

  /** The protocols' configuration names ({@link Protocol#sqlName()}), in configured order. */
  public List<String> names() {
    return all.stream().map(Protocol::sqlName).toList();
  }

  @Override
  public String toString() {
    return names().toString();
  }
}
