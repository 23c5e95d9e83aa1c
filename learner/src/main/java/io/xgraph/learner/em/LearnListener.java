package io.xgraph.learner.em;

/** Progress of learning, for terminals and logs; every method has a no-op default. */
public interface LearnListener {

  /** A layer starts; {@code resumed} when it comes from a checkpoint and will not be learned. */
  default void layerStarted(int layer, String name, int nodes, int iterations, boolean resumed) {}

  /** One EM iteration of a layer finished (1-based). */
  default void iterationFinished(int layer, int iteration) {}

  /** A layer stopped early on convergence after {@code iterations} of its T iterations. */
  default void layerConverged(int layer, int iterations) {}

  /**
   * A phase of a layer ended. Phases follow each other without gaps from the start of learning, so
   * a listener that reads its clocks at every call measures each phase (see {@link LearnPhase}).
   */
  default void phaseFinished(int layer, LearnPhase phase) {}

  /** A layer is finished. */
  default void layerFinished(int layer, double seconds) {}

  /** A listener that ignores everything. */
  static LearnListener silent() {
    return new LearnListener() {};
  }
}
