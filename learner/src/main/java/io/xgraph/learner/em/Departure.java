package io.xgraph.learner.em;

/**
 * A named departure from the authors' MATLAB release (zqs1022/explanatoryGraph), which the learner
 * follows by default (docs/algorithm.md, docs/learner.md "Release-faithful EM"). Each value
 * restores the first learner's rule for one step, so its effect can be measured on its own (the
 * ablation table in docs/learner.md); none is on by default.
 */
public enum Departure {
  /**
   * Nodes without parents (the top layer, and every layer's first iteration) use their own learned
   * sigma_V as the width of their prior G. The release uses a fixed width of 0.15 S there
   * (getCurDistribution.m): a node's sigma_V only sets its search window and its children's prior,
   * never its own G. Feeding sigma_V back into its own G shrinks it to its floor and pins the node.
   */
  OWN_SIGMA_PRIOR,
  /**
   * The candidate offsets are the grid's end points -r ... r. The release takes the centres of a
   * split of [-r, r] into {@code candidateGrid} cells: +-r/6, +-3r/6, +-5r/6 for 6
   * (getBasicSettings.m).
   */
  END_POINT_CANDIDATES,
  /**
   * The noise component tau_I is tau times the mean of sum_o G over the nodes of the same filter.
   * The release takes the mean over every node of the layer (learn_explanatoryGraph.m).
   */
  FILTER_NOISE,
  /**
   * The M-step scales each node's step by its own sigma~: a plain damped mean shift. The release
   * scales every step by the layer's smallest sigma~ over nodes and images, divided by t^0.25
   * (minDelta in learn_explanatoryGraph.m), so nodes with wide priors move less.
   */
  NODE_STEP,
  /**
   * A node's score on an image is its best candidate's G R. The release records the sum over the
   * candidates of G R (prob_record), which ranks the top images and the parent candidates. On by
   * default: a node's top images are then the images where it fires sharply, not where its window
   * holds much response, and both the held-out stability and the 3-shot head localisation improve
   * (docs/learner.md).
   */
  BEST_SCORE,
  /**
   * A parent's displacement on an image is its inferred position minus its prior mu. The release
   * takes the inferred position minus its mean over the training images (getCurDistribution.m).
   */
  PARENT_SHIFT_FROM_MU
}
