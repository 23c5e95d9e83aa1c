package io.xgraph.learner.compare;

/**
 * Inference of the patterns of one graph layer over the images of a comparison, indexed {@code
 * [pattern][image]}. Positions are image-plane pixels of the model input (the 224x224 crop).
 *
 * @param name layer (tensor) name
 * @param patternIds graph-wide pattern ids, one per row
 * @param x inferred x per pattern and image
 * @param y inferred y
 * @param score scaled inference score
 * @param fired whether the pattern fired on the image
 */
public record LayerPositions(
    String name, int[] patternIds, float[][] x, float[][] y, float[][] score, boolean[][] fired) {

  public LayerPositions {
    int n = patternIds.length;
    if (x.length != n || y.length != n || score.length != n || fired.length != n) {
      throw new IllegalArgumentException(
          "Layer `"
              + name
              + "`: patternIds, x, y, score and fired need one row per pattern ("
              + n
              + ")");
    }
  }

  /** Number of patterns. */
  public int size() {
    return patternIds.length;
  }

  /** Number of images (0 for a layer without patterns). */
  public int imageCount() {
    return x.length == 0 ? 0 : x[0].length;
  }
}
