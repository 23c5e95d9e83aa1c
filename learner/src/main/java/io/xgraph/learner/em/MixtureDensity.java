package io.xgraph.learner.em;

/**
 * The mixture density of a filter's nodes over a map (the denominator of the E-step's
 * responsibilities, docs/algorithm.md step 2), on the full map, on a box, or on the sparse cells
 * the bilinear samples read. Positions are in cells (fractional row, col) of one layer's map.
 */
final class MixtureDensity {

  private MixtureDensity() {}

  /**
   * The mixture density sum_V lambda_V N(p; centre_V, sigma_V^2) of a filter's nodes at every cell
   * of an h x w map (the denominator of the responsibilities), built from separable Gaussians.
   * {@code gx} is scratch of length w.
   */
  static void mixtureDensity(
      int n,
      double[] centreRow,
      double[] centreCol,
      double[] sigma,
      double[] lambda,
      int h,
      int w,
      float[] dens,
      float[] gx) {
    mixtureDensity(n, centreRow, centreCol, sigma, lambda, h, w, 0, h - 1, 0, w - 1, dens, gx);
  }

  /**
   * The same density on the cells of rows [r0, r1] and columns [c0, c1] only (the other cells of
   * {@code dens} are left as they are); the values there equal those of the full-map version.
   */
  static void mixtureDensity(
      int n,
      double[] centreRow,
      double[] centreCol,
      double[] sigma,
      double[] lambda,
      int h,
      int w,
      int r0,
      int r1,
      int c0,
      int c1,
      float[] dens,
      float[] gx) {
    for (int row = r0; row <= r1; row++) {
      java.util.Arrays.fill(dens, row * w + c0, row * w + c1 + 1, 0f);
    }
    for (int v = 0; v < n; v++) {
      double s2 = 2 * sigma[v] * sigma[v];
      double amp = lambda[v] / (Math.PI * s2);
      boolean colsComputed = false;
      for (int row = r0; row <= r1; row++) {
        double d = row - centreRow[v];
        double a = amp * Math.exp(-d * d / s2);
        if (a < 1e-30) {
          continue;
        }
        if (!colsComputed) {
          // the column factors only when some row of this node contributes
          for (int col = c0; col <= c1; col++) {
            double e = col - centreCol[v];
            gx[col] = (float) Math.exp(-e * e / s2);
          }
          colsComputed = true;
        }
        // float x float over a contiguous row: vectorised by the JIT (dens is float anyway)
        float af = (float) a;
        int rb = row * w;
        for (int col = c0; col <= c1; col++) {
          dens[rb + col] += af * gx[col];
        }
      }
    }
  }

  /**
   * The mixture density of {@link #mixtureDensity} on a sparse set of cells: the rows and columns
   * the E-step's bilinear samples read (marked with {@link #needRow}/{@link #needCol} after {@link
   * #clearCells}), stored compactly as {@code density[rowIndex(r) * colCount() + colIndex(c)]}.
   * Each cell's value is the same float sum in the same node order as the full-map version, so the
   * values are identical; only cells no candidate reads are skipped. When the nodes' priors are the
   * same on every image (no parents), {@link #tabulate} computes the Gaussian factors once and
   * {@link #computeFromTables} reuses them.
   */
  static final class SparseMixture {
    final float[] density;
    private final int h;
    private final int w;
    private final int n;
    private final boolean[] rowNeeded;
    private final boolean[] colNeeded;
    private final int[] rowIdx;
    private final int[] colIdx;
    private final int[] rows;
    private final int[] cols;
    private final float[] gx;
    private final double[] rowRun;
    private final double[] colRun;
    private int nr;
    private int nc;
    private float[] rowTable;
    private float[] colTable;

    SparseMixture(int h, int w, int n) {
      this.h = h;
      this.w = w;
      this.n = n;
      density = new float[h * w];
      rowNeeded = new boolean[h];
      colNeeded = new boolean[w];
      rowIdx = new int[h];
      colIdx = new int[w];
      rows = new int[h];
      cols = new int[w];
      gx = new float[w];
      rowRun = new double[h];
      colRun = new double[w];
    }

    void clearCells() {
      java.util.Arrays.fill(rowNeeded, false);
      java.util.Arrays.fill(colNeeded, false);
    }

    void needRow(int r) {
      rowNeeded[r] = true;
    }

    void needCol(int c) {
      colNeeded[c] = true;
    }

    int rowIndex(int r) {
      return rowIdx[r];
    }

    int colIndex(int c) {
      return colIdx[c];
    }

    int colCount() {
      return nc;
    }

    private void layout() {
      nr = 0;
      for (int r = 0; r < h; r++) {
        rowIdx[r] = rowNeeded[r] ? nr : -1;
        if (rowNeeded[r]) {
          rows[nr++] = r;
        }
      }
      nc = 0;
      for (int c = 0; c < w; c++) {
        colIdx[c] = colNeeded[c] ? nc : -1;
        if (colNeeded[c]) {
          cols[nc++] = c;
        }
      }
      java.util.Arrays.fill(density, 0, nr * nc, 0f);
    }

    /**
     * The density on the needed cells for nodes with these priors (as in mixtureDensity, to float
     * rounding): each node's Gaussian factors along the rows and columns come from {@link
     * #gaussianRun}, a few exponentials per axis instead of one per cell.
     */
    void compute(double[] centreRow, double[] centreCol, double[] sigma, double[] lambda) {
      layout();
      for (int v = 0; v < n; v++) {
        double s2 = 2 * sigma[v] * sigma[v];
        double amp = lambda[v] / (Math.PI * s2);
        gaussianRun(centreRow[v], s2, h, rowRun);
        boolean colsComputed = false;
        for (int ri = 0; ri < nr; ri++) {
          double a = amp * rowRun[rows[ri]];
          if (a < 1e-30) {
            continue;
          }
          if (!colsComputed) {
            gaussianRun(centreCol[v], s2, w, colRun);
            for (int ci = 0; ci < nc; ci++) {
              gx[ci] = (float) colRun[cols[ci]];
            }
            colsComputed = true;
          }
          addRow(ri, (float) a);
        }
      }
    }

    /** Tabulates every node's row and column factors for priors fixed over the images. */
    void tabulate(double[] centreRow, double[] centreCol, double[] sigma, double[] lambda) {
      rowTable = new float[n * h];
      colTable = new float[n * w];
      for (int v = 0; v < n; v++) {
        double s2 = 2 * sigma[v] * sigma[v];
        double amp = lambda[v] / (Math.PI * s2);
        for (int r = 0; r < h; r++) {
          double d = r - centreRow[v];
          double a = amp * Math.exp(-d * d / s2);
          // 0 marks the rows mixtureDensity skips (a < 1e-30); (float) a > 0 otherwise
          rowTable[v * h + r] = a < 1e-30 ? 0f : (float) a;
        }
        for (int c = 0; c < w; c++) {
          double e = c - centreCol[v];
          colTable[v * w + c] = (float) Math.exp(-e * e / s2);
        }
      }
    }

    /** As {@link #compute} with the factors of the last {@link #tabulate}. */
    void computeFromTables() {
      layout();
      for (int v = 0; v < n; v++) {
        boolean colsComputed = false;
        for (int ri = 0; ri < nr; ri++) {
          float af = rowTable[v * h + rows[ri]];
          if (af == 0f) {
            continue;
          }
          if (!colsComputed) {
            for (int ci = 0; ci < nc; ci++) {
              gx[ci] = colTable[v * w + cols[ci]];
            }
            colsComputed = true;
          }
          addRow(ri, af);
        }
      }
    }

    private void addRow(int ri, float af) {
      // float x float over a contiguous row: vectorised by the JIT
      int base = ri * nc;
      for (int ci = 0; ci < nc; ci++) {
        density[base + ci] += af * gx[ci];
      }
    }
  }

  /**
   * exp(-(k - centre)^2 / s2) for k = 0 .. n-1 into {@code out}, from the cell nearest the centre
   * outwards: consecutive values differ by a factor whose own ratio is the constant exp(-2 / s2),
   * so three exponentials serve the whole run (relative error below 1e-11, far below the float
   * density it feeds). Values below 1e-200 end the run (the rest is 0), so the products never reach
   * subnormal numbers.
   */
  static void gaussianRun(double centre, double s2, int n, double[] out) {
    int k0 = (int) Math.round(Kernels.clamp(centre, n - 1));
    double x0 = k0 - centre;
    double e0 = Math.exp(-x0 * x0 / s2);
    double q = Math.exp(-2 / s2);
    out[k0] = e0;
    // upwards: e(k+1) = e(k) * exp(-(2 (k - centre) + 1) / s2)
    double e = e0;
    double ratio = Math.exp(-(2 * x0 + 1) / s2);
    int k = k0 + 1;
    for (; k < n && e > 1e-200; k++) {
      e *= ratio;
      out[k] = e;
      ratio *= q;
    }
    java.util.Arrays.fill(out, k, n, 0);
    // downwards: e(k-1) = e(k) * exp((2 (k - centre) - 1) / s2)
    e = e0;
    ratio = Math.exp((2 * x0 - 1) / s2);
    k = k0 - 1;
    for (; k >= 0 && e > 1e-200; k--) {
      e *= ratio;
      out[k] = e;
      ratio *= q;
    }
    java.util.Arrays.fill(out, 0, k + 1, 0);
  }
}
