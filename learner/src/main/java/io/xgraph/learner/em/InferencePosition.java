package io.xgraph.learner.em;

/**
 * Which point of a node's scored candidates is its inferred position on an image (paper section 3.2
 * takes the best unit; the posterior mean is this project's option, measured in docs/learner.md
 * "Release-faithful EM").
 */
public enum InferencePosition {
  /** The best-scoring candidate [paper, release]. */
  ARGMAX,
  /**
   * The score-weighted mean of the candidates (the posterior mean of the node's position under S =
   * G R): moves smoothly with the evidence instead of jumping between candidates when a broad
   * response is nearly flat over the window.
   */
  POSTERIOR_MEAN
}
