package io.xgraph.learner.compare;

/**
 * Whether two patterns move together across images, not just sit at the same place.
 *
 * <p>Over the images S on which both fire, the observed mean squared distance is D_obs = mean |a_i
 * - b_i|^2. Were the positions of a and b unrelated across images, its expected value would be
 * D_ind = |mean a - mean b|^2 + var a + var b (var: mean squared deviation from the mean over S, x
 * and y summed); D_obs = D_ind - 2 cov(a, b). The ratio D_obs / D_ind lies in [0, 2]: about 1 for
 * two patterns pinned at fixed places (a static layout coincidence), near 0 for two patterns that
 * follow the same thing from image to image.
 *
 * @param ratio D_obs / D_ind (NaN when S is empty or D_ind is 0)
 * @param movement sqrt(var a + var b) over S, normalised by the diagonal
 * @param shared size of S
 */
public record CoMovement(double ratio, double movement, int shared) {

  /**
   * Measures pattern {@code va} of layer a against pattern {@code vb} of layer b (row indices).
   *
   * @param diagonal normaliser of the movement (224 sqrt 2)
   */
  public static CoMovement of(LayerPositions a, int va, LayerPositions b, int vb, double diagonal) {
    boolean[] fa = a.fired()[va];
    boolean[] fb = b.fired()[vb];
    float[] ax = a.x()[va];
    float[] ay = a.y()[va];
    float[] bx = b.x()[vb];
    float[] by = b.y()[vb];
    int n = 0;
    double sax = 0, say = 0, sbx = 0, sby = 0;
    for (int i = 0; i < fa.length; i++) {
      if (fa[i] && fb[i]) {
        n++;
        sax += ax[i];
        say += ay[i];
        sbx += bx[i];
        sby += by[i];
      }
    }
    if (n == 0) {
      return new CoMovement(Double.NaN, 0, 0);
    }
    double max = sax / n, may = say / n, mbx = sbx / n, mby = sby / n;
    // second pass about the means: no cancellation when positions barely move
    double varA = 0, varB = 0, obs = 0;
    for (int i = 0; i < fa.length; i++) {
      if (fa[i] && fb[i]) {
        double dax = ax[i] - max, day = ay[i] - may, dbx = bx[i] - mbx, dby = by[i] - mby;
        varA += dax * dax + day * day;
        varB += dbx * dbx + dby * dby;
        double dx = ax[i] - bx[i], dy = ay[i] - by[i];
        obs += dx * dx + dy * dy;
      }
    }
    varA /= n;
    varB /= n;
    obs /= n;
    double gx = max - mbx, gy = may - mby;
    double ind = gx * gx + gy * gy + varA + varB;
    double ratio = ind > 0 ? obs / ind : Double.NaN;
    return new CoMovement(ratio, Math.sqrt(varA + varB) / diagonal, n);
  }

  /** Whether this pair passes the co-movement test of the settings. */
  public boolean passes(CompareParameters p) {
    return shared > 0 && movement >= p.minMovement() && ratio <= p.maxRatio();
  }
}
