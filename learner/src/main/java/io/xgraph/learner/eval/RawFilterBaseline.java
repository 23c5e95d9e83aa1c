package io.xgraph.learner.eval;

import io.xgraph.learner.data.LayerGeometry;

/**
 * The "raw filter" baseline of the paper (Table 1, after Zhou et al.): each filter is one detector;
 * its position on an image is the unit with the highest ReLU response, its score that response. The
 * raw ReLU value is recovered from the normalised map as x = f * sigma_neg where f > 0, else 0.
 */
public final class RawFilterBaseline {

  private RawFilterBaseline() {}

  /**
   * One detection per filter.
   *
   * @param x image-plane x of the argmax unit, pixels
   * @param y image-plane y, pixels
   * @param score the raw ReLU value there
   */
  public record Detections(float[] x, float[] y, float[] score) {}

  /**
   * Checks that a normalised map and its sigma both hold one image of layer {@code g}.
   *
   * @throws IllegalArgumentException naming the layer and the sizes
   */
  public static void checkSizes(LayerGeometry g, float[] normalisedMap, float[] negativeSigma) {
    if (normalisedMap.length != g.size() || negativeSigma.length != g.size()) {
      throw new IllegalArgumentException(
          "Layer `"
              + g.name()
              + "` needs maps of "
              + g.size()
              + " values, got "
              + normalisedMap.length
              + " and sigma of "
              + negativeSigma.length);
    }
  }

  /** Detects with every filter of one layer on one image's normalised map {@code [c][row][col]}. */
  public static Detections detect(LayerGeometry g, float[] normalisedMap, float[] negativeSigma) {
    checkSizes(g, normalisedMap, negativeSigma);
    int plane = g.height() * g.width();
    float[] x = new float[g.channels()];
    float[] y = new float[g.channels()];
    float[] s = new float[g.channels()];
    for (int c = 0; c < g.channels(); c++) {
      int best = 0;
      float bestValue = 0;
      for (int k = 0; k < plane; k++) {
        float f = normalisedMap[c * plane + k];
        float raw = f > 0 ? f * negativeSigma[c * plane + k] : 0f;
        if (raw > bestValue) {
          bestValue = raw;
          best = k;
        }
      }
      x[c] = (float) g.x(best % g.width());
      y[c] = (float) g.y(best / g.width());
      s[c] = bestValue;
    }
    return new Detections(x, y, s);
  }
}
