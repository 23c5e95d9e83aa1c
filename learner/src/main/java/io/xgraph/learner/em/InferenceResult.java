package io.xgraph.learner.em;

/**
 * Inference of every pattern of a graph on one image: position (image-plane pixels), scaled score
 * and whether it fired. Indexed by layer and by the pattern's index within its layer (its id minus
 * the layer's first id). Immutable: arrays are copied in and out.
 */
public final class InferenceResult {
  private final float[][] x;
  private final float[][] y;
  private final float[][] score;
  private final boolean[][] fired;

  InferenceResult(float[][] x, float[][] y, float[][] score, boolean[][] fired) {
    this.x = x;
    this.y = y;
    this.score = score;
    this.fired = fired;
  }

  public int layerCount() {
    return x.length;
  }

  public int size(int layer) {
    return x[layer].length;
  }

  public double x(int layer, int node) {
    return x[layer][node];
  }

  public double y(int layer, int node) {
    return y[layer][node];
  }

  public double score(int layer, int node) {
    return score[layer][node];
  }

  public boolean fired(int layer, int node) {
    return fired[layer][node];
  }

  /** Copies of one layer's x positions. */
  public float[] xs(int layer) {
    return x[layer].clone();
  }

  public float[] ys(int layer) {
    return y[layer].clone();
  }

  public float[] scores(int layer) {
    return score[layer].clone();
  }

  /** Number of fired patterns in a layer. */
  public int firedCount(int layer) {
    int c = 0;
    for (boolean b : fired[layer]) {
      c += b ? 1 : 0;
    }
    return c;
  }
}
