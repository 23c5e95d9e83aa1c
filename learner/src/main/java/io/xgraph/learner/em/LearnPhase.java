package io.xgraph.learner.em;

/**
 * The consecutive pieces of learning one layer, as reported by {@link LearnListener#phaseFinished}:
 * each layer reads its maps, then alternates parent selection (lower layers, on the iterations that
 * re-select) and EM iterations, then runs the final inference and writes its checkpoint.
 */
public enum LearnPhase {
  /** Reading the layer's feature maps and smoothing them into R. */
  READ_MAPS,
  /** Choosing each node's parents and caching the parents' part of its prior (step 1). */
  SELECT_PARENTS,
  /**
   * One EM iteration over every node and training image (steps 2-4); the first of a layer also
   * carries the layer's set-up (allocating its state).
   */
  EM_ITERATION,
  /** The inference that finishes the layer: scores, top images, positions for the next layer. */
  FINAL_INFERENCE,
  /** Writing the layer's checkpoint. */
  CHECKPOINT
}
