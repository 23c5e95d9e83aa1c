package io.xgraph.learner.aog;

/**
 * A latent pattern used by a part template (an OR node of the And-Or graph): where the pattern says
 * the part is, relative to the pattern's own inferred position.
 *
 * <p>Stored as {@code (:PartTemplate)-[:USES {dx, dy, weight}]->(:Pattern)}.
 *
 * @param patternIndex index into {@link PatternResponses} (the graph's {@code Pattern.id})
 * @param dx part x minus pattern x on the template's annotated image, pixels
 * @param dy part y minus pattern y on the template's annotated image, pixels
 * @param weight vote weight, {@code > 0}; the weights of one template sum to 1
 */
public record TemplatePattern(int patternIndex, double dx, double dy, double weight) {

  public TemplatePattern {
    if (patternIndex < 0) {
      throw new IllegalArgumentException(
          "Template pattern index is " + patternIndex + ": must be >= 0");
    }
    if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
      throw new IllegalArgumentException(
          "Template pattern "
              + patternIndex
              + " has offset ("
              + dx
              + ", "
              + dy
              + "): must be finite");
    }
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "Template pattern "
              + patternIndex
              + " has weight "
              + weight
              + ": must be finite and > 0");
    }
  }
}
