package io.xgraph.learner.em;

/**
 * Which units of a filter's map a node's position is searched among when it is inferred (paper
 * section 3.2, "Inference of pattern positions").
 */
public enum InferenceSearch {
  /**
   * The authors' release: a grid of {@code candidateGrid}^2 offsets within the half-range r =
   * round(min(searchRangeFraction S, searchRangeSigmas sigma_V)) around the prior centre. A node
   * cannot move further than r cells from its prior centre, whatever the map holds.
   */
  WINDOW,
  /**
   * The paper's text: every unit x of the filter's map is a candidate, scored F(x) P(p_x | V,
   * R_{L+1}), so the prior weighs the evidence instead of cutting it off; a strong response far
   * from the prior centre can win over a weak one near it.
   */
  MAP
}
