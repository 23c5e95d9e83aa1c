package io.xgraph.evaluation;

/**
 * Where a long evaluation step reports how far it is (the CLI draws progress bars, a notebook may
 * ignore it): {@code done} of {@code total} units of the step named {@code task}.
 */
@FunctionalInterface
public interface Progress {

  /** Reports nothing. */
  Progress NONE = (task, done, total) -> {};

  void step(String task, long done, long total);
}
