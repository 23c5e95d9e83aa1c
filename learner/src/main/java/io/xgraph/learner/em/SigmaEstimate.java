package io.xgraph.learner.em;

/**
 * How the M-step re-estimates a node's deformation sigma_V from the training images (paper footnote
 * 4: "compute the variation of p_x - mu_V - Delta_{I,V} w.r.t. different images").
 */
public enum SigmaEstimate {
  /**
   * The authors' release: the spread of the inferred offsets argmax_o G(o) R(o), weighted by G R.
   * The offsets are chosen under the prior G, whose width is sigma_V itself, inside a window of at
   * most 3 sigma_V; so a narrower sigma yields a narrower spread and sigma_V collapses to its floor
   * (measured on the birds: every layer's median sigma ends at sigma_max / 10, docs/learner.md).
   */
  RELEASE,
  /**
   * The offset of the strongest response R in the candidate window, weighted by that response:
   * where the filter's evidence actually lies relative to the predicted centre mu_V + Delta, not
   * where the prior pulled it. The window still bounds the offsets (at most searchRangeFraction S),
   * so sigma_V does not grow without limit; it settles where the evidence spreads.
   */
  RESPONSE
}
