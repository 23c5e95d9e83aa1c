package io.xgraph.learner.em;

/**
 * How a node scores a candidate unit when its position is inferred.
 *
 * <p>The paper (section 3.2, "Inference of pattern positions") assigns node V to the unit
 * maximising {@code S = F(x) * P(p_x | V, R, theta)^2}; the authors' release uses {@code G * R},
 * i.e. the prior density to the first power. Both are implemented; the learner's default is chosen
 * by measurement (docs/learner.md).
 */
public enum InferenceScore {
  /** {@code S = R * G}: the release. */
  LINEAR,
  /** {@code S = R * G^2}: the paper. */
  SQUARED;

  /** The score of a candidate with prior density {@code g} and smoothed response {@code r}. */
  public double score(double g, double r) {
    return this == SQUARED ? g * g * r : g * r;
  }
}
