package io.xgraph.learner.em;

import java.util.Arrays;

/**
 * Steps 2-4 for the nodes of one filter: {@link #image} runs the prior and the E-step on one image
 * and accumulates the M-step sums, {@link #mStep} applies them. The work is split into small
 * methods so the JIT compiles (and, when a layer takes another branch, recompiles) each piece
 * quickly instead of one large loop nest.
 */
final class FilterEm {
  // The layer's state this filter reads and writes (the same arrays, not copies).
  private final LayerLearner layer;
  private final LearnerParameters p;
  private final float[][] resp;
  private final int nodesPerFilter;
  private final int channels;
  private final int h;
  private final int w;
  private final int images;
  private final double side;
  private final double[] muRow;
  private final double[] muCol;
  private final double[] sigma;
  private final int[][] parents;
  private final float[] recRow;
  private final float[] recCol;
  private final float[] recScore;
  private final double[] priorRow;
  private final double[] priorCol;
  private final double[] priorSigma;
  private final double[] priorLambda;
  private final long[] positiveColumns;
  private final int c;
  private final boolean withParents;
  private final int grid;
  private final int cand;
  private final int n;
  private final int off;
  private final double[][] offs;
  private final double[] gv;
  private final double[] gTable;
  private final double[] tableSigma;
  private final double[] gcol;
  // Candidate rows depend only on the row offset and columns only on the column offset, so
  // they (and their bilinear corners and weights) are kept per axis: grid values, not grid^2.
  private final double[] rowQ;
  private final double[] colQ;
  private final double[] cenR;
  private final double[] cenC;
  private final double[] st;
  private final double[] lam;
  private final int[] positive;
  private final boolean[] active;
  private final MixtureDensity.SparseMixture mixture;
  private final int[] cr0;
  private final int[] cr1;
  private final int[] ci0;
  private final int[] ci1;
  private final double[] cfc;
  private final double[] comfc;
  // per column offset b of the node in hand: o[b]^2 and the candidate column minus the centre
  private final double[] colSq;
  private final double[] colShift;
  private final double[] sumW;
  private final double[] sumWR;
  private final double[] sumWC;
  private final double[] sS;
  private final double[] sSR;
  private final double[] sSC;
  private final double[] sSQ;
  private final InferenceScore rule;
  private final SigmaEstimate sigmaRule;
  // release sigma: sum over candidates and images of G R and of G R |o|^2 per node
  private final double[] sGr;
  private final double[] sGrQ;

  FilterEm(LayerLearner layer, int c, boolean withParents) {
    this.layer = layer;
    this.p = layer.p;
    this.resp = layer.resp;
    this.nodesPerFilter = layer.nodesPerFilter;
    this.channels = layer.channels;
    this.h = layer.h;
    this.w = layer.w;
    this.images = layer.images;
    this.side = layer.side;
    this.muRow = layer.muRow;
    this.muCol = layer.muCol;
    this.sigma = layer.sigma;
    this.parents = layer.parents;
    this.recRow = layer.recRow;
    this.recCol = layer.recCol;
    this.recScore = layer.recScore;
    this.priorRow = layer.priorRow;
    this.priorCol = layer.priorCol;
    this.priorSigma = layer.priorSigma;
    this.priorLambda = layer.priorLambda;
    this.positiveColumns = layer.positiveColumns;
    this.c = c;
    this.withParents = withParents;
    grid = p.candidateGrid();
    cand = grid * grid;
    n = nodesPerFilter;
    off = c * h * w;
    offs = new double[n][];
    for (int v = 0; v < n; v++) {
      offs[v] = Kernels.candidateOffsets(side, sigma[c * n + v], p);
    }
    gv = new double[n * cand];
    gTable = new double[n * cand];
    tableSigma = new double[n];
    gcol = new double[grid];
    Arrays.fill(tableSigma, Double.NaN);
    rowQ = new double[n * grid];
    colQ = new double[n * grid];
    cenR = new double[n];
    cenC = new double[n];
    st = new double[n];
    lam = new double[n];
    positive = positiveColumns == null ? new int[(h + 1) * (w + 1)] : null;
    active = new boolean[n];
    mixture = new MixtureDensity.SparseMixture(h, w, n);
    cr0 = new int[grid];
    cr1 = new int[grid];
    ci0 = new int[grid];
    ci1 = new int[grid];
    cfc = new double[grid];
    comfc = new double[grid];
    colSq = new double[grid];
    colShift = new double[grid];
    sumW = new double[n];
    sumWR = new double[n];
    sumWC = new double[n];
    sS = new double[n];
    sSR = new double[n];
    sSC = new double[n];
    sSQ = new double[n];
    rule = p.inferenceScore();
    sigmaRule = p.sigmaEstimate();
    sGr = new double[n];
    sGrQ = new double[n];
    if (!withParents) {
      // without parents every node's prior is the same on every image: its Gaussian factors per
      // row and column of the map are tabulated once for the mixture density
      for (int v = 0; v < n; v++) {
        int g = c * n + v;
        cenR[v] = muRow[g];
        cenC[v] = muCol[g];
        st[v] = Kernels.rootPriorWidth(side, sigma[g], p);
        lam[v] = 1;
      }
      mixture.tabulate(cenR, cenC, st, lam);
      // and so is the mixture density: computed once on every cell (each cell the same float
      // sum as on the cells one image needs), not per image
      mixture.clearCells();
      for (int r = 0; r < h; r++) {
        mixture.needRow(r);
      }
      for (int col = 0; col < w; col++) {
        mixture.needCol(col);
      }
      mixture.computeFromTables();
      for (int v = 0; v < n; v++) {
        prior(v, 0);
      }
    }
  }

  /** sum_o G over the filter's nodes on every image (for the layer's noise component). */
  double[] priorSums() {
    double[] out = new double[images];
    if (!withParents) {
      // the priors (set up in the constructor) are the same on every image, so is their sum
      Arrays.fill(out, priorTotal());
      return out;
    }
    for (int i = 0; i < images; i++) {
      for (int v = 0; v < n; v++) {
        prior(v, i);
      }
      out[i] = priorTotal();
    }
    return out;
  }

  /**
   * sum_o G over the filter's nodes from {@link #gv}, added one by one in node and candidate order
   * (the float sum the single prior-and-sum loop gave before it was split off).
   */
  private double priorTotal() {
    double gTotal = 0;
    int end = n * cand;
    for (int k = 0; k < end; k++) {
      gTotal += gv[k];
    }
    return gTotal;
  }

  /**
   * The prior, E-step and M-step sums of every node of the filter on image i; {@code layerTau} is
   * the layer's tau_I of the image, NaN to take it from this filter ({@link
   * Departure#FILTER_NOISE}).
   */
  void image(int i, double layerTau) {
    if (withParents) {
      for (int v = 0; v < n; v++) {
        prior(v, i);
      }
    }
    float[] r = resp[i];
    if (!markActive(r, i)) {
      return;
    }
    // noise component V_none: tau_I = tau * mean of sum_o G over the layer's (or the filter's)
    // nodes
    double tauI = Double.isNaN(layerTau) ? p.tau() * priorTotal() / n : layerTau;
    // mixture denominator sum_{V'} G_V'(p), only on the cells the candidates read
    if (withParents) {
      mixture.compute(cenR, cenC, st, lam);
    }
    for (int v = 0; v < n; v++) {
      if (active[v]) {
        eStep(v, i, r, tauI);
      }
    }
  }

  /**
   * Step 2: node v's prior on image i, its candidates and G there ({@link #gv}). Without parents
   * none of it depends on the image: the constructor runs it once for every node.
   */
  private void prior(int v, int i) {
    int g = c * n + v;
    if (withParents) {
      // the parents' part of the prior is fixed while the parents are (see cachePriors)
      int pi = g * images + i;
      cenR[v] = muRow[g] + priorRow[pi];
      cenC[v] = muCol[g] + priorCol[pi];
      st[v] = priorSigma[pi];
      lam[v] = priorLambda[pi];
    }
    double[] o = offs[v];
    int k = v * cand;
    if (st[v] != tableSigma[v]) {
      // sigma~ is fixed per node within an iteration: tabulate N(o; 0, sigma~^2) once
      tableSigma[v] = st[v];
      int t0 = k;
      for (double orow : o) {
        for (double ocol : o) {
          gTable[t0++] = Kernels.normal2(orow, ocol, st[v]);
        }
      }
    }
    double rMax = o[o.length - 1];
    boolean inside =
        cenR[v] - rMax >= 0
            && cenR[v] + rMax <= h - 1
            && cenC[v] - rMax >= 0
            && cenC[v] + rMax <= w - 1;
    int ka = v * grid;
    for (int a = 0; a < grid; a++) {
      rowQ[ka + a] = Kernels.clamp(cenR[v] + o[a], h - 1);
      colQ[ka + a] = Kernels.clamp(cenC[v] + o[a], w - 1);
    }
    if (inside) {
      double lv = lam[v];
      for (int q = k; q < k + cand; q++) {
        gv[q] = lv * gTable[q];
      }
    } else {
      // clamped at the border: the Gaussian is separable, so 2 x grid exponentials suffice
      double norm = lam[v] / (2 * Math.PI * st[v] * st[v]);
      double inv2s2 = 1 / (2 * st[v] * st[v]);
      for (int b = 0; b < grid; b++) {
        double cc = colQ[ka + b];
        gcol[b] = Math.exp(-(cc - cenC[v]) * (cc - cenC[v]) * inv2s2);
      }
      for (int a = 0; a < grid; a++) {
        double rr = rowQ[ka + a];
        double gr = Math.exp(-(rr - cenR[v]) * (rr - cenR[v]) * inv2s2);
        for (int b = 0; b < grid; b++) {
          gv[k] = norm * gr * gcol[b];
          k++;
        }
      }
    }
  }

  /**
   * Marks the nodes whose candidate window (bilinear corners included) holds a positive F and the
   * mixture cells they read; returns whether any node is active. The others score 0 at every
   * candidate and get omega = 0: their exact E-step result is the first candidate with score 0 and
   * no M-step contribution, so neither they nor the mixture density there are evaluated. The
   * layer's column masks (or, for maps wider than 64, prefix counts of positive cells) answer "any
   * F > 0 in this box" without reading the box.
   */
  private boolean markActive(float[] r, int i) {
    if (positive != null) {
      PositiveCells.positivePrefixCounts(r, off, h, w, positive);
    }
    int maskBase = (i * channels + c) * h;
    if (withParents) {
      mixture.clearCells();
    }
    boolean anyActive = false;
    for (int v = 0; v < n; v++) {
      int ka = v * grid;
      int r0 = (int) rowQ[ka];
      int r1 = Math.min((int) rowQ[ka + grid - 1] + 1, h - 1);
      int c0 = (int) colQ[ka];
      int c1 = Math.min((int) colQ[ka + grid - 1] + 1, w - 1);
      active[v] =
          positive == null
              ? PositiveCells.anyPositive(positiveColumns, maskBase, r0, r1, c0, c1)
              : PositiveCells.anyPositive(positive, w, r0, r1, c0, c1);
      if (active[v]) {
        anyActive = true;
        if (!withParents) {
          continue; // the density is there on every cell
        }
        for (int a = 0; a < grid; a++) {
          int rr = (int) rowQ[ka + a];
          mixture.needRow(rr);
          mixture.needRow(Math.min(rr + 1, h - 1));
          int cc = (int) colQ[ka + a];
          mixture.needCol(cc);
          mixture.needCol(Math.min(cc + 1, w - 1));
        }
      } else {
        int g = c * n + v;
        recRow[g * images + i] = (float) rowQ[ka];
        recCol[g * images + i] = (float) colQ[ka];
        recScore[g * images + i] = 0f;
      }
    }
    return anyActive;
  }

  /** Step 3 for active node v on image i: responsibilities, omega = q * R, inferred position. */
  private void eStep(int v, int i, float[] r, double tauI) {
    float[] dens = mixture.density;
    int nc = mixture.colCount();
    int g = c * n + v;
    int ka = v * grid;
    for (int b = 0; b < grid; b++) {
      double qc = colQ[ka + b];
      int c0 = (int) qc;
      int c1 = Math.min(c0 + 1, w - 1);
      cfc[b] = qc - c0;
      comfc[b] = 1 - cfc[b];
      cr0[b] = c0;
      cr1[b] = c1;
      ci0[b] = mixture.colIndex(c0);
      ci1[b] = mixture.colIndex(c1);
      colSq[b] = offs[v][b] * offs[v][b];
      colShift[b] = qc - cenC[v];
    }
    boolean squared = rule == InferenceScore.SQUARED;
    double centreRow = cenR[v];
    double bestScore = -1;
    double bestGr = 0;
    double bestR = cenR[v];
    double bestC = cenC[v];
    double topRv = -1;
    double topR = cenR[v];
    double topC = cenC[v];
    double accW = sumW[v];
    double accWR = sumWR[v];
    double accWC = sumWC[v];
    double accGr = sGr[v];
    double accGrQ = sGrQ[v];
    double[] o = offs[v];
    int k = v * cand;
    for (int a = 0; a < grid; a++) {
      // one set of bilinear weights serves R and the mixture density
      double qr = rowQ[ka + a];
      int r0 = (int) qr;
      int r1 = Math.min(r0 + 1, h - 1);
      double fr = qr - r0;
      double omfr = 1 - fr;
      int base0 = off + r0 * w;
      int base1 = off + r1 * w;
      int d0 = mixture.rowIndex(r0) * nc;
      int d1 = mixture.rowIndex(r1) * nc;
      double rowSq = o[a] * o[a];
      double rowShift = qr - centreRow;
      for (int b = 0; b < grid; b++, k++) {
        double fc = cfc[b];
        double omfc = comfc[b];
        double w00 = omfr * omfc;
        double w01 = omfr * fc;
        double w10 = fr * omfc;
        double w11 = fr * fc;
        double rv =
            w00 * r[base0 + cr0[b]]
                + w01 * r[base0 + cr1[b]]
                + w10 * r[base1 + cr0[b]]
                + w11 * r[base1 + cr1[b]];
        double qc = colQ[ka + b];
        if (rv > topRv) {
          topRv = rv;
          topR = qr;
          topC = qc;
        }
        if (rv == 0) {
          // omega = 0 and score 0: nothing to add; only the first candidate can become best
          if (bestScore < 0) {
            bestScore = 0;
            bestGr = 0;
            bestR = qr;
            bestC = qc;
          }
          continue;
        }
        double dv =
            w00 * dens[d0 + ci0[b]]
                + w01 * dens[d0 + ci1[b]]
                + w10 * dens[d1 + ci0[b]]
                + w11 * dens[d1 + ci1[b]];
        double gk = gv[k];
        double q = Kernels.responsibility(gk, dv, tauI);
        double omega = q * rv;
        double gr = gk * rv;
        accGr += gr;
        accGrQ += gr * (rowSq + colSq[b]);
        accW += omega;
        accWR += omega * rowShift;
        accWC += omega * colShift[b];
        // InferenceScore.score, the linear rule's G R being gr itself
        double s = squared ? gk * gk * rv : gr;
        if (s > bestScore) {
          bestScore = s;
          bestGr = gr;
          bestR = qr;
          bestC = qc;
        }
      }
    }
    sumW[v] = accW;
    sumWR[v] = accWR;
    sumWC[v] = accWC;
    sGr[v] = accGr;
    sGrQ[v] = accGrQ;
    recRow[g * images + i] = (float) bestR;
    recCol[g * images + i] = (float) bestC;
    recScore[g * images + i] = (float) Math.max(0, bestScore);
    double er = bestR - cenR[v];
    double ec = bestC - cenC[v];
    double wgt = bestGr;
    if (sigmaRule == SigmaEstimate.RESPONSE) {
      // where the evidence lies relative to the predicted centre, not where the prior pulled
      // the inferred position (the release's estimate narrows sigma_V by its own prior)
      er = topR - cenR[v];
      ec = topC - cenC[v];
      wgt = Math.max(0, topRv);
    }
    sS[v] += wgt;
    sSR[v] += wgt * er;
    sSC[v] += wgt * ec;
    sSQ[v] += wgt * (er * er + ec * ec);
  }

  /**
   * Step 4: M-step. mu_V moves by eta * sigma_min^2 * sum omega o / sigma~^2 / sum omega with
   * sigma_min = (the layer's smallest sigma~, {@code minWidth}) / t^0.25 [release]: a mean shift
   * damped by t^-0.5 and by (minWidth / sigma~)^2 for nodes with wider priors. Under {@link
   * Departure#NODE_STEP} sigma_min is the node's own sigma~ / t^0.25.
   */
  void mStep(int t, double minWidth) {
    double decay = p.eta() * Math.pow(t, -2 * p.sigmaMinDecayExponent());
    boolean nodeStep = p.departs(Departure.NODE_STEP);
    for (int v = 0; v < n; v++) {
      int g = c * n + v;
      if (sumW[v] > 0) {
        double ratio = nodeStep ? 1 : minWidth / st[v];
        double step = decay * ratio * ratio;
        muRow[g] = Kernels.clamp(muRow[g] + step * sumWR[v] / sumW[v], h - 1);
        muCol[g] = Kernels.clamp(muCol[g] + step * sumWC[v] / sumW[v], w - 1);
      }
      if (sigmaRule == SigmaEstimate.SOFT) {
        if (sGr[v] > 0) {
          // uncentred 2-D rms of every candidate offset, weighted by G R [release updateModel]
          sigma[g] = layer.clampSigma(Math.sqrt(sGrQ[v] / sGr[v]));
        }
      } else if (sS[v] > 0) {
        double mr = sSR[v] / sS[v];
        double mc = sSC[v] / sS[v];
        double var = (sSQ[v] / sS[v] - mr * mr - mc * mc) / 2;
        sigma[g] = layer.clampSigma(Math.sqrt(Math.max(var, 0)));
      }
    }
  }
}
