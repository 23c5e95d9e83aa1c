package io.xgraph.learner.model;

import io.xgraph.learner.data.LayerGeometry;
import java.util.List;

/**
 * One layer of the graph.
 *
 * @param geometry where the layer's units sit on the input plane
 * @param negativeSigma per-element normalisation of the raw output, layout [c][row][col]
 * @param scoreScale divisor applied to raw inference scores of this layer so that the mean score
 *     over the layer's patterns and training images is 1 (algorithm.md, learning step 5)
 * @param patterns the layer's patterns, ordered by channel then slot
 */
public record GraphLayer(
    LayerGeometry geometry, float[] negativeSigma, double scoreScale, List<Pattern> patterns) {

  public GraphLayer {
    patterns = List.copyOf(patterns);
    if (negativeSigma.length != geometry.size()) {
      throw new IllegalArgumentException(
          "negativeSigma of layer `"
              + geometry.name()
              + "` has "
              + negativeSigma.length
              + " values, expected "
              + geometry.size());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GraphLayer g
        && geometry.equals(g.geometry)
        && java.util.Arrays.equals(negativeSigma, g.negativeSigma)
        && Double.compare(scoreScale, g.scoreScale) == 0
        && patterns.equals(g.patterns);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        geometry, java.util.Arrays.hashCode(negativeSigma), scoreScale, patterns);
  }

  @Override
  public String toString() {
    return "GraphLayer[" + geometry.name() + ", " + patterns.size() + " patterns]";
  }
}
