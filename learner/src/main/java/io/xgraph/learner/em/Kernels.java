package io.xgraph.learner.em;

/**
 * The small numeric pieces shared by learning and inference (docs/algorithm.md, steps 2-3). All
 * positions here are in cells (fractional row, col) of one layer's map.
 */
final class Kernels {

  private static final double TWO_PI = 2 * Math.PI;

  private Kernels() {}

  /** sigma_max = 1 / sqrt(rho) cells [release]. */
  static double sigmaMax(double rho) {
    return 1.0 / Math.sqrt(rho);
  }

  /** Side S of a layer's map; the geometric mean of height and width for non-square maps. */
  static double side(int height, int width) {
    return Math.sqrt((double) height * width);
  }

  /** Candidate half-range r = round(min(fraction * S, sigmas * sigma_V)), at least one cell. */
  static int searchRadius(double side, double sigma, LearnerParameters p) {
    long r = Math.round(Math.min(p.searchRangeFraction() * side, p.searchRangeSigmas() * sigma));
    return (int) Math.max(1, r);
  }

  /** The candidate offsets along one axis: {@code grid} points evenly spread over [-r, r]. */
  static double[] offsets(int grid, double r) {
    double[] o = new double[grid];
    for (int k = 0; k < grid; k++) {
      o[k] = -r + 2 * r * k / (grid - 1);
    }
    return o;
  }

  /**
   * The candidate offsets along one axis [release, getBasicSettings.m]: the centres of {@code grid}
   * equal cells splitting [-r, r], e.g. +-r/6, +-3r/6, +-5r/6 for a grid of 6.
   */
  static double[] interiorOffsets(int grid, double r) {
    double[] o = new double[grid];
    for (int k = 0; k < grid; k++) {
      o[k] = -r + r * (2 * k + 1) / grid;
    }
    return o;
  }

  /** The candidate offsets of a node with deformation {@code sigma} (cells) on a map of side S. */
  static double[] candidateOffsets(double side, double sigma, LearnerParameters p) {
    int r = searchRadius(side, sigma, p);
    return p.departs(Departure.END_POINT_CANDIDATES)
        ? offsets(p.candidateGrid(), r)
        : interiorOffsets(p.candidateGrid(), r);
  }

  /**
   * Width (cells) of the prior G of a node without parents: fixed at initialSigmaFraction * S
   * [release, getCurDistribution.m], or the node's own sigma_V under {@link
   * Departure#OWN_SIGMA_PRIOR}.
   */
  static double rootPriorWidth(double side, double ownSigma, LearnerParameters p) {
    return p.departs(Departure.OWN_SIGMA_PRIOR) ? ownSigma : p.initialSigmaFraction() * side;
  }

  /**
   * R: F = beta * max(f, 0) smoothed per channel by a normalised Gaussian of {@code sigma} cells
   * (separable). {@code out} and {@code tmp} have the length of {@code f}; {@code out} may be
   * {@code f} itself (f is read only by the first pass, into tmp).
   */
  static void responseMap(
      float[] f, int channels, int h, int w, double beta, double sigma, float[] out, float[] tmp) {
    responseMap(f, 0, channels, h, w, beta, sigma, out, tmp);
  }

  /**
   * {@link #responseMap} on channels [c0, c1) only (each channel is smoothed on its own, so ranges
   * can run in parallel on the same arrays).
   */
  static void responseMap(
      float[] f,
      int c0,
      int c1,
      int h,
      int w,
      double beta,
      double sigma,
      float[] out,
      float[] tmp) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int k = -radius; k <= radius; k++) {
      kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
      sum += kernel[k + radius];
    }
    for (int k = 0; k < kernel.length; k++) {
      kernel[k] /= sum;
    }
    int plane = h * w;
    for (int c = c0; c < c1; c++) {
      int base = c * plane;
      // rows: horizontal pass into tmp
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int k = -radius; k <= radius; k++) {
            int xx = x + k;
            if (xx >= 0 && xx < w) {
              float v = f[base + y * w + xx];
              if (v > 0) {
                acc += kernel[k + radius] * v;
              }
            }
          }
          tmp[base + y * w + x] = (float) (beta * acc);
        }
      }
      // columns: vertical pass into out (zero padding outside the map)
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double acc = 0;
          for (int k = -radius; k <= radius; k++) {
            int yy = y + k;
            if (yy >= 0 && yy < h) {
              acc += kernel[k + radius] * tmp[base + yy * w + x];
            }
          }
          out[base + y * w + x] = (float) acc;
        }
      }
    }
  }

  /** Bilinear sample of the plane starting at {@code off} at (row, col), clamped to the map. */
  static double bilinear(float[] map, int off, int h, int w, double row, double col) {
    if (row < 0) {
      row = 0;
    } else if (row > h - 1) {
      row = h - 1;
    }
    if (col < 0) {
      col = 0;
    } else if (col > w - 1) {
      col = w - 1;
    }
    int r0 = (int) row;
    int c0 = (int) col;
    int r1 = Math.min(r0 + 1, h - 1);
    int c1 = Math.min(c0 + 1, w - 1);
    double fr = row - r0;
    double fc = col - c0;
    double top = map[off + r0 * w + c0] * (1 - fc) + map[off + r0 * w + c1] * fc;
    double bottom = map[off + r1 * w + c0] * (1 - fc) + map[off + r1 * w + c1] * fc;
    return top * (1 - fr) + bottom * fr;
  }

  /** Isotropic 2-D normal density of an offset (dr, dc) with standard deviation s. */
  static double normal2(double dr, double dc, double s) {
    double s2 = s * s;
    return Math.exp(-(dr * dr + dc * dc) / (2 * s2)) / (TWO_PI * s2);
  }

  /**
   * Prior of a node from its parents (paper eq. 3-4 and footnote 4). Parent k implies the centre
   * (impliedRow[k], impliedCol[k]) = mu_V + (p_V' - mu_V') in child cells, with deformation
   * parentSigma[k] (child cells). The product of the M Gaussians, each to the power 1/M, equals
   * lambda * N(p; centre, sigma~^2) with weights w' = 1 / (M sigma'^2), centre = sum w' m' / sum
   * w', sigma~^2 = 1 / sum w' and lambda = sigma~^2 / geomean(sigma'^2) * exp(-sum w' |m' -
   * centre|^2 / 2): the per-image agreement of the parents. Writes {centreRow, centreCol,
   * sigmaTilde, lambda}.
   */
  static void priorFromParents(
      int m, double[] impliedRow, double[] impliedCol, double[] parentSigma, double[] out) {
    double sumW = 0;
    double sumR = 0;
    double sumC = 0;
    double logGeo = 0;
    for (int k = 0; k < m; k++) {
      double s2 = parentSigma[k] * parentSigma[k];
      double wk = 1.0 / (m * s2);
      sumW += wk;
      sumR += wk * impliedRow[k];
      sumC += wk * impliedCol[k];
      logGeo += Math.log(s2) / m;
    }
    double cr = sumR / sumW;
    double cc = sumC / sumW;
    double disagreement = 0;
    for (int k = 0; k < m; k++) {
      double wk = 1.0 / (m * parentSigma[k] * parentSigma[k]);
      double dr = impliedRow[k] - cr;
      double dc = impliedCol[k] - cc;
      disagreement += wk * (dr * dr + dc * dc);
    }
    double sigmaTilde2 = 1.0 / sumW;
    out[0] = cr;
    out[1] = cc;
    out[2] = Math.sqrt(sigmaTilde2);
    out[3] = Math.exp(Math.log(sigmaTilde2) - logGeo - disagreement / 2);
  }

  /**
   * {@link #priorFromParents} split into the part that depends only on the parents' sigmas (set
   * once per node with {@link #setParents}) and the part that depends on the image ({@link
   * #evaluate} with {@link #impliedRow}/{@link #impliedCol} filled). Every value is computed by the
   * same operations in the same order as {@code priorFromParents}, so the results are identical to
   * the bit; the logarithms and square root leave the per-image loop.
   */
  static final class ParentPrior {
    final double[] impliedRow;
    final double[] impliedCol;
    private final double[] weight;
    private final double[] weightAgain;
    private int m;
    private double sumW;
    private double sigmaTilde;
    private double logRatio;

    ParentPrior(int maxParents) {
      impliedRow = new double[maxParents];
      impliedCol = new double[maxParents];
      weight = new double[maxParents];
      weightAgain = new double[maxParents];
    }

    void setParents(int count, double[] parentSigma) {
      m = count;
      sumW = 0;
      double logGeo = 0;
      for (int k = 0; k < m; k++) {
        double s2 = parentSigma[k] * parentSigma[k];
        weight[k] = 1.0 / (m * s2);
        sumW += weight[k];
        logGeo += Math.log(s2) / m;
        // priorFromParents evaluates this weight a second time with another association
        weightAgain[k] = 1.0 / (m * parentSigma[k] * parentSigma[k]);
      }
      double sigmaTilde2 = 1.0 / sumW;
      sigmaTilde = Math.sqrt(sigmaTilde2);
      logRatio = Math.log(sigmaTilde2) - logGeo;
    }

    /** Writes {centreRow, centreCol, sigmaTilde, lambda} as {@code priorFromParents} does. */
    void evaluate(double[] out) {
      evaluate(m, weight, weightAgain, 0, sumW, sigmaTilde, logRatio, impliedRow, impliedCol, out);
    }

    /**
     * Copies the image-independent part set by {@link #setParents} out, for callers that keep it
     * for many nodes: the weights at {@code [off, off + m)}, then {sumW, sigmaTilde, logRatio} into
     * {@code node[3 * index ..]}.
     */
    void copyTo(double[] weightOut, double[] weightAgainOut, int off, double[] node, int index) {
      System.arraycopy(weight, 0, weightOut, off, m);
      System.arraycopy(weightAgain, 0, weightAgainOut, off, m);
      node[3 * index] = sumW;
      node[3 * index + 1] = sigmaTilde;
      node[3 * index + 2] = logRatio;
    }

    /**
     * {@link #evaluate(double[])} on a node's part kept by {@link #copyTo} (weights from {@code
     * off}): the same operations in the same order.
     */
    static void evaluate(
        int m,
        double[] weight,
        double[] weightAgain,
        int off,
        double sumW,
        double sigmaTilde,
        double logRatio,
        double[] impliedRow,
        double[] impliedCol,
        double[] out) {
      double sumR = 0;
      double sumC = 0;
      for (int k = 0; k < m; k++) {
        sumR += weight[off + k] * impliedRow[k];
        sumC += weight[off + k] * impliedCol[k];
      }
      double cr = sumR / sumW;
      double cc = sumC / sumW;
      double disagreement = 0;
      for (int k = 0; k < m; k++) {
        double dr = impliedRow[k] - cr;
        double dc = impliedCol[k] - cc;
        disagreement += weightAgain[off + k] * (dr * dr + dc * dc);
      }
      out[0] = cr;
      out[1] = cc;
      out[2] = sigmaTilde;
      out[3] = Math.exp(logRatio - disagreement / 2);
    }
  }

  /**
   * Infers one node on one image: evaluates the grid of candidate offsets around the centre, each
   * clamped to the map, and keeps the best by {@code rule}. Writes {row, col, best score, sum of
   * the scores over the candidates, score-weighted mean row, mean col}.
   */
  static void inferNode(
      float[] resp,
      int off,
      int h,
      int w,
      double centreRow,
      double centreCol,
      double sigmaTilde,
      double lambda,
      double[] offsets,
      InferenceScore rule,
      double[] out) {
    double bestScore = -1;
    double sum = 0;
    double sumRow = 0;
    double sumCol = 0;
    double bestRow = clamp(centreRow, h - 1);
    double bestCol = clamp(centreCol, w - 1);
    for (double orow : offsets) {
      double qr = clamp(centreRow + orow, h - 1);
      for (double ocol : offsets) {
        double qc = clamp(centreCol + ocol, w - 1);
        double r = bilinear(resp, off, h, w, qr, qc);
        if (r == 0) {
          // score 0 whatever the prior (which is finite): it can only win as the first candidate,
          // so the exponential is not needed
          if (bestScore < 0) {
            bestScore = 0;
            bestRow = qr;
            bestCol = qc;
          }
          continue;
        }
        double g = lambda * normal2(qr - centreRow, qc - centreCol, sigmaTilde);
        double s = rule.score(g, r);
        sum += s;
        sumRow += s * qr;
        sumCol += s * qc;
        if (s > bestScore) {
          bestScore = s;
          bestRow = qr;
          bestCol = qc;
        }
      }
    }
    out[0] = bestRow;
    out[1] = bestCol;
    out[2] = Math.max(0, bestScore);
    out[3] = sum;
    out[4] = sum > 0 ? sumRow / sum : bestRow;
    out[5] = sum > 0 ? sumCol / sum : bestCol;
  }

  /**
   * Infers one node on one image by scoring every unit of its filter's map (the paper's argmax over
   * the map, {@link InferenceSearch#MAP}): S = rule(lambda N(p; centre, sigma~^2), R(p)) at each
   * cell. The Gaussian is separable, so h + w exponentials per node; rows whose prior has
   * underflowed are skipped. {@code gRow}/{@code gCol} are scratch of length h and w. Writes {row,
   * col, best score, sum of the scores over the map, score-weighted mean row, mean col}.
   */
  static void inferNodeMap(
      float[] resp,
      int off,
      int h,
      int w,
      double centreRow,
      double centreCol,
      double sigmaTilde,
      double lambda,
      InferenceScore rule,
      double[] gRow,
      double[] gCol,
      double[] out) {
    mapFactors(h, w, centreRow, centreCol, sigmaTilde, lambda, gRow, 0, gCol, 0);
    scoreMap(resp, off, h, w, centreRow, centreCol, rule, gRow, 0, gCol, 0, out);
  }

  /**
   * The separable prior of {@link #inferNodeMap}: lambda N(p; centre, sigma~^2) = gRow[row] *
   * gCol[col], written from {@code rowOff} and {@code colOff}. A node without parents has the same
   * factors on every image, so they can be kept.
   */
  static void mapFactors(
      int h,
      int w,
      double centreRow,
      double centreCol,
      double sigmaTilde,
      double lambda,
      double[] gRow,
      int rowOff,
      double[] gCol,
      int colOff) {
    double inv2s2 = 1 / (2 * sigmaTilde * sigmaTilde);
    double norm = lambda / (TWO_PI * sigmaTilde * sigmaTilde);
    for (int r = 0; r < h; r++) {
      double d = r - centreRow;
      gRow[rowOff + r] = norm * Math.exp(-d * d * inv2s2);
    }
    for (int c = 0; c < w; c++) {
      double d = c - centreCol;
      gCol[colOff + c] = Math.exp(-d * d * inv2s2);
    }
  }

  /** The whole-map search of {@link #inferNodeMap} with the prior's factors given. */
  static void scoreMap(
      float[] resp,
      int off,
      int h,
      int w,
      double centreRow,
      double centreCol,
      InferenceScore rule,
      double[] gRow,
      int rowOff,
      double[] gCol,
      int colOff,
      double[] out) {
    double bestScore = -1;
    double sum = 0;
    double sumRow = 0;
    double sumCol = 0;
    int bestRow = (int) Math.round(clamp(centreRow, h - 1));
    int bestCol = (int) Math.round(clamp(centreCol, w - 1));
    for (int r = 0; r < h; r++) {
      double gr = gRow[rowOff + r];
      if (gr < 1e-300) {
        continue;
      }
      int base = off + r * w;
      for (int c = 0; c < w; c++) {
        float rv = resp[base + c];
        if (rv <= 0) {
          continue;
        }
        double s = rule.score(gr * gCol[colOff + c], rv);
        sum += s;
        sumRow += s * r;
        sumCol += s * c;
        if (s > bestScore) {
          bestScore = s;
          bestRow = r;
          bestCol = c;
        }
      }
    }
    out[0] = bestRow;
    out[1] = bestCol;
    out[2] = Math.max(0, bestScore);
    out[3] = sum;
    out[4] = sum > 0 ? sumRow / sum : bestRow;
    out[5] = sum > 0 ? sumCol / sum : bestCol;
  }

  static double clamp(double v, double max) {
    return v < 0 ? 0 : (v > max ? max : v);
  }

  /**
   * exp(x) for x <= 0 as (1 + x / 1024)^1024 (ten squarings, zero below x = -1024): only multiplies
   * and a max, so the JIT vectorises the parent-scoring loop; relative error below 1% for x > -4,
   * where the weights that decide the ranking live.
   */
  static float fastExpNegative(float x) {
    float y = Math.max(1f + x * (1f / 1024f), 0f);
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    y *= y;
    return y;
  }

  /**
   * Responsibility of a node for an activation entity at a point (paper eq. 2-3): its prior density
   * g over the mixture density of its filter's nodes plus the noise component V_none (tauI). The
   * density comes from an interpolated grid, so it is floored at g to keep q within [0, 1].
   */
  static double responsibility(double g, double density, double tauI) {
    // a plain comparison instead of Math.max (whose NaN and -0.0 rules cost instructions in the
    // E-step's inner loop): the same value for the finite, non-negative g and density here
    double denominator = (density > g ? density : g) + tauI;
    return denominator > 0 ? g / denominator : 0;
  }
}
