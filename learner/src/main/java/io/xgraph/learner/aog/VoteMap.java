package io.xgraph.learner.aog;

/**
 * A vote map over the crop plane: a grid that accumulates Gaussian-weighted votes and reports its
 * maximum.
 *
 * <p>Grid cell {@code (i, j)} sits at plane position {@code (j * step, i * step)}; with {@code step
 * = 1} the cells are the 224 x 224 pixel centres. The kernel {@code mass * exp(-d^2 / (2 sigma^2))}
 * is truncated at 3 sigma and evaluated separably, so one vote costs about {@code (6 sigma /
 * step)^2} multiply-adds. Not thread-safe; reuse one instance per thread via {@link #clear()}.
 */
public final class VoteMap {

  private static final double TRUNCATION_SIGMAS = 3.0;

  private final double step;
  private final double sigma;
  private final int n;
  private final double[] map;
  private final double[] gx;
  private final double[] gy;
  // Bounding box of the cells touched since the last clear (empty when rowMin > rowMax).
  private int rowMin;
  private int rowMax;
  private int colMin;
  private int colMax;

  /**
   * @param step grid step, pixels ({@code > 0})
   * @param sigma kernel sigma, pixels ({@code > 0})
   */
  public VoteMap(double step, double sigma) {
    if (!(step > 0) || !(sigma > 0)) {
      throw new IllegalArgumentException(
          "Vote map step " + step + " and sigma " + sigma + " must both be > 0");
    }
    this.step = step;
    this.sigma = sigma;
    this.n = (int) Math.floor((ImagePlane.SIZE - 1) / step) + 1;
    this.map = new double[n * n];
    this.gx = new double[n];
    this.gy = new double[n];
    resetBox();
  }

  private void resetBox() {
    rowMin = n;
    rowMax = -1;
    colMin = n;
    colMax = -1;
  }

  /** Number of grid cells per side. */
  public int cellsPerSide() {
    return n;
  }

  /** Removes all votes. */
  public void clear() {
    for (int i = rowMin; i <= rowMax; i++) {
      java.util.Arrays.fill(map, i * n + colMin, i * n + colMax + 1, 0.0);
    }
    resetBox();
  }

  /** Adds a vote of {@code mass} for plane position {@code (x, y)}; may lie outside the plane. */
  public void add(double x, double y, double mass) {
    if (mass == 0) {
      return;
    }
    double reach = TRUNCATION_SIGMAS * sigma;
    int j0 = Math.max(0, (int) Math.ceil((x - reach) / step));
    int j1 = Math.min(n - 1, (int) Math.floor((x + reach) / step));
    int i0 = Math.max(0, (int) Math.ceil((y - reach) / step));
    int i1 = Math.min(n - 1, (int) Math.floor((y + reach) / step));
    if (j0 > j1 || i0 > i1) {
      return;
    }
    rowMin = Math.min(rowMin, i0);
    rowMax = Math.max(rowMax, i1);
    colMin = Math.min(colMin, j0);
    colMax = Math.max(colMax, j1);
    double inv = 1.0 / (2 * sigma * sigma);
    for (int j = j0; j <= j1; j++) {
      double d = j * step - x;
      gx[j] = Math.exp(-d * d * inv);
    }
    for (int i = i0; i <= i1; i++) {
      double d = i * step - y;
      gy[i] = mass * Math.exp(-d * d * inv);
    }
    for (int i = i0; i <= i1; i++) {
      double wy = gy[i];
      int row = i * n;
      for (int j = j0; j <= j1; j++) {
        map[row + j] += wy * gx[j];
      }
    }
  }

  /** Value of grid cell (row i, column j). */
  public double value(int i, int j) {
    return map[i * n + j];
  }

  /**
   * The maximum of the map. Ties go to the first cell in row-major order. With {@code refine}, the
   * position moves by the vertex of a parabola through the cell and its two neighbours, per axis
   * (at most half a step); the value stays the grid maximum.
   */
  public Peak peak(boolean refine) {
    // Cells outside the touched box are 0, so the first positive maximum lies inside it; an empty
    // map reports cell 0 with value 0.
    int best = 0;
    for (int i = rowMin; i <= rowMax; i++) {
      for (int k = i * n + colMin; k <= i * n + colMax; k++) {
        if (map[k] > map[best]) {
          best = k;
        }
      }
    }
    int i = best / n;
    int j = best % n;
    double x = j * step;
    double y = i * step;
    if (refine && map[best] > 0) {
      if (j > 0 && j < n - 1) {
        x += step * vertex(map[best - 1], map[best], map[best + 1]);
      }
      if (i > 0 && i < n - 1) {
        y += step * vertex(map[best - n], map[best], map[best + n]);
      }
    }
    return new Peak(x, y, map[best]);
  }

  private static double vertex(double left, double mid, double right) {
    double curvature = left - 2 * mid + right;
    if (curvature >= 0) {
      return 0;
    }
    double shift = 0.5 * (left - right) / curvature;
    return Math.max(-0.5, Math.min(0.5, shift));
  }

  /**
   * A map maximum.
   *
   * @param x plane x, pixels
   * @param y plane y, pixels
   * @param value map value at the maximum cell
   */
  public record Peak(double x, double y, double value) {}
}
