package io.xgraph.learner.em;

/**
 * How the M-step re-estimates a node's deformation sigma_V from the training images (paper footnote
 * 4: "compute the variation of p_x - mu_V - Delta_{I,V} w.r.t. different images").
 */
public enum SigmaEstimate {
  /**
   * The authors' release (updateModel in learn_explanatoryGraph.m), the default: the uncentred 2-D
   * root mean square of every candidate offset o of every image, weighted by G(o) R(o): sigma_V^2 =
   * sum G R |o|^2 / sum G R. A soft estimate over the whole window, so a node whose evidence
   * spreads keeps a wide window.
   */
  SOFT,
  /**
   * The first learner's reading of the release: the spread (centred, per axis) of the chosen offset
   * argmax_o G R only, weighted by G R. Under a prior of width sigma_V it collapses sigma_V to its
   * floor (measured in docs/learner.md).
   */
  ARGMAX,
  /**
   * The offset of the strongest response R in the candidate window (centred, per axis), weighted by
   * that response: where the filter's evidence lies relative to the predicted centre, whatever the
   * prior says.
   */
  RESPONSE
}
